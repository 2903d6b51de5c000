"""REFI-QDA exchange: ``.qdpx`` projects (``project.qde`` + ``sources/``) and ``.qdc`` codebooks.

Writing (here) is deterministic (same project -> same bytes): lowercase ``sources/``, text sources as
``sources/<GUID>.txt`` referenced as ``internal://<GUID>.txt``, UTF-8 without BOM, ``\n`` line endings
only (so positions are the same in every convention), code names unique across the codebook
(:func:`~townpaths.studies.qda.core.codebook.exchange_names`; reading undoes them). Reading (tolerant of
vendor variants, safe against hostile ZIP and XML) is in :mod:`townpaths.studies.qda.formats.refiqda_read`,
re-exported here.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

from townpaths.studies.qda.core.codebook import exchange_names
from townpaths.studies.qda.core.project import CodeNode, Project, VariableDef
from townpaths.studies.qda.formats.refiqda_read import read_qdc, read_qdpx

__all__ = ["read_qdc", "read_qdpx", "write_qdc", "write_qde", "write_qdpx"]

NS_PROJECT = "urn:QDA-XML:project:1.0"
NS_CODEBOOK = "urn:QDA-XML:codebook:1.0"
DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")
VALUE_ELEMENTS = {
    "Text": "TextValue",
    "Boolean": "BooleanValue",
    "Integer": "IntegerValue",
    "Float": "FloatValue",
    "Date": "DateValue",
    "DateTime": "DateTimeValue",
}


# ----------------------------------------------------------------------------------------- writing


def _el(parent: ET.Element, tag: str, ns: str = NS_PROJECT, **attrs: Any) -> ET.Element:
    clean = {k: str(v) for k, v in attrs.items() if v is not None}
    return ET.SubElement(parent, f"{{{ns}}}{tag}", clean)


def _text_el(parent: ET.Element, tag: str, text: str | None, ns: str = NS_PROJECT) -> None:
    if text is not None and text != "":
        _el(parent, tag, ns).text = text


def _dt(value: str | None) -> str | None:
    return value if value and DATETIME_RE.match(value) else None


def _color(value: str | None) -> str | None:
    return value if value and re.fullmatch(r"#([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})", value) else None


def _serialise(root: ET.Element, ns: str) -> bytes:
    ET.register_namespace("", ns)
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _code_el(
    parent: ET.Element, code: CodeNode, notes_by_target: dict[str, list[str]], ns: str, names: dict[str, str]
) -> None:
    el = _el(
        parent,
        "Code",
        ns,
        guid=code.guid,
        name=names[code.guid],
        isCodable="true" if code.codable else "false",
        color=_color(code.color),
    )
    _text_el(el, "Description", code.description, ns)
    if ns == NS_PROJECT:
        for note_guid in notes_by_target.get(code.guid, []):
            _el(el, "NoteRef", targetGUID=note_guid)
    for child in code.children:
        _code_el(el, child, notes_by_target, ns, names)


def _value_el(parent: ET.Element, var: VariableDef, value: Any) -> None:
    vv = _el(parent, "VariableValue")
    _el(vv, "VariableRef", targetGUID=var.guid)
    tag = VALUE_ELEMENTS.get(var.type, "TextValue")
    _el(vv, tag).text = ("true" if value else "false") if isinstance(value, bool) else str(value)


def write_qde(project: Project) -> tuple[bytes, dict[str, bytes]]:
    """``project.qde`` bytes and the files of ``sources/`` (name -> bytes)."""
    notes_by_target: dict[str, list[str]] = {}
    for note in project.notes:
        for target in note.targets or [""]:
            notes_by_target.setdefault(target, []).append(note.guid)
    variables = {v.guid: v for v in project.variables}
    root = ET.Element(f"{{{NS_PROJECT}}}Project", {"name": project.name})
    if project.origin:
        root.set("origin", project.origin)
    if project.users:
        users = _el(root, "Users")
        for user in project.users:
            _el(users, "User", guid=user.guid, name=user.name)
    if project.codes:
        codes = _el(_el(root, "CodeBook"), "Codes")
        names = exchange_names(project.codes)
        for code in project.codes:
            _code_el(codes, code, notes_by_target, NS_PROJECT, names)
    if project.variables:
        el = _el(root, "Variables")
        for var in project.variables:
            v = _el(el, "Variable", guid=var.guid, name=var.name, typeOfVariable=var.type)
            _text_el(v, "Description", var.description)
    if project.cases:
        el = _el(root, "Cases")
        for case in project.cases:
            c = _el(el, "Case", guid=case.guid, name=case.name)
            _text_el(c, "Description", case.description)
            for guid, value in case.variables.items():
                _value_el(c, variables[guid], value)
            for guid in case.source_guids:
                _el(c, "SourceRef", targetGUID=guid)
    files: dict[str, bytes] = {}
    if project.sources:
        el = _el(root, "Sources")
        for source in project.sources:
            path = f"{source.guid}.txt"
            files[f"sources/{path}"] = source.text.encode("utf-8")
            s = _el(el, "TextSource", guid=source.guid, name=source.name, plainTextPath=f"internal://{path}")
            _text_el(s, "Description", source.description)
            for sel in sorted(source.selections, key=lambda x: (x.start, x.end, x.guid)):
                p = _el(
                    s,
                    "PlainTextSelection",
                    guid=sel.guid,
                    name=sel.name,
                    startPosition=sel.start,
                    endPosition=sel.end,
                    creatingUser=sel.user_guid,
                    creationDateTime=_dt(sel.created),
                )
                _text_el(p, "Description", sel.description)
                for coding in sel.codings:
                    c = _el(
                        p,
                        "Coding",
                        guid=coding.guid,
                        creatingUser=coding.user_guid,
                        creationDateTime=_dt(coding.created),
                    )
                    _el(c, "CodeRef", targetGUID=coding.code_guid)
                    for note_guid in notes_by_target.get(coding.guid, []):
                        _el(c, "NoteRef", targetGUID=note_guid)
                for note_guid in notes_by_target.get(sel.guid, []):
                    _el(p, "NoteRef", targetGUID=note_guid)
            for note_guid in notes_by_target.get(source.guid, []):
                _el(s, "NoteRef", targetGUID=note_guid)
            for guid, value in source.variables.items():
                _value_el(s, variables[guid], value)
    if project.notes:
        el = _el(root, "Notes")
        for note in project.notes:
            n = _el(
                el,
                "Note",
                guid=note.guid,
                name=note.name,
                creatingUser=note.user_guid,
                creationDateTime=_dt(note.created),
            )
            _text_el(n, "Description", note.description)
            _el(n, "PlainTextContent").text = note.text
    _text_el(root, "Description", project.description)
    for note_guid in notes_by_target.get("", []):
        _el(root, "NoteRef", targetGUID=note_guid)
    return _serialise(root, NS_PROJECT), files


def write_qdpx(project: Project) -> bytes:
    """The ``.qdpx`` package as bytes (fixed timestamps, sorted members: reproducible)."""
    qde, files = write_qde(project)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [("project.qde", qde), *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=(2019, 3, 18, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def write_qdc(codes: list[CodeNode], origin: str = "townpaths") -> bytes:
    root = ET.Element(f"{{{NS_CODEBOOK}}}CodeBook", {"origin": origin})
    el = _el(root, "Codes", NS_CODEBOOK)
    names = exchange_names(codes)
    for code in codes:
        _code_el(el, code, {}, NS_CODEBOOK, names)
    return _serialise(root, NS_CODEBOOK)
