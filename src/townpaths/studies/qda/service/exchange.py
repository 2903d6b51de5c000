"""A town's coding as a REFI-QDA project and back (``.qdpx``, ``.qdc``, codebook CSV)."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from townpaths.core.errors import InputError, TownpathsError
from townpaths.core.values import check_name, check_slug, colour_or_none
from townpaths.core.vocab import FICTIONAL, HELIX_SECTORS, STUDY
from townpaths.formats.files import atomic_write, read_file
from townpaths.storage import Database, audit
from townpaths.storage.checks import check_object
from townpaths.storage.models import (
    Code,
    Codebook,
    CodedSegment,
    Coder,
    Interview,
    Interviewee,
    QdaNote,
    Town,
    Variable,
)
from townpaths.storage.search import add_words
from townpaths.storage.towns import find_town
from townpaths.studies.qda.core import codebook as cb
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.core.project import (
    DATE_VARIABLE,
    FICTIONAL_VARIABLE,
    LANGUAGE_VARIABLE,
    SECTOR_VARIABLE,
    CodeNode,
    Coding,
    Note,
    Project,
    QdaCase,
    Report,
    Selection,
    Source,
    User,
    VariableDef,
)
from townpaths.studies.qda.core.segments import stored_texts
from townpaths.studies.qda.core.text import POSITION_CONVENTIONS, check_transcript, excerpt
from townpaths.studies.qda.formats import refiqda
from townpaths.studies.qda.formats.codebook_csv import read_codebook_csv, to_csv
from townpaths.studies.qda.service.consent import consented, withdrawn_interviews

SPECIAL = {SECTOR_VARIABLE: "Text", FICTIONAL_VARIABLE: "Boolean", LANGUAGE_VARIABLE: "Text", DATE_VARIABLE: "Date"}
MAX_FILE_BYTES = 1024**3  # a .qdpx or .qdc file (only its XML and text files are read)


# ------------------------------------------------------------------------------------- building


def _code_guids(codes: list[Code]) -> dict[int, str]:
    by_id = {c.id: c for c in codes}

    def path(code: Code) -> str:
        names: list[str] = []
        seen: set[int] = set()
        c: Code | None = code
        while c is not None and c.id not in seen:
            seen.add(c.id)
            names.append(c.name)
            c = by_id.get(c.parent_id) if c.parent_id is not None else None
        return "/".join(reversed(names))

    return {c.id: c.guid or guids.derive("code", path(c)) for c in codes}


def code_forest(session: Session, town_id: int) -> tuple[list[CodeNode], dict[int, str], dict[str, str | None]]:
    codes = list(session.scalars(select(Code).where(Code.town_id == town_id).order_by(Code.id)))
    ids = _code_guids(codes)
    flat = [
        cb.FlatCode(
            key=c.id,
            parent=c.parent_id,
            guid=ids[c.id],
            name=c.name,
            codable=c.codable,
            colour=c.colour,
            description=c.description,
            name_sl=c.name_sl,
            position=c.position,
        )
        for c in codes
    ]
    return cb.tree(flat), ids, {ids[c.id]: c.name_sl for c in codes}


def build_project(session: Session, town: Town) -> Project:
    """The town's interviews, codes, coding, coders, variables and notes as a :class:`Project`.
    An interviewee who withdrew consent is left out with their transcripts and segments, and so
    are notes attached only to them (a note keeps its other targets)."""
    tid = town.id
    project = Project(name=town.name, origin="townpaths", description=town.description_en or None)
    roots, code_ids, _ = code_forest(session, tid)
    project.codes = roots
    withdrawn = withdrawn_interviews(session, tid)
    interviews = [
        i
        for i in session.scalars(select(Interview).where(Interview.town_id == tid).order_by(Interview.id))
        if i.id not in withdrawn
    ]
    all_segments = list(
        session.scalars(select(CodedSegment).where(CodedSegment.town_id == tid).order_by(CodedSegment.id))
    )
    segments = [s for s in all_segments if s.interview_id not in withdrawn]
    people = list(
        session.scalars(select(Interviewee).where(Interviewee.town_id == tid, consented()).order_by(Interviewee.id))
    )
    left_out = _guids_left_out(session, tid, withdrawn, all_segments)
    notes = []
    for note in session.scalars(select(QdaNote).where(QdaNote.town_id == tid).order_by(QdaNote.id)):
        targets = [t for t in note.targets or [] if t not in left_out]
        if note.targets and not targets:
            continue
        notes.append((note, targets))

    user_guid: dict[str, str] = {}
    for coder in session.scalars(select(Coder).where(Coder.town_id == tid).order_by(Coder.id)):
        user_guid[coder.name] = coder.guid or guids.derive("user", coder.name)
    for name in sorted({s.coder for s in segments if s.coder} | {n.coder for n, _ in notes if n.coder}):
        user_guid.setdefault(name, guids.derive("user", name))
    project.users = [User(guid=g, name=n) for n, g in user_guid.items()]

    def user_of(coder: str | None) -> str | None:
        return None if coder is None else user_guid.get(coder)

    var_defs: dict[str, VariableDef] = {}
    for v in session.scalars(select(Variable).where(Variable.town_id == tid).order_by(Variable.id)):
        var_defs[v.name] = VariableDef(
            guid=v.guid or guids.derive("variable", v.name), name=v.name, type=v.type, description=v.description
        )
    extra_names = sorted(
        {k for p in people for k in (p.attributes or {})}
        | {k for i in interviews for k in (i.extra or {}).get("variables", {})}
    )
    for name in [*SPECIAL, *extra_names]:
        if name not in var_defs:
            var_defs[name] = VariableDef(guid=guids.derive("variable", name), name=name, type=SPECIAL.get(name, "Text"))

    def values(pairs: dict[str, Any]) -> dict[str, Any]:
        out = {}
        for name, var in var_defs.items():
            if name in pairs and pairs[name] is not None and pairs[name] != "":
                out[var.guid] = pairs[name]
        return out

    source_guid = {
        i.id: i.guid or guids.derive("source", i.title, hashlib.sha256(i.text.encode()).hexdigest()) for i in interviews
    }
    for p in people:
        project.cases.append(
            QdaCase(
                guid=p.guid or guids.derive("case", p.code),
                name=p.code,
                description=p.note,
                variables=values(
                    {SECTOR_VARIABLE: p.sector, FICTIONAL_VARIABLE: bool(p.fictional), **(p.attributes or {})}
                ),
                source_guids=[source_guid[i.id] for i in interviews if i.interviewee_id == p.id],
            )
        )

    by_interview: dict[int, list[CodedSegment]] = {}
    for s in segments:
        by_interview.setdefault(s.interview_id, []).append(s)
    for i in interviews:
        extra = i.extra or {}
        source = Source(
            guid=source_guid[i.id],
            name=i.title,
            text=i.text,
            description=extra.get("description"),
            variables=values(
                {
                    FICTIONAL_VARIABLE: bool(i.fictional),
                    LANGUAGE_VARIABLE: i.language,
                    DATE_VARIABLE: i.held_on.isoformat() if i.held_on else None,
                    **extra.get("variables", {}),
                }
            ),
        )
        selections: dict[str, Selection] = {}
        for s in by_interview.get(i.id, []):
            coding_guid = s.guid or guids.derive("coding", source.guid, code_ids[s.code_id], s.start, s.end, s.coder)
            sel_guid = s.selection_guid or guids.derive("selection", coding_guid)
            sel = selections.get(sel_guid)
            if sel is None:
                sel = selections[sel_guid] = Selection(
                    guid=sel_guid,
                    start=s.start,
                    end=s.end,
                    name=excerpt(i.text, s.start, s.end),
                    description=s.memo,
                    user_guid=user_of(s.coder),
                    created=s.created_at,
                )
            sel.codings.append(
                Coding(
                    guid=coding_guid,
                    code_guid=code_ids[s.code_id],
                    user_guid=user_of(s.coder),
                    created=s.created_at,
                )
            )
        source.selections = list(selections.values())
        project.sources.append(source)
    used = {g for c in project.cases for g in c.variables} | {g for s in project.sources for g in s.variables}
    project.variables = [v for v in var_defs.values() if v.guid in used or v.name not in SPECIAL]
    for n, targets in notes:
        project.notes.append(
            Note(
                guid=n.guid or guids.derive("note", n.name, n.text),
                name=n.name,
                text=n.text,
                description=n.description,
                user_guid=user_of(n.coder),
                created=n.created_at,
                targets=targets,
            )
        )
    return project


def _guids_left_out(session: Session, town_id: int, withdrawn: set[int], segments: list[CodedSegment]) -> set[str]:
    """GUIDs of what a withdrawn consent leaves out of the project: interviewees, transcripts,
    selections and codings (as stored; derived GUIDs of unstored ones are not note targets)."""
    out: set[str] = set()
    people = select(Interviewee.guid).where(
        Interviewee.town_id == town_id, Interviewee.consent_withdrawn_on.is_not(None)
    )
    out.update(g for g in session.scalars(people) if g)
    out.update(g for g in session.scalars(select(Interview.guid).where(Interview.id.in_(withdrawn))) if g)
    for s in segments:
        if s.interview_id in withdrawn:
            out.update(g for g in (s.guid, s.selection_guid) if g)
    return out


# -------------------------------------------------------------------------------------- loading


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60] or "imported"


def _source_guid(interview: Interview) -> str:
    return interview.guid or guids.derive(
        "source", interview.title, hashlib.sha256(interview.text.encode()).hexdigest()
    )


def _case_guid(person: Interviewee) -> str:
    return person.guid or guids.derive("case", person.code)


def _note_guid(note: QdaNote) -> str:
    return note.guid or guids.derive("note", note.name, note.text)


def _colour(node: CodeNode, report: Report) -> str | None:
    """The code's colour as ``#RRGGBB``; anything else is left out (and said so)."""
    if node.color is None or not node.color.strip():
        return None
    colour = colour_or_none(node.color)
    if colour is None:
        report.skip(f"code {node.name!r}: colour {node.color!r} is not #rrggbb; left out")
    return colour


def load_codes(
    session: Session,
    town_id: int,
    roots: list[CodeNode],
    codebook_name: str,
    report: Report,
    names_sl: dict[str, str | None] | None = None,
    *,
    where: str | None = None,
) -> dict[str, int]:
    """Insert codes not yet in the town (matched by GUID, stored or derived as an export derives
    it); returns GUID -> code id for all. The codebook is created when a first new code needs it."""
    codes = list(session.scalars(select(Code).where(Code.town_id == town_id)))
    existing = {guid: code_id for code_id, guid in _code_guids(codes).items()}
    book: Codebook | None = None
    out = dict(existing)
    stack: list[tuple[CodeNode, int | None, int]] = [(node, None, i) for i, node in reversed(list(enumerate(roots)))]
    while stack:  # parents before children, without recursion
        node, parent, position = stack.pop()
        if node.guid in out:
            if node.guid in existing:
                report.add("codes already present")
        else:
            if book is None:
                book = session.scalar(
                    select(Codebook).where(Codebook.town_id == town_id, Codebook.name == codebook_name)
                )
                if book is None:
                    book = Codebook(town_id=town_id, name=codebook_name)
                    check_object(book, file=where, fields={"name": "codebook name"})
                    session.add(book)
                    session.flush()
            row = Code(
                town_id=town_id,
                codebook_id=book.id,
                parent_id=parent,
                name=node.name,
                name_sl=(names_sl or {}).get(node.guid),
                description=node.description,
                colour=_colour(node, report),
                guid=node.guid,
                codable=node.codable,
                position=position,
            )
            check_object(row, file=where, fields={"name": f"code {node.name[:40]!r}"})
            session.add(row)
            session.flush()
            out[node.guid] = row.id
            report.add("codes")
        stack.extend((child, out[node.guid], index) for index, child in reversed(list(enumerate(node.children))))
    return out


def load_project(session: Session, town: Town, project: Project, report: Report, *, where: str | None = None) -> None:
    """Load a project into ``town``. What the town already holds (the same GUIDs: a project
    imported again, or exported from this town) is updated or kept, never duplicated: cases
    (interviewees) are updated, codes, sources and notes kept."""
    tid = town.id
    users: dict[str, str] = {}
    coders = {c.name: c for c in session.scalars(select(Coder).where(Coder.town_id == tid))}
    for user in project.users:
        name = user.name
        same = name in coders and (coders[name].guid or guids.derive("user", name)) == user.guid
        if name in coders and not same:
            name = f"{user.name} ({user.guid[:8]})"
            report.skip(f"user {user.name!r}: another coder has this name; imported as {name!r}")
        if name not in coders:
            coders[name] = Coder(town_id=tid, name=name, guid=user.guid)
            check_object(coders[name], file=where, fields={"name": "User name"})
            session.add(coders[name])
            report.add("users")
        users[user.guid] = name
    code_ids = load_codes(session, tid, project.codes, project.name, report, where=where)
    variables = {v.name: v for v in session.scalars(select(Variable).where(Variable.town_id == tid))}
    var_names: dict[str, VariableDef] = {}
    for var in project.variables:
        var_names[var.guid] = var
        if var.name not in variables:
            variables[var.name] = Variable(
                town_id=tid, name=var.name, guid=var.guid, type=var.type, description=var.description
            )
            check_object(variables[var.name], file=where, fields={"name": "Variable name"})
            session.add(variables[var.name])
            report.add("variables")

    def named(values: dict[str, Any], label: str) -> dict[str, Any]:
        out = {}
        for guid, value in values.items():
            if guid not in var_names:
                report.skip(f"{label}: value of an undeclared variable {guid} left out")
                continue
            out[var_names[guid].name] = value
        return out

    case_of_source: dict[str, int] = {}
    people = list(session.scalars(select(Interviewee).where(Interviewee.town_id == tid)))
    by_guid = {_case_guid(p): p for p in people}
    taken = {p.code for p in people}
    for case in project.cases:
        attrs = named(case.variables, f"case {case.name!r}")
        sector = str(attrs.pop(SECTOR_VARIABLE, "") or "")
        if sector not in HELIX_SECTORS:
            report.skip(
                f"case {case.name!r}: helix sector {sector!r} is not one of {', '.join(HELIX_SECTORS)}; left empty"
            )
            sector = ""
        fictional = bool(attrs.pop(FICTIONAL_VARIABLE, False))
        person = by_guid.get(case.guid)
        if person is not None:  # the same case again: updated, not duplicated
            person.sector = sector or person.sector
            person.attributes = {**(person.attributes or {}), **attrs}
            person.provenance = FICTIONAL if fictional else STUDY
            person.note = case.description if case.description is not None else person.note
            person.guid = person.guid or case.guid
            check_object(person, file=where, fields={"code": "Case name"})
            report.add("cases updated")
        else:
            code = case.name or case.guid[:8]
            if code in taken:
                code = f"{code} ({case.guid[:8]})"
                report.skip(f"case {case.name!r}: pseudonym already used; imported as {code!r}")
            taken.add(code)
            person = Interviewee(
                town_id=tid,
                code=code,
                sector=sector,
                attributes=attrs,
                provenance=FICTIONAL if fictional else STUDY,
                note=case.description,
                guid=case.guid,
            )
            check_object(person, file=where, fields={"code": "Case name"})
            session.add(person)
            by_guid[case.guid] = person
            report.add("cases")
        session.flush()
        for guid in case.source_guids:
            if guid in case_of_source:
                report.skip(f"source {guid}: belongs to several cases; kept with the first")
            else:
                case_of_source[guid] = person.id
    existing_sources = {_source_guid(i) for i in session.scalars(select(Interview).where(Interview.town_id == tid))}
    for source in project.sources:
        if source.guid in existing_sources:
            report.skip(f"source {source.name!r}: already in this town (same GUID); skipped")
            continue
        check_transcript(source.text, file=where, field=f"source {source.name[:40]!r}")
        attrs = named(source.variables, f"source {source.name!r}")
        held = attrs.pop(DATE_VARIABLE, None)
        try:
            held_on = dt.date.fromisoformat(str(held)[:10]) if held else None
        except ValueError:
            held_on = None
            attrs[DATE_VARIABLE] = held
        extra: dict[str, Any] = {}
        language = attrs.pop(LANGUAGE_VARIABLE, None)
        fictional = bool(attrs.pop(FICTIONAL_VARIABLE, False))
        if attrs:
            extra["variables"] = attrs
        if source.description:
            extra["description"] = source.description
        language_text = str(language) if language else None
        if language_text is not None and len(language_text) > 8:
            report.skip(f"source {source.name!r}: language {language_text[:40]!r} is not a language code; left out")
            language_text = None
        interview = Interview(
            town_id=tid,
            interviewee_id=case_of_source.get(source.guid),
            title=source.name,
            held_on=held_on,
            language=language_text,
            text=source.text,
            source_filename=None,
            guid=source.guid,
            provenance=FICTIONAL if fictional else STUDY,
            extra=extra,
        )
        check_object(interview, file=where, fields={"title": "TextSource name"})
        session.add(interview)
        session.flush()
        existing_sources.add(source.guid)
        add_words(session, tid, [(interview.title, interview.language), (interview.text, interview.language)])
        report.add("sources")
        for sel in source.selections:
            if not sel.codings:
                report.skip(f"source {source.name!r}: selection {sel.guid} has no code; left out")
            for coding in sel.codings:
                if coding.code_guid not in code_ids:
                    report.skip(f"source {source.name!r}: coding {coding.guid} refers to an unknown code")
                    continue
                coder = users.get(coding.user_guid or "") or (
                    coding.user_guid and users.setdefault(coding.user_guid, coding.user_guid)
                )
                segment = CodedSegment(
                    town_id=tid,
                    interview_id=interview.id,
                    code_id=code_ids[coding.code_guid],
                    start=sel.start,
                    end=sel.end,
                    coder=coder or None,
                    memo=sel.description,
                    guid=coding.guid,
                    selection_guid=sel.guid,
                    created_at=_created(coding.created or sel.created),
                    **stored_texts(source.text, sel.start, sel.end),
                )
                check_object(segment, file=where, fields={"coder": "creatingUser", "memo": "Description"})
                session.add(segment)
                report.add("codings")
    known_notes = {_note_guid(n) for n in session.scalars(select(QdaNote).where(QdaNote.town_id == tid))}
    for note in project.notes:
        if note.guid in known_notes:
            report.add("notes already present")
            continue
        known_notes.add(note.guid)
        row = QdaNote(
            town_id=tid,
            guid=note.guid,
            name=note.name,
            text=note.text,
            description=note.description,
            coder=users.get(note.user_guid or ""),
            created_at=_created(note.created),
            targets=note.targets,
        )
        check_object(row, file=where, fields={"text": "Note"})
        session.add(row)
        report.add("notes")
    session.flush()


def _created(value: str | None) -> str | None:
    """A creation time as stored (at most 40 characters; anything longer is not a time)."""
    return value if value is None or len(value) <= 40 else None


# ------------------------------------------------------------------------------------ file level


def _read(path: Path) -> bytes:
    return read_file(Path(path), MAX_FILE_BYTES)


def export_qdpx(db: Database, town: str | None, output: Path) -> dict[str, Any]:
    found = find_town(db, town)
    with db.transaction() as session:
        project = build_project(session, session.get_one(Town, found.id))
    atomic_write(Path(output), refiqda.write_qdpx(project))
    return {
        "file": str(output),
        "sources": len(project.sources),
        "codes": len(project.all_codes()),
        "codings": sum(len(sel.codings) for s in project.sources for sel in s.selections),
        "users": len(project.users),
        "cases": len(project.cases),
        "notes": len(project.notes),
    }


def import_qdpx(
    db: Database, path: Path, *, town: str | None = None, slug: str | None = None, positions: str | None = None
) -> dict[str, Any]:
    """Import a ``.qdpx`` into an existing town (``town``) or a new one named after the project.
    ``positions`` (``stored`` or ``lf``) overrides the position convention chosen for the exporting
    tool; the result's ``positions`` says which was used and why."""
    if slug is not None:
        check_slug(slug)
    if positions is not None and positions not in POSITION_CONVENTIONS:
        raise InputError(f"positions are {' or '.join(POSITION_CONVENTIONS)}", field="positions", value=positions)
    project, report = refiqda.read_qdpx(_read(path), str(path), positions=positions)
    with db.transaction() as session:
        if town is not None:
            target = session.get_one(Town, find_town(db, town).id)
        else:
            new_slug = slug or _slug(project.name)
            if session.scalar(select(Town).where(Town.slug == new_slug)) is not None:
                raise TownpathsError(f"town {new_slug!r} already exists (import into it with --town, or use --as)")
            name = project.name
            if session.scalar(select(Town).where(Town.name == name)) is not None:
                name = f"{name} ({new_slug})"  # keep display names unique, so a town can still be named by its name
            target = Town(
                slug=new_slug,
                name=check_name(name, max_chars=200, file=str(path), field="Project name"),
                description_en=project.description,
                source=f"REFI-QDA import of {Path(path).name}" + (f" ({project.origin})" if project.origin else ""),
                extra={},
            )
            check_object(target, file=str(path))
            session.add(target)
            session.flush()
        with audit.bulk(session, "import REFI-QDA", town=target, note=Path(path).name):
            load_project(session, target, project, report, where=str(path))
        return {"town": target.slug, **report.as_dict()}


def export_codebook(db: Database, town: str | None, output: Path) -> dict[str, Any]:
    found = find_town(db, town)
    with db.transaction() as session:
        roots, ids, names_sl = code_forest(session, found.id)
    if Path(output).suffix.lower() == ".csv":
        atomic_write(Path(output), to_csv(roots, names_sl))
    else:
        if not roots:
            raise InputError("the town has no codes to export")
        atomic_write(Path(output), refiqda.write_qdc(roots))
    return {"file": str(output), "codes": len(ids)}


def import_codebook(db: Database, town: str | None, path: Path, *, name: str | None = None) -> dict[str, Any]:
    if name is not None:
        name = check_name(name, max_chars=200, field="name")
    data = _read(path)
    if Path(path).suffix.lower() == ".csv":
        roots, names_sl = read_codebook_csv(data, str(path))
        report = Report()
    else:
        roots, report = refiqda.read_qdc(data, str(path))
        names_sl = None
    found = find_town(db, town)
    with db.transaction() as session, audit.bulk(session, "import codebook", town=found.id, note=Path(path).name):
        load_codes(session, found.id, roots, name or Path(path).stem, report, names_sl, where=str(path))
    return {"town": found.slug, **report.as_dict()}
