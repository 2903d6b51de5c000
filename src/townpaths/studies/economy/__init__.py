"""Economic lock-in indicators from employment by firm or NACE sector.

``core`` holds the indicators and their evidence statements (pure); ``formats`` the employment
sheets; ``service`` the database access.
"""
