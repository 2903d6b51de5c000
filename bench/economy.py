"""Benchmark of the economic lock-in indicators on a large employment table.

Generates synthetic employment (default 10 years x 50,000 firms, 600 NACE codes in 88 divisions,
plus a national reference by NACE code), then times ``townpaths.studies.economy.core.compute.by_year`` (pure
Python over records, as ``Case.records("employment")`` gives them) against the peer: the same
indicators with pandas + numpy group-bys and ``scipy.stats.entropy``. The values are checked
equal (1e-9) before the ratio is printed. It also times ``townpaths economy import`` of the CSV
into SQLite (one transaction, evidence refreshed).

    PYTHONPATH=src python bench/economy.py [--years 10] [--firms 50000]
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import random
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.stats import entropy

from timing import timed  # bench/timing.py (scripts run from bench/ or with it on the path)
from townpaths.storage import Database
from townpaths.storage.models import Town
from townpaths.studies.economy.core.compute import by_year
from townpaths.studies.economy.service import import_employment


def generate(years: int, firms: int, seed: int = 1) -> list[dict]:
    rng = random.Random(seed)
    codes = [f"{d:02d}.{k}" for d in range(1, 89) for k in range(1, 8)][:600]
    firm_code = [rng.choice(codes) for _ in range(firms)]
    rows = []
    for y in range(2010, 2010 + years):
        for f in range(firms):
            size = 2000 if f < 2 else max(1, int(rng.paretovariate(1.2)))
            rows.append({"year": y, "area": "town", "firm": f"firm{f}", "nace": firm_code[f], "employees": float(size)})
        for c in codes:
            rows.append(
                {"year": y, "area": "national", "firm": None, "nace": c, "employees": float(rng.randint(10, 5000))}
            )
    return rows


def peer(rows: list[dict]) -> dict[int, dict]:
    df = pd.DataFrame.from_records(rows)
    out = {}
    for year, g in df.groupby("year", sort=True):
        town, nat = g[g.area == "town"], g[g.area == "national"]
        firms = town.groupby("firm").employees.sum()
        s = (firms / firms.sum()).to_numpy()
        h = float(np.sum(s * s))
        n = len(s)
        sectors = town.groupby("nace").employees.sum()
        p = sectors / sectors.sum()
        div = p.groupby(p.index.str.replace(r"\D", "", regex=True).str[:2]).sum()
        tv, uv = entropy(p, base=2), entropy(div, base=2)
        ref = nat.groupby("nace").employees.sum()
        lq = p / (ref / ref.sum()).reindex(p.index)
        out[year] = {
            "top2": float(np.sort(s)[-2:].sum()),
            "hhi": h,
            "hhi_n": (h - 1 / n) / (1 - 1 / n),
            "tv": float(tv),
            "uv": float(uv),
            "rv": float(tv - uv),
            "lq": lq.to_dict(),
        }
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--years", type=int, default=10)
    ap.add_argument("--firms", type=int, default=50000)
    args = ap.parse_args()
    rows = generate(args.years, args.firms)
    print(
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"{len(rows):,} employment rows ({args.years} years x {args.firms:,} firms + national reference)"
    )
    t_ours, ours = timed(lambda: by_year(rows))
    t_peer, theirs = timed(lambda: peer(rows))
    for y, v in ours.items():
        t = theirs[y]
        c, va = v["concentration"], v["variety"]
        for a, b in (
            (c["top2_share"], t["top2"]),
            (c["hhi"], t["hhi"]),
            (c["hhi_normalised"], t["hhi_n"]),
            (va["total"], t["tv"]),
            (va["unrelated"], t["uv"]),
            (va["related"], t["rv"]),
        ):
            assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-12), (y, a, b)
        assert all(math.isclose(v["location_quotients"][k], t["lq"][k], rel_tol=1e-9) for k in t["lq"])
    print(
        f"indicators, townpaths by_year: {t_ours:.3f} s; pandas+numpy+scipy peer: {t_peer:.3f} s; "
        f"ratio townpaths/peer = {t_ours / t_peer:.2f} (values equal to 1e-9)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "employment.csv"
        with path.open("w", newline="", encoding="utf-8") as fh:
            w = csv.DictWriter(fh, ["year", "area", "firm", "nace", "employees"])
            w.writeheader()
            w.writerows(rows)
        db = Database(Path(tmp) / "b.sqlite3")
        with db.transaction() as session:
            session.add(Town(slug="bench", name="Bench"))
        t0 = time.perf_counter()
        result = import_employment(db, "bench", path)
        t_import = time.perf_counter() - t0
        print(
            f"economy import of {result['imported']:,} rows into SQLite with evidence refresh: {t_import:.2f} s "
            f"({result['imported'] / t_import:,.0f} rows/s, {len(result['evidence'])} evidence items)"
        )
        db.dispose()


if __name__ == "__main__":
    main()
