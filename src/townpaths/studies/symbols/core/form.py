"""The field form of the symbol inventory as data: questions and choice lists (no I/O).

The same :class:`FormSpec` is written as an XLSForm (KoboToolbox, ODK Collect) and used to read
the exported submissions back, whether their headers and values are XML names or labels.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from townpaths.studies.symbols.core.vocab import NARRATIVES, TANGIBLE, THEMES, VISIBLE, Choice

LANGS = (("en", "English (en)"), ("sl", "Slovenian (sl)"))
FORM_ID = "townpaths_symbols"
REPEAT = "more_photos"


@dataclass
class Question:
    type: str
    name: str
    labels: dict[str, str] = field(default_factory=dict)
    required: bool = False
    choice_filter: str | None = None
    relevant: str | None = None
    hint: dict[str, str] = field(default_factory=dict)
    parameters: str | None = None

    @property
    def list_name(self) -> str | None:
        parts = self.type.split()
        return parts[1] if len(parts) == 2 and parts[0] in ("select_one", "select_multiple") else None


@dataclass
class FormChoice:
    list_name: str
    name: str
    labels: dict[str, str]
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class FormSpec:
    title: str
    questions: list[Question]
    choices: list[FormChoice]
    version: str = "1"

    def question(self, name: str) -> Question | None:
        return next((q for q in self.questions if q.name == name), None)

    def choice_name(self, list_name: str, value: str) -> str | None:
        """The choice name of a value that is a choice name or one of its labels."""
        wanted = " ".join(value.strip().lower().split())
        for c in self.choices:
            if c.list_name != list_name:
                continue
            if wanted == c.name.lower() or wanted in {" ".join(v.lower().split()) for v in c.labels.values()}:
                return c.name
        return None


def _q(type_: str, name: str, en: str, sl: str, **kw: Any) -> Question:
    return Question(type_, name, {"en": en, "sl": sl}, **kw)


def _choices(list_name: str, items: tuple[Choice, ...] | list[Choice]) -> list[FormChoice]:
    return [FormChoice(list_name, c.key.replace(" ", "_"), {"en": c.label_en, "sl": c.label_sl}) for c in items]


def symbol_form(
    categories: list[dict[str, Any]],
    types: list[dict[str, Any]],
    scales: dict[str, list[Choice]],
    *,
    version: str = "1",
) -> FormSpec:
    """The inventory form for a study's typology and scales."""
    questions = [
        Question("start", "start"),
        Question("end", "end"),
        Question("today", "today"),
        _q("text", "surveyor", "Surveyor", "Popisovalec", required=True),
        _q("select_one category", "category", "Category", "Kategorija", required=True),
        _q(
            "select_one type",
            "type",
            "Type of symbol",
            "Vrsta simbola",
            required=True,
            choice_filter="category=${category}",
        ),
        _q("text", "name", "Name of the symbol", "Ime simbola", required=True),
        _q("select_one theme", "theme", "Theme", "Tema"),
        _q("select_one tangible", "tangible", "Tangible or intangible", "Otipljiv ali neotipljiv"),
        _q("select_one visible", "visible", "Visible or invisible", "Viden ali neviden"),
        _q("geopoint", "location", "Location", "Lokacija", relevant="${tangible} != 'intangible'"),
        _q("text", "address", "Address", "Naslov"),
        _q("text", "period", "Period of origin", "Obdobje nastanka"),
        _q("text", "message", "Message: what does it tell newcomers?", "Sporočilo: kaj pove prišlekom?"),
        _q("select_one narrative", "narrative", "Narrative it carries", "Pripoved, ki jo nosi"),
        _q(
            "select_one repetition", "repetition", "How often it recurs in the town", "Kako pogosto se ponavlja v mestu"
        ),
        _q("select_one preservation", "preservation", "State of preservation", "Stanje ohranjenosti"),
        _q("select_one attitude", "attitude", "Residents' attitude", "Odnos prebivalcev"),
        _q("image", "photo", "Photo", "Fotografija", parameters="max-pixels=2048"),
        _q("begin_repeat", REPEAT, "More photos", "Dodatne fotografije"),
        _q("image", "extra_photo", "Another photo", "Dodatna fotografija", parameters="max-pixels=2048"),
        Question("end_repeat", ""),
        _q("text", "note", "Note", "Opomba"),
    ]
    choices = [
        FormChoice("category", c["key"], {"en": c["name_en"], "sl": c.get("name_sl") or c["name_en"]})
        for c in sorted(categories, key=lambda c: c["position"])
    ]
    cat_key = {c["id"]: c["key"] for c in categories}
    choices += [
        FormChoice(
            "type",
            f"t{t['no']}",
            {"en": t["name_en"], "sl": t.get("name_sl") or t["name_en"]},
            {"category": cat_key[t["category_id"]]},
        )
        for t in sorted(types, key=lambda t: t["no"])
    ]
    choices += _choices("theme", THEMES) + _choices("tangible", TANGIBLE) + _choices("visible", VISIBLE)
    choices += _choices("narrative", NARRATIVES)
    for scale in ("repetition", "preservation", "attitude"):
        choices += _choices(scale, scales[scale])
    return FormSpec("townpaths symbol inventory", questions, choices, version)
