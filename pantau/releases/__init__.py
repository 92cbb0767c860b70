"""Data releases (see pantau/releases/store.py)."""
