"""Partnerships, LTOs and the relationships between them."""
