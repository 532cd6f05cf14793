"""The agreed action log and how actions are carried between reviews."""
