"""What a study declares about itself, once: its tables, pages, commands, report sections, export
formats and default data. :mod:`townpaths.registry` collects the declarations; the bundle, the
case API, the report, the web shell, the CLI and the synthesis read them from there.

Web pages and CLI commands belong to the upper layers, so a study names their modules as dotted
paths (``"townpaths.web.routes.symbols"``) and never imports them; the web app and the CLI import
them when they build themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from townpaths.core.comparison import Comparison, Record
from townpaths.core.i18n import Translator

if TYPE_CHECKING:
    from pathlib import Path

    from sqlalchemy import Table
    from sqlalchemy.orm import Session

    from townpaths.storage.db import Database
    from townpaths.storage.models import Town

#: A readable label of one row in a language (used where evidence links to records).
LabelFn = Callable[[Record, str], str]


class CaseReader(Protocol):
    """What a report section reads: one town's rows by table (:class:`townpaths.cases.case.Case`)."""

    db: Database
    town: Town

    def records(
        self,
        table: str,
        *,
        with_content: bool = False,
        ids: Collection[int] | None = None,
        columns: Sequence[str] | None = None,
    ) -> list[Record]:
        """The town's rows of ``table`` ordered by id (``ids``: only those rows; ``columns``: only
        those columns)."""
        ...

    def count(self, table: str) -> int: ...

    def show(self, table: str, ids: Collection[int]) -> None:
        """A section shows only the rows ``ids`` of ``table`` (a long list summarised): links to
        the other rows are not links (they have no anchor)."""
        ...

    def shown(self, table: str, row_id: int) -> bool:
        """Does the report show the row ``row_id`` of ``table`` (with its anchor)?"""
        ...

    def labels(self) -> Mapping[str, LabelFn]:
        """How to label a row of each table (for evidence links)."""
        ...

    def anchored(self) -> frozenset[str]:
        """Tables whose rows have an id anchor in the report."""
        ...


def text_label(column: str) -> LabelFn:
    """A label from a text column in the reader's language (``<column>_<lang>``); without a
    translation, the text in another language followed by its code (``Tito ice cream [EN]``, never
    a silent mix: :meth:`townpaths.core.i18n.Translator.field`), then the row's id."""

    def label(record: Record, lang: str) -> str:
        value = Translator(lang).field(record, column)
        return str(value) if value else str(record.get("id"))

    return label


@dataclass(frozen=True)
class Reference:
    """A foreign key as files and forms write it: the file's ``column`` (``category``) holds the
    natural key of the row of ``table`` (``symbol_categories``) that the table's ``fk`` column
    (``category_id``) points to, never a database id. ``within`` fixes some columns of the other
    table's key, and the file gives the rest (a narrative's period is its number among the
    periods whose ``scheme`` is ``narratives``)."""

    column: str
    fk: str
    table: str
    within: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Tree:
    """A hierarchy written as a path: the file's ``column`` holds the names from the root down to
    the row's own name (``name``), joined by ``separator``; the parent (``parent``) is the row whose
    path is the path without its last name. A name cannot hold the separator."""

    column: str = "path"
    parent: str = "parent_id"
    name: str = "name"
    separator: str = "/"


@dataclass(frozen=True)
class Links:
    """Links from a row to records of any table, kept in another table (``table``: one row per
    link, ``owner`` the linking row's id, ``target_table`` and ``target_id`` the record). Files
    write them in one cell (``column``) as ``table:key`` items separated by ``;``."""

    column: str
    table: str
    owner: str
    target_table: str
    target_id: str


#: A check of one row as the engine parsed it: (column, message) for each problem found.
RowCheck = Callable[[Record], list[tuple[str, str]]]


@dataclass(frozen=True)
class Authoring:
    """How people author a table, in files (``townpaths table export/import``) and in the browser
    (the forms of each table's page); read by :mod:`townpaths.cases.tables`.

    ``key``: the file columns whose values name a row within its town (its natural key: rows are
    updated by it, and other tables refer to the row by it). A file column is a column of the
    table, a :class:`Reference` (``references``, written as the other row's key), the path of a
    :class:`Tree` or the cell of :class:`Links`. Every column of the table is in the file except
    ``id``, ``town_id`` and the ``hidden`` ones (GUIDs, caches, binary content: kept as they are on
    an update, their default on a new row, or made by ``generated``). ``required`` columns must
    have a value besides those the schema requires; ``choices`` are the values a column allows;
    ``numbered`` columns get the next free number when left empty on a new row; an empty text key
    of a new row is made from the column ``key_from`` (a readable slug). ``scope`` limits the rows
    the table's files hold (e.g. the register's numbered innovations, not the proposals waiting
    for moderation). ``tags`` are JSON columns holding a list of short theme keys, written
    ``a; b; c`` (:func:`townpaths.core.values.tag_list`). ``check`` adds the table's own checks of a
    row. A table that is not
    ``editable`` is only referred to (its rows come from elsewhere: coded segments, interviews).
    The language columns (``..._en``, ``..._sl``) and the provenance columns (``provenance``,
    ``provenance_note``) are found by their names."""

    key: tuple[str, ...]
    references: tuple[Reference, ...] = ()
    hidden: tuple[str, ...] = ()
    required: tuple[str, ...] = ()
    choices: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    numbered: tuple[str, ...] = ()
    key_from: str | None = None
    generated: Mapping[str, Callable[[], Any]] = field(default_factory=dict)
    scope: Callable[[Record], bool] | None = None
    tree: Tree | None = None
    links: Links | None = None
    tags: tuple[str, ...] = ()
    check: RowCheck | None = None
    editable: bool = True

    def reference(self, column: str) -> Reference | None:
        """The reference written in the file's ``column`` (None for a plain column)."""
        return next((r for r in self.references if r.column == column), None)


@dataclass(frozen=True)
class TableSpec:
    """A case table of the study. ``anchored`` rows get an id anchor in the report (evidence links
    jump to them); ``confidential`` tables hold people's data; ``overview`` tables are listed on
    the town page; ``unpublished`` tells the rows that only the town's editors see in the tables
    pages (e.g. proposals waiting for moderation, with their proposers' names); ``secret`` columns
    are never shown there (hashes, salts); ``authoring`` says how people write the table in files
    and forms (None: the table is written only by the study's own commands)."""

    table: Table
    label: LabelFn | None = None
    anchored: bool = False
    confidential: bool = False
    overview: bool = True
    unpublished: Callable[[Record], bool] | None = None
    secret: tuple[str, ...] = ()
    authoring: Authoring | None = None

    @property
    def name(self) -> str:
        return self.table.name


@dataclass(frozen=True)
class Page:
    """A page of a town linked from the town page: a route name and its English label (msgid)."""

    endpoint: str
    label: str


@dataclass(frozen=True)
class ReportSection:
    """A section of the case report: ``context`` computes what ``template`` shows. ``order``
    places it among all studies' sections; ``toc`` is its label in the table of contents."""

    key: str
    order: int
    template: str
    context: Callable[[CaseReader, Translator], Mapping[str, Any]]
    toc: str | None = None


@dataclass(frozen=True)
class CompareSpec:
    """How a study compares towns: ``build`` reads each town's rows (never a confidential table) and
    returns its comparisons, computed by the study's pure core. ``public`` are the public parts of a
    town (:data:`townpaths.people.core.roles.PUBLIC_PARTS`) any of which shows a reader without a
    role what the comparison shows of that town; empty: only the town's viewers and up see it."""

    build: Callable[[Sequence[CaseReader]], list[Comparison]]
    public: tuple[str, ...] = ()
    #: The heading of the study's comparisons (an English msgid; the study's title by default).
    title: str | None = None


@dataclass(frozen=True)
class ExportFormat:
    """A file format a study writes, registered by name: ``write(db, subject, output)`` returns a
    summary of what it wrote. The subject is a town (slug or name, ``None`` for the only town)
    when ``scope`` is ``"town"``, or the id of a record of that kind otherwise (a workshop id for
    ``"workshop"``). ``suffixes`` tell the format from the output file's name; a format without
    suffixes writes its files into the ``output`` folder and is chosen by name."""

    name: str
    suffixes: tuple[str, ...]
    write: Callable[[Database, Any, Path], Mapping[str, Any]]
    description: str = ""
    scope: str = "town"


@dataclass(frozen=True)
class Study:
    """One study of the method."""

    name: str
    title: str
    order: int
    tables: tuple[TableSpec, ...] = ()
    pages: tuple[Page, ...] = ()
    web: tuple[str, ...] = ()
    cli: tuple[str, ...] = ()
    report: tuple[ReportSection, ...] = ()
    exports: tuple[ExportFormat, ...] = ()
    #: Extra default data for the shipped Velenje case (runs inside the loading transaction).
    seed_velenje: Callable[[Session, Town], None] | None = None
    #: The method's defaults a new town starts with (``townpaths towns create``, the New town page):
    #: rows marked provenance ``default``, editable like any other (runs inside the creating
    #: transaction, in the registry's order).
    defaults: Callable[[Session, Town], None] | None = None
    #: Package folders with Jinja templates of the study (``"package:folder"``).
    templates: tuple[str, ...] = ()
    #: How the study compares two or more towns (:mod:`townpaths.comparison`), or None.
    compare: CompareSpec | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
