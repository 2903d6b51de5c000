"""Live participatory workshops: phones in, consensus on the projector, worksheets out.

``core`` holds one module per concept: ``codes`` (room codes, secrets, signed tokens), ``plan``
(rounds and the state machine), ``tally`` (ballots -> consensus through :mod:`townpaths.ranking`),
``groups`` (who sits with whom), ``worksheet`` (solution worksheets and cards). ``formats``
writes the exports; ``service`` reads and writes the database. The live broker that pushes
changes to open views is part of the web layer (:mod:`townpaths.web.live`).
"""
