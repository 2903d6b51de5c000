"""Reading and writing ballots: CSV and PrefLib (.soc, .soi, .toc, .toi).

CSV (read through :mod:`townpaths.formats.tables`: UTF-8, UTF-16 with a BOM or Windows-1250;
comma, semicolon or tab separated; a header row)::

    # items: Housing | Jobs | Air quality | Transport
    ranking,weight,group,voter
    Housing > Jobs = Transport,2,industry,pair-1
    Air quality > Housing,1,academia,p7

Only ``ranking`` is required (``>`` = better, ``=`` = tied, unlisted items unranked);
``weight`` defaults to 1. The optional ``# items:`` line (before the header) declares the
items, so an item nobody ranked is kept and a misspelt item is an error; without it the
items are those ranked, in order of first appearance.

PrefLib: the current format (``# KEY: value`` headers, ``# ALTERNATIVE NAME i: name``,
lines ``count: 1,2,{3,4}``). Counts must be positive integers; groups are not stored. The
data type (from the header, else the extension) is enforced: ``soc``/``soi`` allow no ties,
``soc``/``toc`` require complete ballots.

Errors are :class:`~townpaths.core.errors.InputError` naming the file and line. This module is the
engine's only door to files; the rest of :mod:`townpaths.ranking` stays pure.
"""

from __future__ import annotations

import csv
import io as _io
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path

from townpaths.core.errors import InputError
from townpaths.formats.encoding import decode_text
from townpaths.formats.files import atomic_write, read_file
from townpaths.formats.tables import TableLimits, guard, iter_csv, normalise_header, unguard
from townpaths.ranking.analysis import Analysis, analyse
from townpaths.ranking.ballots import (
    BETTER,
    ITEM_LIST,
    MAX_ITEMS,
    TIED,
    Ballot,
    Profile,
    Weight,
    first_duplicate,
    items_in_order,
    parse_tiers,
    tiers_problem,
    weight_problem,
)

PREFLIB_TYPES = ("soc", "soi", "toc", "toi")
MAX_FILE_BYTES = 50 * 1024**2
CSV_LIMITS = TableLimits(file_bytes=MAX_FILE_BYTES, rows=1_000_000, columns=100)
CSV_COLUMNS = ("ranking", "weight", "group", "voter")
#: Digits of a ballot's weight (before and after the decimal point): a weight of 10^15 people is plenty.
MAX_WEIGHT_DIGITS = 15


def read_profile(path: str | Path) -> Profile:
    """Read a CSV or PrefLib file, chosen by extension."""
    path = Path(path)
    ext = path.suffix.lower().lstrip(".")
    if ext != "csv" and ext not in PREFLIB_TYPES:
        raise InputError("unknown ballot file type; use .csv, .soc, .soi, .toc or .toi", file=str(path))
    text = decode_text(read_file(path, MAX_FILE_BYTES), str(path))
    if ext == "csv":
        return parse_csv(text, source=str(path))
    if ext in PREFLIB_TYPES:
        return parse_preflib(text, source=str(path), data_type=ext)
    raise InputError("unknown ballot file type; use .csv, .soc, .soi, .toc or .toi", file=str(path))


def write_profile(profile: Profile, path: str | Path) -> None:
    """Write a CSV or PrefLib file, chosen by extension."""
    path = Path(path)
    ext = path.suffix.lower().lstrip(".")
    if ext == "csv":
        text = format_csv(profile)
    elif ext in PREFLIB_TYPES:
        text = format_preflib(profile, data_type=ext, file_name=path.name)
    else:
        raise InputError("unknown ballot file type; use .csv, .soc, .soi, .toc or .toi", file=str(path))
    atomic_write(path, text)


# ---------------------------------------------------------------- CSV


def _parse_weight(raw: str, source: str, line: str) -> Weight:
    raw = raw.strip()
    if not raw:
        return 1
    try:
        number = Decimal(raw)
    except (InvalidOperation, ValueError, ArithmeticError):
        raise InputError("bad weight: not a number", file=source, row=line, field="weight", value=raw) from None
    if not number.is_finite():
        raise InputError("bad weight: weight must be finite", file=source, row=line, field="weight", value=raw)
    digits = number.as_tuple()
    if (
        number.adjusted() > MAX_WEIGHT_DIGITS
        or len(digits.digits) > 2 * MAX_WEIGHT_DIGITS
        or (isinstance(digits.exponent, int) and digits.exponent < -2 * MAX_WEIGHT_DIGITS)
    ):
        raise InputError(
            f"bad weight: at most {MAX_WEIGHT_DIGITS} digits before and after the decimal point",
            file=source,
            row=line,
            field="weight",
            value=raw,
        )
    exact = Fraction(number)
    value: Weight = int(exact) if exact.denominator == 1 else exact
    problem = weight_problem(value)
    if problem is not None:
        raise InputError(f"bad weight: {problem}", file=source, row=line, field="weight", value=raw)
    return value


def parse_csv(text: str, source: str = "<csv>") -> Profile:
    lines = text.splitlines(keepends=True)
    declared: list[str] | None = None
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        m = re.match(r"#\s*items\s*:(.*)$", lines[start].strip(), re.IGNORECASE)
        if m:
            declared = [x.strip() for x in m.group(1).split(ITEM_LIST) if x.strip()]
        start += 1
    records = iter_csv("".join(lines[start:]), source, limits=CSV_LIMITS, unguard_cells=False, line_offset=start)
    first = next(records, None)
    if first is None:
        raise InputError("no header row (expected a 'ranking' column)", file=source)
    header = [normalise_header(h) for h in first.cells]
    if "ranking" not in header:
        raise InputError("no 'ranking' column in the header", file=source, row=f"line {start + first.line}")
    col = {name: header.index(name) for name in CSV_COLUMNS if name in header}
    ballots: list[Ballot] = []
    known = set(declared) if declared is not None else None
    for record in records:
        row = record.cells
        line = f"line {start + record.line}"
        if not any(cell.strip() for cell in row):
            continue
        cells = {name: (row[i] if i < len(row) else "") for name, i in col.items()}
        cells = {name: (value if name == "weight" else unguard(value)) for name, value in cells.items()}
        try:
            tiers = parse_tiers(cells["ranking"])
        except InputError as exc:
            raise InputError(_core(exc), file=source, row=line, field="ranking", value=cells["ranking"]) from None
        problem = tiers_problem(tiers)
        if problem is not None:
            raise InputError(problem[0], file=source, row=line, field="ranking", value=cells["ranking"])
        if known is not None:
            for tier in tiers:
                for name in sorted(tier):
                    if name not in known:
                        raise InputError("unknown item", file=source, row=line, field="ranking", value=name)
        weight = _parse_weight(cells.get("weight", ""), source, line)
        group = cells.get("group", "").strip() or None
        voter = cells.get("voter", "").strip() or None
        ballots.append(Ballot(tiers, weight=weight, group=group, voter=voter))
    items = tuple(declared) if declared is not None else items_in_order(ballots)
    if not items:
        raise InputError("no ballots and no declared items", file=source)
    try:
        return Profile(items, tuple(ballots))
    except InputError as exc:
        raise InputError(_core(exc), file=source, field=exc.field, value=exc.value) from None


def _core(exc: InputError) -> str:
    """The bare message of an InputError (without its location prefix)."""
    return exc.reason


def _weight_text(weight: Weight) -> str:
    f = Fraction(weight) if not isinstance(weight, float) else Fraction(repr(weight))
    if f.denominator == 1:
        return str(f.numerator)
    return repr(float(weight)) if isinstance(weight, float) else str(Decimal(f.numerator) / Decimal(f.denominator))


def format_csv(profile: Profile) -> str:
    for name in profile.items:
        if any(c in name for c in (BETTER, TIED, ITEM_LIST)):
            raise InputError(
                f"item names in CSV cannot contain {BETTER!r}, {TIED!r} or {ITEM_LIST!r}", field="items", value=name
            )
    out = _io.StringIO()
    out.write(f"# items: {f' {ITEM_LIST} '.join(profile.items)}\n")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for b in profile.ballots:
        writer.writerow(
            [guard(b.text(profile.items)), _weight_text(b.weight), guard(b.group or ""), guard(b.voter or "")]
        )
    return out.getvalue()


# ---------------------------------------------------------------- PrefLib

_ORDER_LINE = re.compile(r"^\s*(\d+)\s*:\s*(.*)$")
#: Voters one line of a PrefLib file may count.
MAX_COUNT = 10**9
_COUNT_DIGITS = len(str(MAX_COUNT))


def _parse_order(body: str, n: int, source: str, line: str) -> list[list[int]]:
    tiers: list[list[int]] = []
    body = body.strip()
    if body.count(",") >= n:
        raise InputError(f"a ballot ranks at most the {n} alternatives", file=source, row=line)
    tokens = re.findall(r"\{[^{}]*\}|[^,{}]+|,", body)
    if "".join(tokens).replace(" ", "") != body.replace(" ", ""):
        raise InputError("malformed order (check the braces)", file=source, row=line, value=body)
    for token in tokens:
        tok = token.strip()
        if tok == ",":
            continue
        names = tok[1:-1].split(",") if tok.startswith("{") else [tok]
        tier = []
        for name in names:
            raw = name.strip()
            if not raw.isdigit() or not raw.isascii():
                raise InputError("alternative must be a number", file=source, row=line, value=raw)
            if len(raw) > len(str(n)) or not 1 <= int(raw) <= n:
                raise InputError("unknown item", file=source, row=line, value=int(raw) if len(raw) < 20 else raw)
            tier.append(int(raw))
        if not tier:
            raise InputError("empty tie group", file=source, row=line, value=body)
        tiers.append(tier)
    return tiers


def _header_number(value: str, key: str, source: str, line: str, high: int) -> int:
    """A count the header declares: a whole number from 0 (1 for the alternatives) to ``high``."""
    low = 1 if key == "NUMBER ALTERNATIVES" else 0
    if not value.isdigit() or not value.isascii() or len(value) > len(str(high)) or not low <= int(value) <= high:
        raise InputError(f"must be a whole number from {low} to {high}", file=source, row=line, field=key, value=value)
    return int(value)


def parse_preflib(text: str, source: str = "<preflib>", data_type: str | None = None) -> Profile:
    """A profile from PrefLib text. The header is checked against the body: the number of
    alternatives bounds every ballot and every ``ALTERNATIVE NAME``, the data type must be the
    file's (``data_type``, from its suffix) and the ballots must fit it, and the declared numbers of
    voters and unique orders must be those of the body."""
    meta: dict[str, tuple[str, str]] = {}  # key -> (value, line)
    names: dict[int, str] = {}
    ballots: list[Ballot] = []
    n: int | None = None
    voters = orders = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        line = f"line {number}"
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("#"):
            if n is not None:
                raise InputError("a header line after the first ballot", file=source, row=line, value=stripped)
            key, _, value = stripped[1:].partition(":")
            key, value = key.strip().upper(), value.strip()
            m = re.fullmatch(r"ALTERNATIVE NAME (\d+)", key)
            if m:
                if len(m.group(1)) > 6:
                    raise InputError("alternative out of range", file=source, row=line, field=key)
                names[int(m.group(1))] = value
                meta.setdefault("ALTERNATIVE NAMES", ("", line))
            else:
                meta[key] = (value, line)
            continue
        if n is None:
            n, data_type = _check_header(meta, names, source, line, data_type)
        m = _ORDER_LINE.match(stripped)
        if not m:
            raise InputError("expected 'count: order'", file=source, row=line, value=stripped)
        digits = m.group(1)
        if len(digits) > _COUNT_DIGITS or not 1 <= int(digits) <= MAX_COUNT:
            raise InputError(
                f"bad weight: a count is a whole number from 1 to {MAX_COUNT}",
                file=source,
                row=line,
                field="count",
                value=int(digits) if len(digits) < 20 else digits,
            )
        count = int(digits)
        tiers = _parse_order(m.group(2), n, source, line)
        if not tiers:
            raise InputError("empty ballot: it ranks no item", file=source, row=line)
        flat = [k for t in tiers for k in t]
        dup = first_duplicate(flat)
        if dup is not None:
            raise InputError(f"item {dup} appears twice in the ballot", file=source, row=line, value=dup)
        if data_type in ("soc", "soi") and any(len(t) > 1 for t in tiers):
            raise InputError(f"ties are not allowed in {data_type} data", file=source, row=line)
        if data_type in ("soc", "toc") and len(flat) != n:
            raise InputError(f"incomplete ballot in {data_type} data", file=source, row=line)
        ballots.append(Ballot(tuple(frozenset(names.get(k, str(k)) for k in t) for t in tiers), weight=count))
        voters += count
        orders += 1
    if n is None:
        n, data_type = _check_header(meta, names, source, None, data_type)
    for key, found in (("NUMBER VOTERS", voters), ("NUMBER UNIQUE ORDERS", orders)):
        if key in meta:
            declared = _header_number(meta[key][0], key, source, meta[key][1], MAX_COUNT * 10**6)
            if declared != found:
                raise InputError(
                    f"the header declares {declared}, the file holds {found}", file=source, field=key, value=declared
                )
    items = tuple(names.get(k, str(k)) for k in range(1, n + 1))
    dup_name = first_duplicate(items)
    if dup_name is not None:
        raise InputError("two alternatives have the same name", file=source, field="ALTERNATIVE NAME", value=dup_name)
    return Profile(items, tuple(ballots))


def _check_header(
    meta: dict[str, tuple[str, str]], names: dict[int, str], source: str, line: str | None, data_type: str | None
) -> tuple[int, str]:
    """The number of alternatives and the data type, checked against each other and the file."""
    if "NUMBER ALTERNATIVES" not in meta:
        raise InputError("missing '# NUMBER ALTERNATIVES' header", file=source, row=line)
    value, where = meta["NUMBER ALTERNATIVES"]
    n = _header_number(value, "NUMBER ALTERNATIVES", source, where, MAX_ITEMS)
    declared = meta.get("DATA TYPE")
    kind = (declared[0] if declared else data_type or "toi").lower()
    if kind not in PREFLIB_TYPES:
        raise InputError(
            "unsupported PrefLib data type",
            file=source,
            row=declared[1] if declared else None,
            field="DATA TYPE",
            value=kind,
        )
    if declared and data_type and kind != data_type:
        raise InputError(
            f"the header says {kind} but the file is .{data_type}",
            file=source,
            row=declared[1],
            field="DATA TYPE",
            value=kind,
        )
    for k in sorted(names):
        if not 1 <= k <= n:
            raise InputError(
                f"alternative {k} of {n}: out of range", file=source, field=f"ALTERNATIVE NAME {k}", value=names[k]
            )
        if not names[k]:
            raise InputError("empty alternative name", file=source, field=f"ALTERNATIVE NAME {k}")
    return n, kind


def preflib_type(profile: Profile) -> str:
    """The most specific PrefLib type the ballots fit."""
    ties = any(len(t) > 1 for b in profile.ballots for t in b.tiers)
    complete = all(len(b.ranked) == profile.n_items for b in profile.ballots)
    return ("t" if ties else "s") + ("oc" if complete else "oi")


def format_preflib(profile: Profile, data_type: str | None = None, file_name: str = "", title: str = "") -> str:
    """PrefLib text; identical ballots are merged into one counted line, most frequent first."""
    fitted = preflib_type(profile)
    data_type = data_type or fitted
    if ("t" in fitted[0] and data_type[0] == "s") or (fitted.endswith("oi") and data_type.endswith("oc")):
        raise InputError(f"these ballots do not fit PrefLib type {data_type!r} (they are {fitted!r})")
    number = {name: i for i, name in enumerate(profile.items, start=1)}
    counts: Counter[tuple[tuple[int, ...], ...]] = Counter()
    for b in profile.ballots:
        f = Fraction(b.weight) if not isinstance(b.weight, float) else Fraction(repr(b.weight))
        if f.denominator != 1:
            raise InputError("PrefLib counts must be whole numbers", field="weight", value=b.weight)
        counts[tuple(tuple(sorted(number[x] for x in t)) for t in b.tiers)] += f.numerator
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    head = [
        f"# FILE NAME: {file_name}",
        f"# TITLE: {title}",
        f"# DATA TYPE: {data_type}",
        f"# NUMBER ALTERNATIVES: {profile.n_items}",
        f"# NUMBER VOTERS: {sum(counts.values())}",
        f"# NUMBER UNIQUE ORDERS: {len(counts)}",
    ]
    head += [f"# ALTERNATIVE NAME {i}: {name}" for name, i in number.items()]
    body = [
        f"{c}: " + ",".join(str(t[0]) if len(t) == 1 else "{" + ",".join(map(str, t)) + "}" for t in order)
        for order, c in rows
    ]
    return "\n".join(head + body) + "\n"


def profile_from_rows(rows: Sequence[tuple[str, Weight]], items: Sequence[str] | None = None) -> Profile:
    """Profile from (ranking text, weight) pairs, e.g. from a web form."""
    ballots = [Ballot.parse(text, weight=w) for text, w in rows]
    return Profile(tuple(items) if items is not None else items_in_order(ballots), tuple(ballots))


def analyse_file(path: str | Path, method: str = "kemeny") -> Analysis:
    """Read a ballot file and analyse it (the library call behind ``townpaths rank``)."""
    return analyse(read_profile(path), method)
