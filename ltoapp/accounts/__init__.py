"""People, and (later) their accounts, invitations and permissions."""
