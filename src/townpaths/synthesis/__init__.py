"""Pure functions that turn a case's records into the article's tables, figure and evidence."""
