"""Routes of the contacts inside a contact list (facts §6)."""
