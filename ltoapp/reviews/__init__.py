"""Reviews: one run of a workflow for a relationship, with its responses."""
