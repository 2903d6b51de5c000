"""Reading REFI-QDA: ``.qdpx`` packages and ``.qdc`` codebooks into the in-memory project.

Tolerant of vendor variants (``Project.qde``, ``Sources/``, GUIDs in braces, ``\\r\\n`` and BOM in
text files, missing namespace) and safe: XML through defusedxml (no DTD, no entities), the package
through :class:`~townpaths.formats.archive.SafeZip` (path traversal, count, size, compression ratio),
text files decoded strictly (:mod:`townpaths.formats.encoding`). Whatever the townpaths model
cannot hold is listed in the :class:`~townpaths.studies.qda.core.project.Report`. Writing is in
:mod:`townpaths.studies.qda.formats.refiqda`.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree as ET

from townpaths.core.errors import InputError
from townpaths.core.values import finite_number, whole_number
from townpaths.formats.archive import SafeZip, ZipLimits
from townpaths.formats.encoding import decode_text
from townpaths.formats.xmlsafe import local as _local
from townpaths.formats.xmlsafe import parse_xml
from townpaths.studies.qda.core import guids
from townpaths.studies.qda.core.codebook import MAX_CODE_DEPTH, restore_names
from townpaths.studies.qda.core.positions import Check, Choice, choose
from townpaths.studies.qda.core.project import (
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
from townpaths.studies.qda.core.text import LF, POSITION_CONVENTIONS, STORED, normalise_with_positions

MAX_MEMBERS = 100_000
MAX_TOTAL_BYTES = 4 * 1024**3
MAX_MEMBER_BYTES = 512 * 1024**2
MAX_RATIO = 200  # uncompressed / compressed, for members over 1 MB
MAX_QDE_BYTES = 256 * 1024**2  # project.qde is parsed in memory
MAX_SOURCE_BYTES = 50 * 1024**2  # one text file of sources/
VALUE_TYPES = ("Text", "Boolean", "Integer", "Float", "Date", "DateTime")


def _children(el: ET.Element, name: str) -> list[ET.Element]:
    return [c for c in el if _local(c.tag) == name]


def _child(el: ET.Element, name: str) -> ET.Element | None:
    found = _children(el, name)
    return found[0] if found else None


def _text(el: ET.Element, name: str) -> str | None:
    child = _child(el, name)
    return child.text or "" if child is not None else None


def _guid(value: str | None, where: str, report: Report) -> str:
    cleaned = guids.clean(value)
    if cleaned is None:
        if value is not None:
            report.skip(f"{where}: {value!r} is not a GUID; a new one was derived")
        return guids.derive("vendor", where, value)
    return cleaned


def _codes(parent: ET.Element, report: Report, where: str) -> list[CodeNode]:
    """The code tree under ``parent``, in document order, at most :data:`MAX_CODE_DEPTH` levels
    deep (read without recursion)."""
    roots: list[CodeNode] = []
    stack = [(el, roots, "", 0) for el in reversed(_children(parent, "Code"))]
    while stack:
        el, siblings, path, depth = stack.pop()
        name = el.get("name") or ""
        if depth >= MAX_CODE_DEPTH:
            raise InputError(f"codes nested more than {MAX_CODE_DEPTH} levels deep", file=where, value=path + name)
        node = CodeNode(
            guid=_guid(el.get("guid"), f"code {path}{name}", report),
            name=name,
            codable=(el.get("isCodable", "true").strip().lower() in ("true", "1")),
            color=el.get("color"),
            description=_text(el, "Description"),
        )
        siblings.append(node)
        stack.extend((child, node.children, f"{path}{name}/", depth + 1) for child in reversed(_children(el, "Code")))
    return roots


def _code_elements(parent: ET.Element) -> list[ET.Element]:
    """Every ``Code`` element under ``parent`` in document order (read without recursion)."""
    out: list[ET.Element] = []
    stack = list(reversed(_children(parent, "Code")))
    while stack:
        el = stack.pop()
        out.append(el)
        stack.extend(reversed(_children(el, "Code")))
    return out


def _restore_names(codes: list[CodeNode], report: Report) -> None:
    renamed = restore_names(codes)
    if renamed:
        report.add("code names without their parent's name", renamed)


def read_qdc(data: bytes, where: str = "codebook.qdc") -> tuple[list[CodeNode], Report]:
    report = Report()
    root = parse_xml(data, where)
    if _local(root.tag) != "CodeBook":
        raise InputError("not a REFI-QDA codebook (root element is not CodeBook)", file=where, value=_local(root.tag))
    codes_el = _child(root, "Codes")
    codes = _codes(codes_el, report, where) if codes_el is not None else []
    _restore_names(codes, report)
    if _child(root, "Sets") is not None:
        report.skip("code sets (Sets) are not represented")
    return codes, report


def _package(data: bytes, where: str) -> SafeZip:
    return SafeZip(
        data,
        where,
        kind=".qdpx package",
        ignore_case=True,
        limits=ZipLimits(
            members=MAX_MEMBERS, member_bytes=MAX_MEMBER_BYTES, total_bytes=MAX_TOTAL_BYTES, ratio=MAX_RATIO
        ),
    )


def _source_text(el: ET.Element, package: SafeZip, report: Report, label: str) -> str | None:
    content = _text(el, "PlainTextContent")
    if content is not None:
        return content
    path = el.get("plainTextPath")
    if not path:
        report.skip(f"{label}: no plain text (rich text only is not represented)")
        return None
    if not path.lower().startswith("internal://"):
        report.skip(f"{label}: external text file {path!r} is not represented")
        return None
    name = path[len("internal://") :]
    info = package.info(f"sources/{name}")
    if info is None:
        report.skip(f"{label}: text file {name} missing from the package")
        return None
    where = f"{package.where}/sources/{name}"
    if info.file_size > MAX_SOURCE_BYTES:
        raise InputError(f"a text file of the project is larger than {MAX_SOURCE_BYTES} bytes", file=where)
    return decode_text(package.read_info(info), where)


def _value(el: ET.Element, where: str) -> Any:
    for child in el:
        tag = _local(child.tag)
        text = (child.text or "").strip()
        if tag == "BooleanValue":
            return text.lower() in ("true", "1")
        if tag == "IntegerValue":
            return whole_number(text, file=where, field=tag)
        if tag == "FloatValue":
            return finite_number(text, file=where, field=tag)
        if tag in ("TextValue", "DateValue", "DateTimeValue"):
            return child.text or ""
    return None


def _raw_positions(sel: ET.Element) -> tuple[int, int] | None:
    try:
        return int(sel.get("startPosition", "")), int(sel.get("endPosition", ""))
    except ValueError:
        return None


def _positions(
    origin: str | None, sources: list[ET.Element], raw_texts: dict[int, str | None], asked: str | None
) -> Choice:
    """The position convention of the project (:func:`townpaths.studies.qda.core.positions.choose`),
    checked on the selections whose names quote their text."""
    checks: list[Check] = []
    crlf = False
    for el in sources:
        raw = raw_texts.get(id(el))
        if raw is None:
            continue
        crlf = crlf or "\r\n" in raw
        cut = {c: normalise_with_positions(raw, c) for c in POSITION_CONVENTIONS}
        for sel in _children(el, "PlainTextSelection"):
            span = _raw_positions(sel)
            if not sel.get("name") or span is None or not 0 <= span[0] <= span[1]:
                continue
            passages: dict[str, str | None] = {}
            for convention, (text, position) in cut.items():
                start, end = position(span[0]), position(span[1])
                passages[convention] = text[start:end] if end <= len(text) else None
            checks.append(Check(sel.get("name"), passages[STORED], passages[LF]))
    return choose(origin, checks, asked=asked, crlf=crlf)


def read_qdpx(data: bytes, where: str = "project.qdpx", *, positions: str | None = None) -> tuple[Project, Report]:
    """Parse a ``.qdpx`` package into a :class:`Project` plus a report of what was left out.

    The positions of text selections are read in the convention of the exporting tool (see
    :mod:`townpaths.studies.qda.core.positions`), or in ``positions`` (``stored`` or ``lf``) when
    given; the report's ``positions`` says which and why."""
    package = _package(data, where)
    info = package.info("project.qde")
    if info is None:
        raise InputError("no project.qde in the package", file=where)
    if info.file_size > MAX_QDE_BYTES:
        raise InputError(f"project.qde is larger than {MAX_QDE_BYTES} bytes unpacked", file=where)
    report = Report()
    root = parse_xml(package.read_info(info), f"{where}/project.qde")
    if _local(root.tag) != "Project":
        raise InputError("not a REFI-QDA project (root element is not Project)", file=where)
    project = Project(
        name=root.get("name") or "Imported project", origin=root.get("origin"), description=_text(root, "Description")
    )
    note_targets: dict[str, list[str]] = {}

    def note_refs(el: ET.Element, target: str) -> None:
        for ref in _children(el, "NoteRef"):
            note_targets.setdefault(_guid(ref.get("targetGUID"), "NoteRef", report), []).append(target)

    users = _child(root, "Users")
    for el in _children(users, "User") if users is not None else []:
        guid = _guid(el.get("guid"), "user", report)
        project.users.append(User(guid=guid, name=el.get("name") or el.get("id") or guid))
    book = _child(root, "CodeBook")
    codes_el = _child(book, "Codes") if book is not None else None
    if codes_el is not None:
        project.codes = _codes(codes_el, report, where)
        _restore_names(project.codes, report)
        for el in _code_elements(codes_el):
            note_refs(el, _guid(el.get("guid"), "code", report))
    variables = _child(root, "Variables")
    for el in _children(variables, "Variable") if variables is not None else []:
        kind = el.get("typeOfVariable") or "Text"
        project.variables.append(
            VariableDef(
                guid=_guid(el.get("guid"), "variable", report),
                name=el.get("name") or "",
                type=kind if kind in VALUE_TYPES else "Text",
                description=_text(el, "Description"),
            )
        )

    def values(el: ET.Element) -> dict[str, Any]:
        out = {}
        for vv in _children(el, "VariableValue"):
            ref = _child(vv, "VariableRef")
            if ref is not None:
                out[_guid(ref.get("targetGUID"), "VariableRef", report)] = _value(vv, where)
        return out

    cases = _child(root, "Cases")
    for el in _children(cases, "Case") if cases is not None else []:
        case = QdaCase(
            guid=_guid(el.get("guid"), "case", report),
            name=el.get("name") or "",
            description=_text(el, "Description"),
            variables=values(el),
            source_guids=[_guid(r.get("targetGUID"), "SourceRef", report) for r in _children(el, "SourceRef")],
        )
        for tag in ("CodeRef", "SelectionRef"):
            if _children(el, tag):
                report.skip(f"case {case.name!r}: {tag} links are not represented")
        project.cases.append(case)
    sources = _child(root, "Sources")
    source_elements = list(sources) if sources is not None else []
    raw_texts = {
        id(el): _source_text(el, package, report, f"TextSource {el.get('name')!r}")
        for el in source_elements
        if _local(el.tag) == "TextSource"
    }
    choice = _positions(project.origin, source_elements, raw_texts, positions)
    report.positions = choice.as_dict()
    for el in source_elements:
        tag = _local(el.tag)
        label = f"{tag} {el.get('name')!r}"
        if tag != "TextSource":
            report.skip(f"{label}: only text sources are represented")
            continue
        raw = raw_texts[id(el)]
        if raw is None:
            if _children(el, "PlainTextSelection"):
                report.skip(f"{label}: {len(_children(el, 'PlainTextSelection'))} coded selections left out with it")
            continue
        text, position = normalise_with_positions(raw, choice.convention)
        source = Source(
            guid=_guid(el.get("guid"), "source", report),
            name=el.get("name") or "",
            text=text,
            description=_text(el, "Description"),
            variables=values(el),
        )
        note_refs(el, source.guid)
        if _children(el, "Coding"):
            report.skip(f"{label}: codings of the whole source are not represented")
        for sel in _children(el, "PlainTextSelection"):
            span = _raw_positions(sel)
            if span is None:
                report.skip(f"{label}: selection {sel.get('guid')} has no valid positions")
                continue
            raw_start, raw_end = span
            start, end = position(raw_start), position(raw_end)
            if not 0 <= start <= end <= len(text) or not raw_start >= 0:
                report.skip(f"{label}: selection {sel.get('guid')} [{raw_start}, {raw_end}) is outside the text")
                continue
            selection = Selection(
                guid=_guid(sel.get("guid"), "selection", report),
                start=start,
                end=end,
                name=sel.get("name"),
                description=_text(sel, "Description"),
                user_guid=guids.clean(sel.get("creatingUser")),
                created=sel.get("creationDateTime"),
            )
            note_refs(sel, selection.guid)
            for coding in _children(sel, "Coding"):
                ref = _child(coding, "CodeRef")
                if ref is None:
                    continue
                c = Coding(
                    guid=_guid(coding.get("guid"), "coding", report),
                    code_guid=_guid(ref.get("targetGUID"), "CodeRef", report),
                    user_guid=guids.clean(coding.get("creatingUser")) or selection.user_guid,
                    created=coding.get("creationDateTime"),
                )
                note_refs(coding, c.guid)
                selection.codings.append(c)
            source.selections.append(selection)
        project.sources.append(source)
    notes = _child(root, "Notes")
    for el in _children(notes, "Note") if notes is not None else []:
        note_text = _source_text(el, package, report, f"note {el.get('name')!r}")
        guid = _guid(el.get("guid"), "note", report)
        project.notes.append(
            Note(
                guid=guid,
                name=el.get("name"),
                text=note_text or "",
                description=_text(el, "Description"),
                user_guid=guids.clean(el.get("creatingUser")),
                created=el.get("creationDateTime"),
                targets=[t for t in note_targets.get(guid, []) if t],
            )
        )
        if _children(el, "PlainTextSelection"):
            report.skip(f"note {el.get('name')!r}: codings inside notes are not represented")
    note_refs(root, "")
    for tag in ("Links", "Sets", "Graphs"):
        part = _child(root, tag)
        if part is not None and len(part):
            report.skip(f"{tag} ({len(part)}) are not represented")
    return project, report
