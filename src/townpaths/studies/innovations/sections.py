"""What the case report shows of the innovation register: Table 3, the timeline, the type x period
table and the innovations per decade."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup

from townpaths.core.i18n import Translator
from townpaths.studies.innovations.core import charts
from townpaths.studies.innovations.core.periods import innovation_periods
from townpaths.studies.innovations.core.tables import table3, type_period_table
from townpaths.studies.spec import CaseReader


def innovations(case: CaseReader, tr: Translator) -> Mapping[str, Any]:
    records, periods = case.records("innovations"), case.records("periods")
    return {
        "table3": table3(records),
        "innovation_periods": innovation_periods(periods),
        "type_period": type_period_table(records, periods),
        "decades": Markup(charts.decades(records, tr)),
        "timeline": Markup(charts.timeline(records, tr)),
    }
