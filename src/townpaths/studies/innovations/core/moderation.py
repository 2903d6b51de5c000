"""Proposals from locals and their moderation (pure logic).

A proposal is an innovation with ``status = "proposed"`` and ``found_by = "workshop"``. A
researcher accepts it (it joins the register with the next number), rejects it, or merges it
into an existing innovation (empty fields of the target are filled from the proposal, the
proposal keeps ``status = "merged"`` and ``extra.merged_into``)."""

from __future__ import annotations

from typing import Any

from townpaths.core.errors import InputError
from townpaths.core.i18n import Translator
from townpaths.core.values import text_problem
from townpaths.studies.innovations.core.typology import normalise

Record = dict[str, Any]

#: Field -> maximum length on the public form (checked on the server too).
PROPOSAL_LIMITS = {
    "name": 200,
    "type": 80,
    "year": 4,
    "description": 2000,
    "social_need": 1000,
    "actors": 1000,
    "proposer": 120,
}
#: Field -> its label on the public form (an English msgid).
PROPOSAL_LABELS = {
    "name": "Name",
    "type": "Type",
    "year": "Year of emergence",
    "description": "What is it?",
    "social_need": "Which need of the town does it meet?",
    "actors": "Who takes part?",
    "proposer": "Your name or group (optional)",
}
ACTIONS = ("accept", "reject", "merge")
MERGE_FIELDS = ("name_sl", "year", "end_year", "description", "social_need", "initiator", "stage", "heritage_value")


class ProposalError(InputError):
    """A field of the public form that is too long (``problem = "too_long"``), missing
    (``"required"``), not a year (``"year"``) or holds characters no database stores (``"text"``:
    NUL, lone surrogates); :meth:`explain` says so to the proposer."""

    def __init__(self, message: str, *, field: str, problem: str, value: object = None) -> None:
        super().__init__(message, field=field, value=value)
        self.problem = problem

    def explain(self, tr: Translator) -> str:
        """One sentence in the proposer's language, naming the field by its label on the form."""
        label = tr.gettext(PROPOSAL_LABELS[self.field or "name"])
        if self.problem == "too_long":
            return tr.gettext(
                "%(field)s: at most %(limit)s characters", field=label, limit=PROPOSAL_LIMITS[self.field or "name"]
            )
        if self.problem == "required":
            return tr.gettext("%(field)s: required", field=label)
        if self.problem == "text":
            return tr.gettext("%(field)s: contains characters that cannot be stored", field=label)
        return tr.gettext("%(field)s: a year is four digits", field=label)


def clean_proposal(form: dict[str, str], lang: str = "en") -> Record:
    """Fields of an innovation from the public form. Text is stored as typed (templates escape it);
    raises :class:`ProposalError` naming the field that is missing, too long or not a year."""
    values = {k: (form.get(k) or "").strip() for k in PROPOSAL_LIMITS}
    for key, limit in PROPOSAL_LIMITS.items():
        if len(values[key]) > limit:
            raise ProposalError(f"at most {limit} characters", field=key, problem="too_long")
        problem = text_problem(values[key])
        if problem is not None:
            raise ProposalError(problem, field=key, problem="text")
    if not values["name"]:
        raise ProposalError("a name is required", field="name", problem="required")
    if not values["description"]:
        raise ProposalError("a description is required", field="description", problem="required")
    year = None
    if values["year"]:
        if not (values["year"].isascii() and values["year"].isdigit()) or not 1000 <= int(values["year"]) <= 2200:
            raise ProposalError("a year is four digits", field="year", problem="year", value=values["year"])
        year = int(values["year"])
    name_key = "name_sl" if lang == "sl" else "name_en"
    type_en, type_sl = normalise(values["type"] or "unclassified")
    return {
        "name_en": values["name"],
        "name_sl": values["name"] if name_key == "name_sl" else None,
        "type_en": type_en,
        "type_sl": type_sl,
        "year": year,
        "description": values["description"],
        "social_need": values["social_need"] or None,
        "found_by": "workshop",
        "status": "proposed",
        "criteria": {},
        "outcomes": [],
        "extra": {
            "proposal": {"actors": values["actors"] or None, "proposer": values["proposer"] or None, "lang": lang}
        },
    }


def decide(
    proposal: Record, action: str, target: Record | None = None, next_no: int | None = None
) -> dict[str, Record]:
    """Changes for a moderation decision: ``{"proposal": {...}, "target": {...}}`` (field -> new value).
    ``accept`` needs ``next_no``; ``merge`` needs ``target`` (an accepted innovation)."""
    if proposal.get("status") != "proposed":
        raise InputError(
            "only proposals waiting for moderation can be decided", field="status", value=proposal.get("status")
        )
    if action not in ACTIONS:
        raise InputError(f"action must be one of {', '.join(ACTIONS)}", field="action", value=action)
    if action == "accept":
        return {"proposal": {"status": "accepted", "no": next_no}, "target": {}}
    if action == "reject":
        return {"proposal": {"status": "rejected"}, "target": {}}
    if target is None or target.get("status") != "accepted" or target.get("id") == proposal.get("id"):
        raise InputError("merge into an accepted innovation of the register", field="target")
    filled = {f: proposal[f] for f in MERGE_FIELDS if proposal.get(f) not in (None, "") and target.get(f) in (None, "")}
    extra = dict(target.get("extra") or {})
    extra["merged_from"] = [*extra.get("merged_from", []), proposal["id"]]
    p_extra = {**(proposal.get("extra") or {}), "merged_into": target["id"]}
    return {"proposal": {"status": "merged", "extra": p_extra}, "target": {**filled, "extra": extra}}


def next_number(innovations: list[Record]) -> int:
    return max((i["no"] or 0 for i in innovations if i.get("no")), default=0) + 1
