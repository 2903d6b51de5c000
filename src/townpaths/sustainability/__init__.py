"""Workshop 1: the social-sustainability assessment (pure logic: framework, aggregates, comparisons;
database access in :mod:`townpaths.sustainability.service`)."""
