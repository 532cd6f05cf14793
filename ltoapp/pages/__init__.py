"""The home and about pages."""
