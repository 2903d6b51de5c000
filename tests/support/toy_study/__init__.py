"""A toy study, added to townpaths the way docs/contributing.md shows: one package plus one
registration. tests/test_registry.py runs it through every layer that reads the registry."""
