"""Regional report ingestion: template, validation, loading, sources and scheduler."""
