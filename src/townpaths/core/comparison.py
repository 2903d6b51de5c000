"""The shapes of a comparison of towns (issue #16): what each study's pure core returns and
:mod:`townpaths.comparison` shows, summarises and turns into DataFrames. Pure: plain data, no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: A row as the case API reads it, and as a comparison's rows are written.
Record = dict[str, Any]

#: How far apart two towns' values of a :class:`Measure` are: ``share`` (0-1: the difference),
#: ``relative`` (the difference over the larger value) or ``tau`` (Kendall's tau of a pair of towns:
#: (1 - tau) / 2, 0 for the same order, 1 for the reverse).
SHARE, RELATIVE, TAU = "share", "relative", "tau"
MEASURE_SCALES = (SHARE, RELATIVE, TAU)
#: How a :class:`Comparison` is laid out: one line per compared thing with the towns side by side,
#: or its rows as they are.
SIDE, ROWS = "side", "rows"
#: How a column's values are shown: a whole number, a share (as a percentage), a number, a rate
#: (one decimal), a year, a coefficient (three decimals), text, or a list of texts.
CELL_FORMATS = ("count", "share", "number", "rate", "year", "coefficient", "text", "list")
#: A note under a comparison: an English msgid and its parameters.
Note = tuple[str, Mapping[str, Any]]


@dataclass(frozen=True)
class Measure:
    """A number the summaries of each pair of towns weigh: one value per town (``values``, by slug)
    or, for ``tau``, one per pair of towns (``pairs``, keyed by the two slugs in the towns' order,
    with ``counts`` the number of items each value rests on). ``label`` is an English msgid whose
    ``%(name)s`` is ``name`` in the reader's language (``{"en": ..., "sl": ...}``); ``row`` is the
    key of the row of the comparison's table that shows the numbers."""

    key: str
    label: str
    scale: str
    row: str
    values: Mapping[str, float] = field(default_factory=dict)
    pairs: Mapping[tuple[str, str], float] = field(default_factory=dict)
    counts: Mapping[tuple[str, str], int] = field(default_factory=dict)
    name: Mapping[str, str | None] | None = None
    #: How the values are shown (:data:`CELL_FORMATS`); by default a share as a percentage, other
    #: values as numbers.
    format: str | None = None


@dataclass(frozen=True)
class Comparison:
    """One table of a comparison of towns, made from the towns' rows with nothing else (the numbers
    each statement of a summary rests on). Every row has ``town`` (the town's slug) and ``key`` (what
    is compared: the same key in two towns is the same thing); ``columns`` are the table's columns in
    order, a text in two languages written once (``name`` for the rows' ``name_en`` and ``name_sl``,
    shown in the reader's language). ``layout`` :data:`SIDE`: one line per key, its ``labels`` once
    and each town's ``values`` side by side; :data:`ROWS`: the rows as they are. ``title``,
    ``headers`` (column -> label) and ``notes`` are English msgids; ``formats`` tell how a column's
    values are shown (:data:`CELL_FORMATS`, text by default). ``measures`` are what the summaries of
    each pair of towns weigh."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[Record, ...]
    layout: str = SIDE
    labels: tuple[str, ...] = ()
    values: tuple[str, ...] = ()
    headers: Mapping[str, str] = field(default_factory=dict)
    formats: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[Note, ...] = ()
    measures: tuple[Measure, ...] = ()
