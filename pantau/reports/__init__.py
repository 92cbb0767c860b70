"""Regional monthly reports: their content, file formats, validation and loading.

This lives in the core so that both the ingestion jobs and the dashboard's upload box go
through the very same validation and loading.
"""
