"""Workshops in the database. Every function takes a :class:`~townpaths.storage.Database` and runs
one ``db.transaction()``; each change also appends a row to ``workshop_events``, the monotonic
sequence that live views follow, so any worker process sees every change.

:mod:`.running` creates and runs workshops (rounds, groups, ballots), :mod:`.sheets` holds the
worksheets and the end of a workshop, :mod:`.states` reads what each live view shows, and
:mod:`.store` the lookups they share.
"""

from townpaths.studies.workshop.service.running import (
    Ack,
    Created,
    check_link,
    close_round,
    create_workshop,
    facilitator_key,
    find_room,
    join,
    list_workshops,
    move_participant,
    new_facilitator_link,
    open_round,
    set_show_ballots,
    submit_ballot,
)
from townpaths.studies.workshop.service.sheets import add_idea, end_workshop, save_sheet, toggle_dot, town_of
from townpaths.studies.workshop.service.store import events_since, last_seq

__all__ = [
    "Ack",
    "Created",
    "add_idea",
    "check_link",
    "close_round",
    "create_workshop",
    "end_workshop",
    "events_since",
    "facilitator_key",
    "find_room",
    "join",
    "last_seq",
    "list_workshops",
    "move_participant",
    "new_facilitator_link",
    "open_round",
    "save_sheet",
    "set_show_ballots",
    "submit_ballot",
    "toggle_dot",
    "town_of",
]
