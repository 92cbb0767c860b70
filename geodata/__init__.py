"""Region reference data, schematic map layouts and the boundary importer."""
