"""Default codebook of the narrative study and FICTIONAL example interviews for the demo.

The Velenje case has no public transcripts: the three interviews in
``data/qda/example_interviews.json`` were written for the demo and are marked fictional on the
interview, on their (new, fictional) interviewees and in every title. Two coders code them so
that the coding page, Table 2 from coding and inter-coder agreement have something to show.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from townpaths.core.vocab import DEFAULT, FICTIONAL
from townpaths.storage.models import (
    Code,
    Codebook,
    CodedSegment,
    Coder,
    Interview,
    Interviewee,
    Narrative,
    Period,
    Town,
)
from townpaths.storage.search import add_words
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.core.codebook import STATUS_COLOURS, STATUS_SL, STATUSES, default_codebook
from townpaths.studies.qda.core.segments import stored_texts
from townpaths.studies.qda.core.text import normalise

CODEBOOK_NAME = "Narratives of the study (default)"
CREATED = "2026-01-01T00:00:00Z"
#: Why the example interviews and their interviewees exist (their provenance note).
FICTIONAL_NOTE = "written for the demo: the Velenje article publishes no transcripts, so none of this is its data"
#: The codebook a new town starts with, before it has narrative periods of its own.
NEW_TOWN_CODEBOOK = "Narratives (default)"
NEW_TOWN_NOTE = "the method's default codebook: dominant and alternative narratives (Table 2)"


def defaults(session: Session, town: Town) -> None:
    """A new town's codebook: ``dominant`` and ``alternative`` narratives (categories, with their
    Slovene names), marked ``default``. The team adds a code per narrative period and theme under
    them (``dominant/1. <period>/<theme>``), or period codes above them
    (``1. <period>/dominant/<theme>``, as Velenje's codebook has it); narratives are adopted from
    the coded passages of such codes (:mod:`townpaths.studies.qda.service.adopt`)."""
    book = Codebook(
        town_id=town.id,
        name=NEW_TOWN_CODEBOOK,
        description="dominant and alternative narratives; under each, one code per period and narrative theme",
    )
    session.add(book)
    session.flush()
    for position, status in enumerate(STATUSES):
        session.add(
            Code(
                town_id=town.id,
                codebook_id=book.id,
                parent_id=None,
                name=status,
                name_sl=STATUS_SL[status],
                description=f"{status} narratives",
                colour=STATUS_COLOURS[status],
                guid=guids.new(),
                codable=False,
                position=position,
                provenance=DEFAULT,
                provenance_note=NEW_TOWN_NOTE,
            )
        )


def example_data() -> dict[str, Any]:
    ref = resources.files("townpaths") / "data" / "qda" / "example_interviews.json"
    return json.loads(ref.read_text(encoding="utf-8"))


def seed_velenje(session: Session, town: Town) -> None:
    periods = {
        p.id: p for p in session.scalars(select(Period).where(Period.town_id == town.id, Period.scheme == "narratives"))
    }
    narratives = list(session.scalars(select(Narrative).where(Narrative.town_id == town.id)))
    if not periods or not narratives:
        return
    book = Codebook(
        town_id=town.id,
        name=CODEBOOK_NAME,
        description="Periods -> dominant/alternative -> the narrative themes of Table 2",
    )
    session.add(book)
    session.flush()
    spec = default_codebook(
        [
            {"no": p.no, "name_en": p.name_en, "name_sl": p.name_sl, "start_year": p.start_year, "end_year": p.end_year}
            for p in periods.values()
        ],
        [
            {
                "period_no": periods[n.period_id].no,
                "status": n.status,
                "position": n.position,
                "text_en": n.text_en,
                "text_sl": n.text_sl,
            }
            for n in narratives
            if n.period_id in periods
        ],
    )
    ids: dict[str, int] = {}
    theme_code: dict[int, int] = {}
    for item in spec:
        code = Code(
            town_id=town.id,
            codebook_id=book.id,
            parent_id=ids.get(item["parent_guid"]),
            name=item["name"],
            name_sl=item["name_sl"],
            description=item["description"],
            colour=item["colour"],
            guid=item["guid"],
            codable=item["codable"],
            position=item["position"],
            provenance=DEFAULT,
            provenance_note="the method's default codebook, from Table 2",
        )
        session.add(code)
        session.flush()
        ids[item["guid"]] = code.id
        if "narrative_position" in item:
            theme_code[item["narrative_position"]] = code.id
    for n in narratives:
        n.code_id = theme_code.get(n.position)

    data = example_data()
    for name in data["coders"]:
        session.add(Coder(town_id=town.id, name=name, guid=guids.derive("user", name)))
    interviews: dict[str, Interview] = {}
    for item in data["interviews"]:
        person = Interviewee(
            town_id=town.id,
            code=item["interviewee"],
            sector=item["sector"],
            attributes=item["attributes"],
            provenance=FICTIONAL,
            provenance_note=FICTIONAL_NOTE,
            guid=guids.derive("case", item["interviewee"]),
            note="FICTIONAL example interviewee written for the demo (not from the study)",
        )
        session.add(person)
        session.flush()
        text = normalise(item["text"])
        interview = Interview(
            town_id=town.id,
            interviewee_id=person.id,
            title=item["title"],
            language=item["language"],
            text=text,
            source_filename=None,
            provenance=FICTIONAL,
            provenance_note=FICTIONAL_NOTE,
            guid=guids.derive("source", "example", item["interviewee"]),
            extra={"description": data["note"]},
        )
        session.add(interview)
        session.flush()
        add_words(session, town.id, [(interview.title, interview.language), (interview.text, interview.language)])
        interviews[item["interviewee"]] = interview
    for who, position, quote, coder in data["coding"]:
        interview = interviews[who]
        start = interview.text.index(quote)
        guid = guids.derive("example-coding", who, position, coder, quote)
        session.add(
            CodedSegment(
                town_id=town.id,
                interview_id=interview.id,
                code_id=theme_code[position],
                start=start,
                end=start + len(quote),
                coder=coder,
                memo=data["memos"].get(f"{who}|{position}|{coder}"),
                guid=guid,
                selection_guid=guids.derive("selection", guid),
                created_at=CREATED,
                **stored_texts(interview.text, start, start + len(quote)),
            )
        )
