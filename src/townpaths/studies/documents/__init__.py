"""Official documents: the heritage/branding lexicon scan and its lock-in evidence.

``core`` holds the lexicon and the scanner (pure); ``formats`` reads PDF, DOCX, HTML and TXT;
``service`` the database access; ``study`` the descriptor.
"""
