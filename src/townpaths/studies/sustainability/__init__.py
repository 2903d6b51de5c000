"""Workshop 1: the social-sustainability assessment.

``core`` holds the framework, aggregates and chart (pure); ``formats`` the score sheets;
``service`` the database access.
"""
