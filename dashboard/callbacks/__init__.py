"""Callbacks of the shell shared by every page (page callbacks live with their pages)."""
