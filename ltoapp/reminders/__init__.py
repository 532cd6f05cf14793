"""Reminders by email: reviews and actions coming due, overdue or left open."""
