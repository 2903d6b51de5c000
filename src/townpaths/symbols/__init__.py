"""Study 1: the inventory of symbols of industry and socialism (typology, records, field forms, Table 1, map)."""
