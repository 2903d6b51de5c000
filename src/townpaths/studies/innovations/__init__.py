"""Study 3: the social-innovation register.

``core`` holds the typology, periods, records, tables and moderation (pure); ``formats`` the
CSV/XLSX/JSON register sheets; ``service`` the database access.
"""
