"""The toolkit knows no study: export formats are declared by the studies and found by name."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

import townpaths.formats
from townpaths.core.errors import NotFound
from townpaths.registry import default_registry


def test_formats_hold_no_per_study_table() -> None:
    registry = default_registry()
    names = {s.name for s in registry.studies} | {f.name for s in registry.studies for f in s.exports}
    for info in pkgutil.iter_modules(townpaths.formats.__path__):
        module = importlib.import_module(f"townpaths.formats.{info.name}")
        for attr, value in vars(module).items():
            if isinstance(value, dict):
                assert not names & {str(k) for k in value}, f"townpaths.formats.{info.name}.{attr}"


def test_export_formats_are_registered_by_name() -> None:
    registry = default_registry()
    formats = registry.exports()
    assert {
        "qda.qdpx",
        "qda.qdc",
        "qda.codebook-csv",
        "symbols.geojson",
        "symbols.csv",
        "symbols.xlsx",
        "innovations.csv",
        "sustainability.xlsx",
    } <= set(formats)
    for name, fmt in formats.items():
        study = name.split(".", 1)[0]
        module = getattr(fmt.write, "__module__", "")
        assert module.startswith(f"townpaths.studies.{study}."), (name, module)
        assert all(s.startswith(".") for s in fmt.suffixes)
    assert registry.export_format("qda.qdpx").suffixes == (".qdpx",)
    with pytest.raises(NotFound, match=re.escape("unknown export format 'qda.docx'")):
        registry.export_format("qda.docx")
