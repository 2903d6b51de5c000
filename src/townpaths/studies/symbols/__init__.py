"""Study 1: the inventory of symbols of industry and socialism.

``core`` holds the typology, records, field form, Table 1 and the map (pure); ``formats`` the
KoboToolbox/ODK, XLSForm, GeoJSON, sheet and photo formats; ``service`` the database access;
``study`` the descriptor registered in :mod:`townpaths.registry`.
"""
