"""The register in the database: list, import, export, propose and moderate (one transaction each)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, NotFound
from townpaths.core.values import check_name, whole_number
from townpaths.formats.tables import raise_all, read_table
from townpaths.present.paging import pager
from townpaths.storage import Database, audit
from townpaths.storage.models import Innovation, InnovationActor, Period, Town
from townpaths.storage.records import TownRecords
from townpaths.storage.towns import find_town
from townpaths.studies.innovations.core import moderation
from townpaths.studies.innovations.core.periods import SCHEME, check_period, periods_of
from townpaths.studies.innovations.core.periods import innovation_periods as select_periods
from townpaths.studies.innovations.core.record import CRITERIA_KEYS, MAX_YEAR, MIN_YEAR, clean
from townpaths.studies.innovations.core.tables import per_decade, table3, type_period_table
from townpaths.studies.innovations.formats.sheets import flatten, read_innovations, unflatten, write_innovations

#: The largest number of an innovation period.
MAX_PERIODS = 1000

FIELDS = (
    "no",
    "type_en",
    "type_sl",
    "name_en",
    "name_sl",
    "year",
    "end_year",
    "description",
    "social_need",
    "social_need_sl",
    "initiator",
    "stage",
    "heritage_value",
    "found_by",
    "status",
    "criteria",
    "outcomes",
    "extra",
)


def _record(i: Innovation, actors: list[InnovationActor]) -> dict[str, Any]:
    return {
        "id": i.id,
        **{f: getattr(i, f) for f in FIELDS},
        "actors": [
            {"name": a.name, "sector": a.sector, "role": a.role}
            | {k: v for k in ("name_sl", "role_sl") if (v := getattr(a, k))}
            for a in actors
        ],
    }


def _records(session: Session, town_id: int, status: str | None = None) -> list[dict[str, Any]]:
    q = select(Innovation).where(Innovation.town_id == town_id)
    if status:
        q = q.where(Innovation.status == status)
    items = list(session.scalars(q.order_by(Innovation.id)))
    actors: dict[int, list[InnovationActor]] = {}
    if items:
        query = select(InnovationActor).where(InnovationActor.town_id == town_id)
        if status:  # only those of the innovations read
            read = select(Innovation.id).where(Innovation.town_id == town_id, Innovation.status == status)
            query = query.where(InnovationActor.innovation_id.in_(read))
        for a in session.scalars(query.order_by(InnovationActor.id)):
            actors.setdefault(a.innovation_id, []).append(a)
    return [_record(i, actors.get(i.id, [])) for i in items]


def innovations(db: Database, town: str | None, status: str | None = None) -> list[dict[str, Any]]:
    """Innovations of the town with their actors (``status`` filters: accepted, proposed, ...)."""
    found = find_town(db, town)
    with db.transaction() as session:
        return _records(session, found.id, status)


def export_innovations(db: Database, town: str | None, path: Path) -> dict[str, Any]:
    found = find_town(db, town)
    with db.transaction() as session:
        records = _records(session, found.id)
    write_innovations(Path(path), records, found.slug)
    return {"town": found.slug, "file": str(path), "innovations": len(records)}


def import_innovations(db: Database, town: str | None, path: Path) -> dict[str, Any]:
    """Import innovations: a row whose ``no`` matches an innovation of the register updates it (only
    the fields the file gives), any other row is added (an accepted one without a number gets the
    next number). All rows are checked first; nothing is written if
    any row is bad."""
    rows = read_innovations(Path(path))
    found = find_town(db, town)
    seen: dict[int, int] = {}
    for n, r in enumerate(rows, 1):
        if r["no"] is not None:
            if r["no"] in seen:
                raise InputError(
                    f"number {r['no']} appears twice (also in record {seen[r['no']]})",
                    file=str(path),
                    field="no",
                    value=r["no"],
                )
            seen[r["no"]] = n
    added = updated = 0
    with db.transaction() as session, audit.bulk(session, "import innovations", town=found.id, note=Path(path).name):
        by_no: dict[int, Innovation] = {
            i.no: i
            for i in session.scalars(
                select(Innovation).where(Innovation.town_id == found.id, Innovation.no.is_not(None))
            )
            if i.no is not None  # (the query already says so; this tells the type checker)
        }
        for row in rows:
            actors, present = row.pop("actors"), row.pop("present")
            target = by_no.get(row["no"]) if row["no"] is not None else None
            if target is None:
                target = Innovation(town_id=found.id, extra={})
                session.add(target)
                added += 1
                if row["no"] is None and row["status"] == "accepted":  # joins the register with the next number
                    next_no = max([*by_no, *seen, 0]) + 1
                    row["no"] = next_no
                    by_no[next_no] = target
                values = row
            else:
                if present & {"type_en", "type_sl"}:
                    present = present | {"type_en", "type_sl"}
                values = {k: v for k, v in row.items() if k in present}
                updated += 1
            for k, v in values.items():
                setattr(target, k, v)
            session.flush()
            if "actors" in present:
                session.execute(delete(InnovationActor).where(InnovationActor.innovation_id == target.id))
                session.add_all(InnovationActor(town_id=found.id, innovation_id=target.id, **a) for a in actors)
    return {"town": found.slug, "added": added, "updated": updated}


def propose(db: Database, town: str, form: dict[str, str], lang: str = "en") -> int:
    """Store a proposal from the public form (it waits in the moderation queue)."""
    data = moderation.clean_proposal(form, lang)
    found = find_town(db, town)
    with db.transaction() as session:
        item = Innovation(town_id=found.id, **data)
        session.add(item)
        session.flush()
        return item.id


def moderate(db: Database, town: str, proposal_id: int, action: str, target_id: int | None = None) -> dict[str, Any]:
    """Accept, reject or merge a waiting proposal."""
    found = find_town(db, town)
    with db.transaction() as session:
        proposal = _get(session, found, proposal_id)
        target = _get(session, found, target_id) if action == "merge" and target_id else None
        next_no = (session.scalar(select(func.max(Innovation.no)).where(Innovation.town_id == found.id)) or 0) + 1
        change = moderation.decide(
            _record(proposal, []), action, _record(target, []) if target is not None else None, next_no
        )
        for k, v in change["proposal"].items():
            setattr(proposal, k, v)
        for k, v in change["target"].items():
            setattr(target, k, v)
        return {
            "id": proposal.id,
            "status": proposal.status,
            "no": proposal.no,
            "merged_into": target.id if target is not None else None,
        }


def _get(session: Session, town: Town, innovation_id: int | None) -> Innovation:
    item = session.get(Innovation, innovation_id) if innovation_id is not None else None
    if item is None or item.town_id != town.id:
        raise NotFound(f"no innovation {innovation_id} in {town.slug}")
    return item


def register_tables(db: Database, town: str | None) -> dict[str, Any]:
    """Table 3, the type x period table and the per-decade counts of a town."""
    case = TownRecords.find(db, town)
    records, periods = case.records("innovations"), case.records("periods")
    return {
        "town": case.town.slug,
        "table3": [{k: r[k] for k in ("no", "type_en", "name_en", "year")} for r in table3(records)],
        "type_period": type_period_table(records, periods),
        "per_decade": per_decade(records),
    }


def innovation_periods(db: Database, town: str | None) -> list[dict[str, Any]]:
    return select_periods(TownRecords.find(db, town).records("periods"))


def set_periods(db: Database, town: str | None, path: Path) -> list[dict[str, Any]]:
    """Replace the town's innovation periods from a CSV/XLSX file (``no, name_en, name_sl,
    start_year, end_year``; an empty end year means open-ended). Periods may overlap."""
    rows = read_table(Path(path))
    periods, errors = [], []
    for n, r in rows:
        try:
            values = {k: _whole(r.get(k), k, n) for k in ("no", "start_year", "end_year")}
            name = str(r.get("name_en") or "").strip()
            if not name:
                raise InputError("a name is required", row=n, field="name_en")
            name = check_name(name, max_chars=500, row=n, field="name_en")
            name_sl = str(r.get("name_sl") or "").strip()
            name_sl = check_name(name_sl, max_chars=500, row=n, field="name_sl") if name_sl else ""
            if values["no"] is None:
                raise InputError("a number is required", row=n, field="no")
            problems = check_period(values["no"], values["start_year"], values["end_year"], values["end_year"] is None)
            if problems:
                raise InputError(problems[0], row=n, field="start_year")
            periods.append(
                {
                    "scheme": SCHEME,
                    "no": values["no"],
                    "name_en": name,
                    "name_sl": name_sl or None,
                    "start_year": values["start_year"],
                    "end_year": values["end_year"],
                    "open_ended": values["end_year"] is None,
                }
            )
        except InputError as exc:
            errors.append(exc)
    numbers = [p["no"] for p in periods]
    if len(set(numbers)) != len(numbers):
        errors.append(InputError("period numbers must be unique", field="no"))
    raise_all(errors, str(path))
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "import periods", town=found.id, note=Path(path).name):
        session.execute(delete(Period).where(Period.town_id == found.id, Period.scheme == SCHEME))
        session.flush()
        session.add_all(Period(town_id=found.id, **p) for p in periods)
    return innovation_periods(db, found.slug)


def _whole(value: Any, name: str, row: int) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    low, high = (1, MAX_PERIODS) if name == "no" else (MIN_YEAR, MAX_YEAR)
    return whole_number(
        value, low=low, high=high, row=row, field=name, reason=f"must be a whole number from {low} to {high}"
    )


def innovation(db: Database, town: str | None, innovation_id: int) -> dict[str, Any]:
    found = find_town(db, town)
    with db.transaction() as session:
        item = _get(session, found, innovation_id)
        actors = list(
            session.scalars(
                select(InnovationActor).where(InnovationActor.innovation_id == item.id).order_by(InnovationActor.id)
            )
        )
        return _record(item, actors)


def update_innovation(db: Database, town: str | None, innovation_id: int, changes: dict[str, Any]) -> dict[str, Any]:
    """Change fields of one innovation (validated as a whole record); ``actors``, when given, replace
    the actors."""
    current = innovation(db, town, innovation_id)
    data = clean({**current, **changes})
    actors = [_keep_slovene(a, current["actors"], ("name", "role"), ("name_sl", "role_sl")) for a in data.pop("actors")]
    data["outcomes"] = [
        _keep_slovene(o, current["outcomes"] or [], ("description",), ("description_sl",)) for o in data["outcomes"]
    ]
    before = current["criteria"] or {}
    data["criteria"] = {
        k: _keep_slovene(c, [before[k]] if k in before else [], ("rationale",), ("rationale_sl",))
        for k, c in data["criteria"].items()
    }
    found = find_town(db, town)
    with db.transaction() as session:
        item = _get(session, found, innovation_id)
        for k, v in data.items():
            setattr(item, k, v)
        if "actors" in changes:  # row by row, so that the audit log keeps the actors replaced
            for old in session.scalars(select(InnovationActor).where(InnovationActor.innovation_id == item.id)):
                session.delete(old)
            session.flush()
            session.add_all(InnovationActor(town_id=found.id, innovation_id=item.id, **a) for a in actors)
    return innovation(db, town, innovation_id)


def _keep_slovene(
    item: dict[str, Any], before: list[dict[str, Any]], same: tuple[str, ...], slovene: tuple[str, ...]
) -> dict[str, Any]:
    """An actor or outcome as edited (forms and files in one language carry no Slovene texts) with
    the Slovene texts of the one it was before: the one with the same ``same`` fields."""
    if any(item.get(k) for k in slovene):
        return item
    match = next((b for b in before if all(b.get(k) == item.get(k) for k in same)), None)
    return item | {k: match[k] for k in slovene if match and match.get(k)}


# --- what the web pages show and change ---------------------------------------------------------

#: Form fields a researcher edits (the number, the status and the Slovene type are not among them).
EDITABLE = (
    "name_en",
    "name_sl",
    "type_en",
    "year",
    "end_year",
    "description",
    "social_need",
    "initiator",
    "heritage_value",
    "stage",
    "found_by",
    "actors",
    "outcomes",
    *[c for k in CRITERIA_KEYS for c in (k, f"{k}_rationale")],
)


#: The columns of an innovation the register's charts, counts and tables of all innovations read.
SUMMARY = ("id", "no", "status", "year", "type_en", "type_sl", "name_en", "name_sl")


def _summaries(session: Session, town_id: int) -> list[dict[str, Any]]:
    """Every innovation of the town with the :data:`SUMMARY` columns only (by id)."""
    columns = [getattr(Innovation, c) for c in SUMMARY]
    rows = session.execute(select(*columns).where(Innovation.town_id == town_id).order_by(Innovation.id))
    return [dict(zip(SUMMARY, r, strict=True)) for r in rows]


def _records_of(session: Session, town_id: int, ids: list[int]) -> dict[int, dict[str, Any]]:
    """The whole records (with actors) of the innovations ``ids``."""
    items = session.scalars(select(Innovation).where(Innovation.town_id == town_id, Innovation.id.in_(ids)))
    actors: dict[int, list[InnovationActor]] = {}
    for a in session.scalars(
        select(InnovationActor)
        .where(InnovationActor.town_id == town_id, InnovationActor.innovation_id.in_(ids))
        .order_by(InnovationActor.id)
    ):
        actors.setdefault(a.innovation_id, []).append(a)
    return {i.id: _record(i, actors.get(i.id, [])) for i in items}


def register_view(db: Database, town: str | None, page: object = None) -> dict[str, Any]:
    """The register page: every innovation (``records``, for the charts: the :data:`SUMMARY`
    columns), the page ``page`` (:func:`townpaths.present.paging.pager`) of Table 3 (``rows``,
    accepted innovations, whole) and its ``pager``, the periods of each row, the type x period
    table, the per-decade counts and the number of proposals waiting for moderation."""
    found = find_town(db, town)
    periods = TownRecords.find(db, found.slug).records("periods")
    with db.transaction() as session:
        records = _summaries(session, found.id)
        accepted = table3(records)
        at = pager(len(accepted), page)
        whole = _records_of(session, found.id, [r["id"] for r in at.slice(accepted)])
    rows = [whole[r["id"]] for r in at.slice(accepted)]
    return {
        "town": found,
        "records": records,
        "rows": rows,
        "pager": at,
        "periods_of": {r["id"]: periods_of(r, periods) for r in rows},
        "type_period": type_period_table(records, periods),
        "decades": per_decade(records),
        "waiting": sum(r["status"] == "proposed" for r in records),
    }


def moderation_queue(db: Database, town: str | None) -> dict[str, Any]:
    """Proposals waiting, proposals decided (rejected or merged) and the accepted register (merge
    targets: the :data:`SUMMARY` columns, read only while a proposal waits)."""
    found = find_town(db, town)
    with db.transaction() as session:
        waiting = _records(session, found.id, "proposed")
        decided = [r for status in ("rejected", "merged") for r in _records(session, found.id, status)]
        accepted = table3(_summaries(session, found.id)) if waiting else []
    return {
        "proposals": waiting,
        "decided": sorted(decided, key=lambda r: r["id"]),
        "accepted": accepted,
    }


def edit_view(db: Database, town: str | None, innovation_id: int) -> dict[str, Any]:
    """One innovation for the edit form, with its actors and outcomes as text, one a line."""
    item = innovation(db, town, innovation_id)
    actors, outcomes = flatten(item)[-2:]
    return {"item": item, "actors": actors, "outcomes": outcomes}


def update_from_form(db: Database, town: str | None, innovation_id: int, form: dict[str, str]) -> dict[str, Any]:
    """Save the edit form (only :data:`EDITABLE` fields; actors and outcomes as text, one a line)."""
    data = unflatten({k: form.get(k) or "" for k in EDITABLE})
    for fixed in ("no", "status", "type_sl"):
        data.pop(fixed, None)
    return update_innovation(db, town, innovation_id, data)


# --- the Velenje case: what the article states about its innovations ------------------------------
# Each text in English and in the article's own Slovene words (a test finds every Slovene text of a
# record stated by the study in the article).

A = "article"

#: no -> outcomes (English, Slovene, value, unit, year, source)
OUTCOMES: dict[int, list[tuple[str, str, float, str, int | None, str]]] = {
    1: [
        (
            "working-age population taking part (87 % by some sources)",
            "vanj je bilo vključenih več kot 70 %, po nekaterih podatkih pa celo 87 % za delo sposobnega prebivalstva",
            70,
            "%",
            None,
            A,
        ),
        (
            "hours of work renovating the summer cinema at Škale lake, one of the most notable modern voluntary "
            "work actions",
            "Ena najodmevnejših sodobnih udarniških akcij je bila obnova letnega kina ob Škalskem jezeru leta 2009, "
            "ko je bilo opravljenih več kot 1500 ur dela.",
            1500,
            "hours",
            2009,
            A,
        ),
    ],
    5: [
        (
            "people said to have attended the protest rally on Titov trg, 8 November 1987",
            "Protestni shod na Titovem trgu 8. novembra 1987, ki naj bi se ga udeležilo okrog 15.000 ljudi",
            15000,
            "people",
            1987,
            A,
        ),
        (
            "voters supporting the ecological remediation of the Šoštanj thermal power plant in the first "
            "ecological referendum in Yugoslavia",
            "prvi ekološki referendum v Jugoslaviji, na katerem je več kot 80 % volivcev podprlo zahtevo po ekološki "
            "sanaciji Termoelektrarne Šoštanj",
            80,
            "%",
            None,
            A,
        ),
    ],
    9: [("new jobs created", "Leta 2017 so ustvarili 23 novih delovnih mest", 23, "jobs", 2017, A)],
}

#: Who organised the 1987 rally (the article's footnote 37).
RALLY = (
    "Pri organizaciji shoda so dejavno sodelovali tudi predstavniki velenjske občine, Zveze socialistične mladine "
    "Slovenije in sindikatov"
)
#: Who carried out the remediation (the article's footnote 38).
REMEDIATION = (
    "Sanacijo okolja v Šaleški dolini sta izvajali lokalni podjetji Esotech in Erico, nekoč del velenjskega "
    "Premogovnika, ki sta primer uspešne osamosvojitve od nekdanje matice."
)

#: no -> actors named by the article: (name, Slovene name or None where the name is the same,
#: helix sector, role, Slovene role)
ACTORS: dict[int, list[tuple[str, str | None, str, str, str]]] = {
    5: [
        (
            "cultural groups",
            "kulturne skupine",
            "civil_society",
            "art actions warning of environmental degradation, 1986",
            "Na degradacijo okolja so leta 1986 prve začele opozarjati kulturne skupine v obliki "
            "kulturno-umetniških akcij",
        ),
        ("Velenje municipality", "Mestna občina Velenje", "municipality", "helped organise the 1987 rally", RALLY),
        ("Zveza socialistične mladine Slovenije", None, "civil_society", "helped organise the 1987 rally", RALLY),
        ("trade unions", "sindikati", "civil_society", "helped organise the 1987 rally", RALLY),
        (
            "Šaleško ekološko društvo",
            None,
            "civil_society",
            "founded 1988 in Zavodnje",
            "Leta 1988 so v Zavodnjah ustanovili Šaleško ekološko društvo",
        ),
        (
            "Esotech",
            None,
            "economy",
            "carried out the environmental remediation; a spin-off of the coal mine",
            REMEDIATION,
        ),
        (
            "Erico",
            None,
            "economy",
            "carried out the environmental remediation; a spin-off of the coal mine",
            REMEDIATION,
        ),
    ],
    7: [
        (
            "Velenje municipality",
            "Mestna občina Velenje",
            "municipality",
            "gave young people the premises at Rdeča dvorana in 1996",
            "Občina je potrebam prisluhnila in mladim leta 1996 odstopila prostore današnjega Kluba eMCe plac pri "
            "Rdeči dvorani.",
        ),
        (
            "Mladinski center Velenje",
            None,
            "civil_society",
            "founded 1996, one of the first youth centres in Slovenia; youth mobility and social security programmes",
            "Istega leta je bil ustanovljen Mladinski center Velenje, eden prvih v Sloveniji, in pričel razvijati "
            "programe na področjih mednarodne mobilnosti mladih in socialne varnosti.",
        ),
    ],
}

#: no -> the social need it met (English, Slovene)
SOCIAL_NEED = {
    5: (
        "environmental degradation of air, water, soil and vegetation from coal mining and power production; "
        "a planned radioactive waste repository in the Šalek valley",
        "Posledice intenzivnega izkopavanja premoga in proizvodnje električne energije so se čedalje bolj začele "
        "kazati v čezmerni onesnaženosti pokrajinskih sestavin: zraku, vodah, prsti in rastju … Množično "
        "mobilizacijo lokalne skupnosti pa je spodbudila informacija, da bo v Šaleški dolini postavljeno "
        "odlagališče radioaktivnih odpadkov.",
    ),
    7: (
        "a lack of suitable premises where young people could socialise and create",
        "Ena od teh je bila pomanjkanje ustreznih prostorov za mlade, v katerih bi se lahko socializirali in "
        "ustvarjali.",
    ),
    9: (
        "keeping young talent in the region, helping new firms start and grow",
        "Namen inkubatorja je zadržati mlade talente v regiji, spodbujati zagon novih podjetij ter nuditi podporo "
        "pri njihovem hitrejšem razvoju in rasti.",
    ),
}

#: The article's own reasons for recognising the ecological movement as a social innovation.
CRITERIA = {
    5: {
        "collaboration": {
            "met": True,
            "rationale": "cooperation among firms, cultural workers, civil society, "
            "trade unions and local government (article)",
            "rationale_sl": "sodelovanjem med različnimi akterji (podjetji, kulturniki, civilno družbo, sindikati, "
            "lokalno oblastjo)",
        },
        "social_issue": {
            "met": True,
            "rationale": "successful environmental remediation; the movement empowered the local community (article)",
            "rationale_sl": "Zaradi opolnomočenja lokalne skupnosti, usklajevanja interesov med številnimi akterji in "
            "uspešne sanacije okolja je šaleško ekološko gibanje retrospektivno prepoznano kot družbena inovacija.",
        },
    },
}

#: Where the article states what the seed adds to an innovation (its provenance note gains this).
SEED_NOTE = "its actors, social need, outcomes and assessment: section »Pretekle in sedanje družbene inovacije v mestu«"
ACTOR_NOTE = (
    "section »Pretekle in sedanje družbene inovacije v mestu« (the rally's organisers: footnote 37; the firms of "
    "the remediation: footnote 38)"
)


def seed_velenje(session: Session, town: Town) -> None:
    by_no = {i.no: i for i in session.scalars(select(Innovation).where(Innovation.town_id == town.id))}
    for no, outcomes in OUTCOMES.items():
        if no in by_no:
            by_no[no].outcomes = [
                {"description": d, "description_sl": d_sl, "value": v, "unit": u, "year": y, "source": s}
                for d, d_sl, v, u, y, s in outcomes
            ]
    for no, actors in ACTORS.items():
        if no in by_no:
            session.add_all(
                InnovationActor(
                    town_id=town.id,
                    innovation_id=by_no[no].id,
                    name=n,
                    name_sl=n_sl,
                    sector=s,
                    role=r,
                    role_sl=r_sl,
                    provenance_note=ACTOR_NOTE,
                )
                for n, n_sl, s, r, r_sl in actors
            )
    for no, (need, need_sl) in SOCIAL_NEED.items():
        if no in by_no:
            by_no[no].social_need, by_no[no].social_need_sl = need, need_sl
    for no, criteria in CRITERIA.items():
        if no in by_no:
            by_no[no].criteria = criteria
    for no in {*OUTCOMES, *ACTORS, *SOCIAL_NEED, *CRITERIA}:
        if no in by_no:
            by_no[no].provenance_note = f"{by_no[no].provenance_note}; {SEED_NOTE}"
