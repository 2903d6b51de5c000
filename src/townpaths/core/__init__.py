"""The shared vocabulary every layer may use: errors, languages, sectors. Pure Python."""
