"""Workshops in the database. Every function takes a :class:`~townpaths.storage.Database` and runs
one ``db.transaction()``; each change also appends a row to ``workshop_events``, the monotonic
sequence that live views follow, so any worker process sees every change.

:mod:`.setup` creates, finds, lists, archives and deletes workshops; :mod:`.running` runs them
(participants, rounds, groups); :mod:`.ballots` takes ballots; :mod:`.sheets` holds the worksheets;
:mod:`.ending` ends a workshop and stores its result as a ranking run; :mod:`.runs` keeps a town's
runs beside the study's findings (adopt, undo); :mod:`.presence` knows who is connected;
:mod:`.states` reads what each live view shows, and :mod:`.store` the lookups they share.
"""

from townpaths.studies.workshop.service.ballots import Ack, submit_ballot
from townpaths.studies.workshop.service.ending import end_preview, end_workshop
from townpaths.studies.workshop.service.running import (
    close_round,
    join,
    move_participant,
    open_round,
    set_show_ballots,
)
from townpaths.studies.workshop.service.runs import adopt, delete_run, save_file_run, town_runs, undo
from townpaths.studies.workshop.service.setup import (
    Created,
    check_link,
    create_workshop,
    delete_workshop,
    deletion_preview,
    facilitator_key,
    find_room,
    list_workshops,
    new_facilitator_link,
    set_archived,
)
from townpaths.studies.workshop.service.sheets import Saved, add_idea, save_sheet, toggle_dot, town_of
from townpaths.studies.workshop.service.store import events_since, last_seq

__all__ = [
    "Ack",
    "Created",
    "Saved",
    "add_idea",
    "adopt",
    "check_link",
    "close_round",
    "create_workshop",
    "delete_run",
    "delete_workshop",
    "deletion_preview",
    "end_preview",
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
    "save_file_run",
    "save_sheet",
    "set_archived",
    "set_show_ballots",
    "submit_ballot",
    "toggle_dot",
    "town_of",
    "town_runs",
    "undo",
]
