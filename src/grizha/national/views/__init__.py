"""Staff pages of the national catalogue."""
