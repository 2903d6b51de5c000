"""Official documents: text extraction, the heritage/branding lexicon scan and its lock-in evidence."""
