"""Read-only reports: what is due, the programme overview, exports and backups."""
