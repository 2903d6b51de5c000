"""XLSForm files (KoboToolbox, ODK Collect): write a :class:`FormSpec`, read one back."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from townpaths.core.errors import InputError
from townpaths.formats.files import atomic_write, check_input_file
from townpaths.formats.tables import XLSX_SUFFIXES, read_sheets
from townpaths.studies.symbols.core.form import FORM_ID, LANGS, FormChoice, FormSpec, Question


def _label_cols(prefix: str) -> list[tuple[str, str]]:
    return [(lang, f"{prefix}::{name}") for lang, name in LANGS]


def form_workbook_bytes(spec: FormSpec) -> bytes:
    """The form as an XLSForm workbook (survey, choices, settings sheets)."""
    from openpyxl import Workbook

    wb = Workbook()
    survey = wb.active
    survey.title = "survey"
    labels, hints = _label_cols("label"), _label_cols("hint")
    survey.append(
        [
            "type",
            "name",
            *[c for _, c in labels],
            *[c for _, c in hints],
            "required",
            "relevant",
            "choice_filter",
            "parameters",
        ]
    )
    for q in spec.questions:
        survey.append(
            [
                q.type,
                q.name,
                *[q.labels.get(lang, "") for lang, _ in labels],
                *[q.hint.get(lang, "") for lang, _ in hints],
                "yes" if q.required else "",
                q.relevant or "",
                q.choice_filter or "",
                q.parameters or "",
            ]
        )
    choices = wb.create_sheet("choices")
    extra_cols = sorted({k for c in spec.choices for k in c.extra})
    choices.append(["list_name", "name", *[c for _, c in labels], *extra_cols])
    for c in spec.choices:
        choices.append(
            [
                c.list_name,
                c.name,
                *[c.labels.get(lang, "") for lang, _ in labels],
                *[c.extra.get(k, "") for k in extra_cols],
            ]
        )
    settings = wb.create_sheet("settings")
    settings.append(["form_title", "form_id", "version", "default_language"])
    settings.append([spec.title, FORM_ID, spec.version, LANGS[0][1]])
    for ws in (survey, choices):
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 18
        ws.column_dimensions["C"].width = 40
        ws.column_dimensions["D"].width = 40
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def write_form(spec: FormSpec, output: Path) -> Path:
    return atomic_write(Path(output), form_workbook_bytes(spec))


def _lang_of(header: str) -> str:
    """``label::Slovenian (sl)`` -> ``sl``; a plain ``label`` -> ``en``."""
    if "::" not in header:
        return "en"
    tail = header.split("::", 1)[1]
    if "(" in tail and tail.endswith(")"):
        return tail.rsplit("(", 1)[1][:-1].strip().lower()
    return tail.strip().lower()[:2]


def read_form(path: Path) -> FormSpec:
    """Read an XLSForm (e.g. the study's own edited copy of the inventory form)."""
    check_input_file(path)
    if Path(path).suffix.lower() not in XLSX_SUFFIXES:
        raise InputError("an XLSForm is an .xlsx workbook", file=str(path), value=Path(path).suffix)
    sheets = {sheet.name: sheet.rows for sheet in read_sheets(path)}
    if "survey" not in sheets:
        raise InputError("an XLSForm needs a 'survey' sheet", file=str(path))

    def rows(sheet: str) -> list[dict[str, str]]:
        table = sheets.get(sheet) or []
        header = [str(h).strip() if h is not None else "" for h in (table[0] if table else [])]
        return [{h: ("" if v is None else str(v)) for h, v in zip(header, r, strict=False) if h} for r in table[1:]]

    questions = []
    for r in rows("survey"):
        if not r.get("type"):
            continue
        labels = {_lang_of(k): v for k, v in r.items() if k.split("::")[0] == "label" and v}
        questions.append(
            Question(
                r["type"].strip(),
                r.get("name", "").strip(),
                labels,
                required=r.get("required", "").strip().lower() in ("yes", "true", "1"),
            )
        )
    choices = []
    for r in rows("choices"):
        if r.get("list_name") and r.get("name"):
            labels = {_lang_of(k): v for k, v in r.items() if k.split("::")[0] == "label" and v}
            choices.append(FormChoice(r["list_name"].strip(), r["name"].strip(), labels))
    settings = rows("settings")
    title = settings[0].get("form_title", "") if settings else ""
    return FormSpec(title or Path(path).stem, questions, choices)
