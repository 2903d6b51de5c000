"""Aligning narratives and problems across towns: townpaths suggests, a researcher confirms.

:func:`suggest` lists the pairs of narratives (or problems) of two towns whose words overlap: the
Jaccard index |A ∩ B| / |A ∪ B| of their sets of words, stop words left out. Both texts are read
in Slovene when both have a Slovene text (each word reduced to its lemma with simplemma, so
"premogovnika" and "premogovnik" are one word), else in English (lower-case words). Pairs that
already share a tag are aligned and not suggested again.

Nothing is aligned until a researcher confirms a pair: :func:`align` adds one tag to both records
(the tag then aligns them in every comparison); the change of each record and the alignment itself
are recorded in the audit log (who, when, which two records, which tag).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from sqlalchemy import select

from townpaths.core.errors import InputError, NotFound
from townpaths.core.values import check_tag, tag_list
from townpaths.storage import Database, audit
from townpaths.storage.models import Narrative, Problem
from townpaths.storage.towns import find_town

#: What can be aligned, by the name written in TOWN:KIND:KEY (singular or plural).
KINDS = {"narrative": Narrative, "narratives": Narrative, "problem": Problem, "problems": Problem}
TABLES = {Narrative: "narratives", Problem: "problems"}
#: Pairs at or above this Jaccard index are suggested.
THRESHOLD = 0.2
#: Suggestions listed at most.
MAX_SUGGESTIONS = 200
WORD = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
_EN_STOP = """a an and are as at be been but by for from has have in into is it its more most not of on or
other our over such than that the their them there these they this those to too was were which while
who will with"""
_SL_STOP = """a ali in ki je so se da na za od do pri po z s iz o v k h ter tudi kot ne pa bi bo biti smo ste
sem si to ta te tega tem ko če še že ni niso njihov njegov njen kar zaradi med nad pod pred proti
brez skozi"""
STOP_WORDS = {"en": frozenset(_EN_STOP.split()), "sl": frozenset(_SL_STOP.split())}


@lru_cache(maxsize=20_000)
def _lemma(word: str, lang: str) -> str:
    if lang != "sl":
        return word
    import simplemma

    return str(simplemma.lemmatize(word, lang="sl")).lower()


def words(text: str, lang: str) -> frozenset[str]:
    """The words of ``text`` that count (lemmas in Slovene, lower-case words in English), stop words
    and words of one letter left out."""
    stop = STOP_WORDS.get(lang, frozenset())
    out = set()
    for word in WORD.findall(text.lower()):
        if word in stop:
            continue
        lemma = _lemma(word, lang)
        if lemma not in stop:
            out.add(lemma)
    return frozenset(out)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def _language(a: dict[str, Any], b: dict[str, Any]) -> str:
    return "sl" if a.get("text_sl") and b.get("text_sl") else "en"


@dataclass(frozen=True)
class Suggestion:
    kind: str
    a: dict[str, Any]
    b: dict[str, Any]
    score: float
    shared: tuple[str, ...]
    lang: str

    def asdict(self, town_a: str, town_b: str) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "score": round(self.score, 4),
            "language": self.lang,
            "shared": list(self.shared),
            "a": f"{town_a}:{self.kind}:{self.a['position']}",
            "a_text": self.a.get(f"text_{self.lang}") or self.a["text_en"],
            "b": f"{town_b}:{self.kind}:{self.b['position']}",
            "b_text": self.b.get(f"text_{self.lang}") or self.b["text_en"],
        }


def pairs(
    kind: str, rows_a: Iterable[dict[str, Any]], rows_b: Iterable[dict[str, Any]], threshold: float
) -> list[Suggestion]:
    """The pairs of rows of two towns whose words overlap at ``threshold`` or more, best first;
    pairs already sharing a tag are left out. Pure."""
    listed_b = list(rows_b)
    out = []
    for a in rows_a:
        for b in listed_b:
            if set(a.get("tags") or []) & set(b.get("tags") or []):
                continue
            lang = _language(a, b)
            wa, wb = words(a.get(f"text_{lang}") or "", lang), words(b.get(f"text_{lang}") or "", lang)
            score = jaccard(wa, wb)
            if score >= threshold and score > 0:
                out.append(Suggestion(kind, a, b, score, tuple(sorted(wa & wb)), lang))
    out.sort(key=lambda s: (-s.score, s.a["position"], s.b["position"]))
    return out


def _rows(db: Database, town_id: int, model: Any) -> list[dict[str, Any]]:
    with db.transaction() as session:
        found = session.scalars(select(model).where(model.town_id == town_id).order_by(model.position))
        return [
            {"id": r.id, "position": r.position, "text_en": r.text_en, "text_sl": r.text_sl, "tags": list(r.tags or [])}
            for r in found
        ]


def suggest(
    db: Database,
    town_a: str,
    town_b: str,
    *,
    kinds: Iterable[str] = ("narratives", "problems"),
    threshold: float = THRESHOLD,
) -> list[dict[str, Any]]:
    """Suggested alignments of two towns' narratives and problems (best first, at most
    :data:`MAX_SUGGESTIONS`), each with its score, its shared words and the two records as
    ``TOWN:KIND:KEY`` (what :func:`align` takes)."""
    if not 0 < threshold <= 1:
        raise InputError("a threshold is above 0 and at most 1", field="--threshold", value=threshold)
    a, b = find_town(db, town_a), find_town(db, town_b)
    if a.id == b.id:
        raise InputError("suggest alignments between two different towns", field="towns", value=town_b)
    out: list[dict[str, Any]] = []
    for kind in kinds:
        model = KINDS.get(kind)
        if model is None:
            raise InputError("use narratives or problems", field="kind", value=kind)
        name = TABLES[model]
        found = pairs(name, _rows(db, a.id, model), _rows(db, b.id, model), threshold)
        out.extend(s.asdict(a.slug, b.slug) for s in found)
    out.sort(key=lambda s: -s["score"])
    return out[:MAX_SUGGESTIONS]


def parse_record(text: str) -> tuple[str, Any, int]:
    """``TOWN:KIND:KEY`` (``velenje:problems:3``) -> (town, model, position)."""
    parts = text.split(":")
    if len(parts) != 3 or not all(p.strip() for p in parts):
        raise InputError("name a record as TOWN:KIND:KEY (e.g. velenje:problems:3)", value=text)
    town, kind, key = (p.strip() for p in parts)
    model = KINDS.get(kind.lower())
    if model is None:
        raise InputError("KIND is narratives or problems", field="KIND", value=kind)
    if not key.isdigit():
        raise InputError("KEY is the record's number (its position)", field="KEY", value=key)
    return town, model, int(key)


def align(db: Database, first: str, second: str, tag: str) -> dict[str, Any]:
    """Confirm an alignment: add ``tag`` to both records (``TOWN:KIND:KEY``, the same kind, two
    towns). Everything is checked before anything is written."""
    tag = check_tag(tag, field="--tag")
    (town_a, model_a, key_a), (town_b, model_b, key_b) = parse_record(first), parse_record(second)
    if model_a is not model_b:
        raise InputError("align a narrative with a narrative, a problem with a problem", value=f"{first} {second}")
    a, b = find_town(db, town_a), find_town(db, town_b)
    if a.id == b.id:
        raise InputError("align records of two different towns", value=f"{first} {second}")
    table = TABLES[model_a]
    with db.transaction() as session:
        records = []
        for town, key, name in ((a, key_a, first), (b, key_b, second)):
            row = session.scalar(select(model_a).where(model_a.town_id == town.id, model_a.position == key))
            if row is None:
                raise NotFound(f"no {table[:-1]} {key} in {town.slug} ({name})")
            records.append(row)
        out = []
        for town, row in zip((a, b), records, strict=True):
            tags = tag_list(list(row.tags or []))
            if tag not in tags:
                row.tags = tag_list([*tags, tag])
            out.append({"record": f"{town.slug}:{table}:{row.position}", "tags": list(row.tags)})
        session.flush()
        audit.record(
            session,
            "align",
            town=a.id,
            table=table,
            record_id=records[0].id,
            after={"tag": tag, "records": [o["record"] for o in out]},
            note=f"{out[0]['record']} = {out[1]['record']} by tag {tag}",
        )
    return {"tag": tag, "records": out}
