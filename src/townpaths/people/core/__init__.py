"""Pure rules about people: no database, no web."""
