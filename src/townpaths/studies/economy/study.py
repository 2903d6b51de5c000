"""Employment and the economic lock-in indicators as the registry sees them."""

from __future__ import annotations

from townpaths.storage.models import Employment
from townpaths.studies.economy import compare
from townpaths.studies.economy.core.indicators import employment_label
from townpaths.studies.spec import CompareSpec, Study, TableSpec

STUDY = Study(
    name="economy",
    title="Economy",
    order=50,
    tables=(TableSpec(Employment.__table__, employment_label, overview=False),),
    cli=("townpaths.cli.commands.economy",),
    # the report's evidence quotes these indicators year by year
    compare=CompareSpec(compare.compare, public=("report",)),
)
