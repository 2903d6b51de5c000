"""Study 3: the social-innovation register (pure logic: typology, periods, tables, records,
moderation). Database access is in :mod:`townpaths.innovations.service`."""
