"""Importers and exporters: files in, files out. Each import runs in one transaction."""
