"""The audit trail: who created, changed, agreed or deleted what, and when."""
