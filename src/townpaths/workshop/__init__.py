"""Live participatory workshops (issue #7): phones in, consensus on the projector, worksheets out.

Pure logic lives in one module per concept: :mod:`.codes` (room codes, secrets, signed tokens),
:mod:`.plan` (rounds and the workshop's state machine), :mod:`.tally` (ballots -> the
projector's consensus, through :mod:`townpaths.ranking`), :mod:`.groups` (who sits with whom),
:mod:`.worksheet` (solution worksheets and cards). :mod:`.service` reads and writes the
database; :mod:`.live` pushes changes to open live views.
"""
