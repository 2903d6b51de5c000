"""The registry of studies: a toy study added as one package plus one registration reaches the
bundle, the case API, the Velenje defaults, the report, the web shell, the CLI and the export
formats, with no other change to townpaths."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.support.people import person, sign_in
from tests.support.toy_study.models import metadata as toy_metadata
from tests.support.toy_study.study import STUDY as TOY
from townpaths.cases.case import open_case
from townpaths.cases.towns import export_case, import_case, load_velenje
from townpaths.cli.main import build_cli
from townpaths.core.errors import NotFound, TownpathsError
from townpaths.registry import BUILTIN, Registry, default_registry, load_study
from townpaths.report.build import render_report
from townpaths.storage import Database
from townpaths.web.app import Settings, create_app


@pytest.fixture
def registry() -> Registry:
    return default_registry().with_studies(TOY)


@pytest.fixture
def toy_db(tmp_path: Path, registry: Registry) -> Database:
    db = Database(tmp_path / "toy.sqlite3")
    toy_metadata.create_all(db.engine)
    load_velenje(db, registry=registry)
    return db


def test_builtin_studies_in_the_methods_order() -> None:
    registry = default_registry()
    assert [s.name for s in registry.studies] == [
        "symbols",
        "documents",
        "qda",
        "innovations",
        "sustainability",
        "economy",
        "workshop",
        "synthesis",
    ]
    assert [load_study(m).name for m in BUILTIN] == [s.name for s in registry.studies]
    assert [s.key for s in registry.report_sections()] == [
        "table1",
        "table2",
        "coding",
        "table3",
        "table4",
        "runs",
        "figure8",
        "run_solutions",
        "dualities",
        "evidence",
    ]
    # every table of the schema that belongs to a town is declared by exactly one study
    from townpaths.storage.models import SITE_TABLES, Base

    scoped = {t.name for t in Base.metadata.sorted_tables if "town_id" in t.c} - SITE_TABLES
    assert set(registry.table_specs) == scoped
    assert registry.owner("coded_segments").name == "qda"
    assert {
        "interviews",
        "interviewees",
        "coded_segments",
        "ballots",
        "workshop_participants",
    } <= registry.confidential()


def test_authoring_declarations_name_real_columns_in_import_order() -> None:
    registry = default_registry()
    assert registry.authorable() == [
        "symbol_categories",
        "symbol_types",
        "symbols",
        "documents",
        "interviewees",
        "codebooks",
        "codes",
        "innovations",
        "innovation_actors",
        "sustainability_indicators",
        "periods",
        "narratives",
        "problems",
        "solutions",
        "dualities",
        "facts",
        "narrative_segments",
        "evidence",
    ]
    # tables that are only referred to (their rows come from the studies' own commands)
    assert [n for n, a in registry.keyed().items() if not a.editable] == ["interviews", "coded_segments"]
    for name, auth in registry.keyed().items():
        columns = set(registry.table(name).c.keys())
        plain = [k for k in auth.key if auth.reference(k) is None and not (auth.tree and k == auth.tree.column)]
        named = [*plain, *auth.hidden, *auth.required, *auth.choices, *auth.numbered, *auth.generated]
        named += [r.fk for r in auth.references] + ([auth.key_from] if auth.key_from else [])
        assert set(named) <= columns, (name, set(named) - columns)
        for ref in auth.references:
            assert ref.table in registry.keyed(), (name, ref)
            assert set(ref.within) <= set(registry.authoring(ref.table).key)
    with pytest.raises(NotFound, match="unknown table 'ballots'"):
        registry.authoring("ballots")


def test_studies_that_compare_towns_and_who_sees_their_comparisons() -> None:
    registry = default_registry()
    assert [(s.name, s.compare.public) for s in registry.comparisons() if s.compare is not None] == [
        ("symbols", ("report", "map")),
        ("documents", ("report",)),
        ("innovations", ("report", "innovations")),
        ("sustainability", ()),
        ("economy", ("report",)),
        ("workshop", ("report",)),
        ("synthesis", ("report",)),
    ]
    assert TOY.compare is None and TOY not in registry.with_studies(TOY).comparisons()


def test_the_registry_refuses_clashes() -> None:
    with pytest.raises(TownpathsError, match="two studies share a name"):
        default_registry().with_studies(TOY, TOY)
    with pytest.raises(NotFound, match="unknown study 'nope'"):
        default_registry().study("nope")


def test_toy_study_reaches_every_layer(toy_db: Database, registry: Registry, tmp_path: Path) -> None:
    assert "toy" not in [s.name for s in default_registry().studies]  # the default registry is untouched

    # defaults for the shipped case, and the case API
    case = open_case("velenje", toy_db, registry)
    assert "toy_notes" in case.tables
    assert [n["text_en"] for n in case.records("toy_notes")] == ["a note on the shaft tower"]
    assert case.counts()["toy_notes"] == 1

    # the report, in both languages, with the toy section after the synthesis
    html = render_report(case, "sl")
    assert '<section id="toy" data-notes="1" data-words="6">' in html
    assert '<li id="toy_notes-1">zapis o jaškem stolpu</li>' in html
    assert html.index('id="evidence"') < html.index('id="toy"')
    assert '<a href="#toy">Toy notes</a>' in html

    # the web shell links the toy page and shows its table (to people with a role; the study's
    # route module declares who may use its route)
    app = create_app(Settings(db=toy_db.url, secret_key="test"), registry)
    viewer = person(toy_db, "viewer@velenje.example", "Vera Viewer", {"velenje": "viewer"})
    with TestClient(app) as client:
        assert client.get("/towns/velenje/toy", follow_redirects=False).status_code == 303  # sign in first
        sign_in(client, viewer, "test")
        town = client.get("/towns/velenje?lang=en").text
        assert '<a href="/towns/velenje/toy">Toy notes</a>' in town
        assert 'href="/towns/velenje/tables/toy_notes"' in town
        assert client.get("/towns/velenje/toy?lang=sl").text == '<ul class="toy"><li>zapis o jaškem stolpu</li></ul>'
        assert "a note on the shaft tower" in client.get("/towns/velenje/tables/toy_notes").text

    # the CLI
    result = CliRunner().invoke(build_cli(registry), ["toy", "--db", toy_db.url])
    assert result.exit_code == 0, result.output
    assert result.output == "a note on the shaft tower\n"

    # an export format registered by name
    fmt = registry.export_format("toy.notes-csv")
    assert fmt.write(toy_db, "velenje", tmp_path / "notes.csv") == {"file": str(tmp_path / "notes.csv"), "notes": 1}
    with (tmp_path / "notes.csv").open(encoding="utf-8") as fh:
        assert list(csv.reader(fh)) == [["text_en", "text_sl"], ["a note on the shaft tower", "zapis o jaškem stolpu"]]

    # the lossless bundle carries the toy table to another database
    bundle = export_case(toy_db, "velenje", tmp_path / "velenje.zip", registry)
    other = Database(tmp_path / "other.sqlite3")
    toy_metadata.create_all(other.engine)
    import_case(other, bundle, slug="copy", registry=registry)
    assert open_case("copy", other, registry).records("toy_notes")[0]["text_sl"] == "zapis o jaškem stolpu"
