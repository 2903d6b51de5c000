"""The pages made quick for a large town, checked against the Python computation they replaced
(used on the Velenje case and on a small generated town, ``tests/bench``)."""

from __future__ import annotations

from typing import Any

from townpaths.core.i18n import Translator
from townpaths.present.paging import pager
from townpaths.storage import Database
from townpaths.storage.records import TownRecords
from townpaths.storage.revisions import MEMO
from townpaths.studies.innovations import service as innovations
from townpaths.studies.innovations.core import charts
from townpaths.studies.innovations.core.periods import periods_of
from townpaths.studies.innovations.core.tables import per_decade, table3, type_period_table
from townpaths.studies.qda import service as qda
from townpaths.studies.qda.service import queries
from townpaths.studies.symbols import service as symbols
from townpaths.studies.symbols.core.browse import clean_filters, filter_rows
from townpaths.studies.symbols.core.map import MAX_MAP_POINTS


def symbol_filters(db: Database, slug: str) -> list[dict[str, str]]:
    """Filters of every kind, with values the town's symbols have and values none has."""
    rows = symbols.symbol_rows(db, slug)
    out: list[dict[str, str]] = [{}, {"type_no": "03"}, {"tangible": "yes"}, {"theme": "a\x00b"}, {"q": "  "}]
    for key in ("category", "type_no", "theme", "tangible", "visible", "narrative", "source"):
        values = sorted({str(r[key]) for r in rows if r[key] is not None})
        out += [{key: v} for v in values[:3]]
    name = next(str(r["name"]) for r in rows if r["name"])
    out += [{"q": name[:4].upper()}, {"q": name[1:5].lower(), "category": str(rows[0]["category"])}]
    out += [{"q": "Š"}, {"q": "š"}, {"q": "zzzz-nothing"}]
    return out


def check_symbols(db: Database, slug: str) -> None:
    """:func:`symbols.browse` (the database filters and pages) gives what filtering every row in
    Python gave, on every page."""
    everything = symbols.symbol_rows(db, slug)
    for params in symbol_filters(db, slug):
        matched = filter_rows(everything, clean_filters(params))
        at = pager(len(matched), None)
        for page in range(1, at.count + 1):
            found = symbols.browse(db, slug, params, str(page))
            expected = pager(len(matched), str(page))
            assert found["rows"] == list(expected.slice(matched)), params
            assert found["pager"] == expected
            mapped = matched if len(matched) <= MAX_MAP_POINTS else list(expected.slice(matched))
            assert found["mapped"] == mapped and found["map_page"] == (len(mapped) < len(matched))
            assert found["total"] == len(everything) and found["filters"] == clean_filters(params)
            assert found["categories"] == sorted({r["category"] for r in everything})
            assert found["types"] == sorted({(r["type_no"], r["type"]) for r in everything})


def check_innovations(db: Database, slug: str) -> None:
    """The register and moderation pages read less and show what they showed."""
    records = innovations.innovations(db, slug)
    periods = TownRecords.find(db, slug).records("periods")
    accepted = table3(records)
    at = pager(len(accepted), None)
    for page in range(1, at.count + 1):
        view = innovations.register_view(db, slug, str(page))
        expected = pager(len(accepted), str(page))
        rows = list(expected.slice(accepted))
        assert view["rows"] == rows and view["pager"] == expected
        assert view["periods_of"] == {r["id"]: periods_of(r, periods) for r in rows}
        assert view["type_period"] == type_period_table(records, periods)
        assert view["decades"] == per_decade(records)
        assert view["waiting"] == sum(r["status"] == "proposed" for r in records)
        for lang in ("en", "sl"):
            tr = Translator(lang)
            assert charts.timeline(view["records"], tr) == charts.timeline(records, tr)
            assert charts.decades(view["records"], tr) == charts.decades(records, tr)
    queue = innovations.moderation_queue(db, slug)
    proposals = [r for r in records if r["status"] == "proposed"]
    assert queue["proposals"] == proposals
    assert queue["decided"] == [r for r in records if r["status"] in ("rejected", "merged")]
    shown = ("id", "no", "name_en", "name_sl")
    targets = [{k: r[k] for k in shown} for r in accepted] if proposals else []
    assert [{k: r[k] for k in shown} for r in queue["accepted"]] == targets


def check_qda(db: Database, slug: str) -> None:
    """The coding pages: the QDA home's page of transcripts, and the kept results equal to the ones
    computed anew."""
    everything = qda.list_interviews(db, slug)
    at = pager(len(everything), None)
    for page in range(1, at.count + 1):
        view = queries.overview(db, slug, None, str(page))
        assert view["interviews"] == list(pager(len(everything), str(page)).slice(everything))
    MEMO.clear()
    computed = _results(db, slug)
    assert MEMO.count(db) > 0
    assert _results(db, slug) == computed


def _results(db: Database, slug: str) -> tuple[Any, ...]:
    table2 = {k: v for k, v in queries.table2_view(db, slug).items() if k != "town"}
    return table2, qda.coders(db, slug), _agreement(db, slug)


def _agreement(db: Database, slug: str) -> Any:
    people = qda.coder_people(db, slug)
    return qda.agreement(db, slug) if len(people) >= 2 else None
