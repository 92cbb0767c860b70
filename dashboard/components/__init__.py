"""Reusable building blocks of the dashboard pages (figures, cards, controls)."""
