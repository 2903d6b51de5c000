"""Benchmark of the ranking engine (issue #3).

Run from the repo root:  PYTHONPATH=src python bench/ranking.py [--quick] [--out FILE]

1. Exact Kemeny at 10 items and 1,000 ballots (ties, partial ballots), townpaths vs
   pref-voting's ``kemeny_young`` (brute force over all 10! orders), on the same profile.
   pref-voting is timed once (it takes minutes); townpaths is the median of 20 runs, each
   from the raw ballots (building the pairwise matrix included). Prints the ratio.
2. Exact Kemeny at 16, 20 (and 22, 24 for information) items, 1,000 impartial-culture
   ballots, each size in a fresh process: wall time and peak memory (max RSS).
3. How far the ILP path goes: impartial culture (hard: one big block) and Mallows (phi 0.95,
   blocks of tens of items) profiles of 100 ballots at growing sizes, solver forced to ILP,
   60 s limit per size for the proof of the optimum, then again with the tie checks.

Each measured case runs in its own subprocess so peak memory is per case.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from townpaths.ranking import Ballot, Profile, kemeny  # noqa: E402

# ------------------------------------------------------------------ profiles


def impartial(n: int, m: int, seed: int, ties: float = 0.0, partial: bool = False) -> Profile:
    rng = random.Random(seed)
    items = tuple(f"item{k:03d}" for k in range(n))
    ballots = []
    for _ in range(m):
        order = list(items)
        rng.shuffle(order)
        if partial:
            order = order[: rng.randint(max(1, n // 2), n)]
        tiers: list[set[str]] = []
        for x in order:
            if tiers and rng.random() < ties:
                tiers[-1].add(x)
            else:
                tiers.append({x})
        ballots.append(Ballot(tuple(frozenset(t) for t in tiers)))
    return Profile(items, tuple(ballots))


def mallows(n: int, m: int, phi: float, seed: int) -> Profile:
    """Mallows model around item000 > item001 > ... by repeated insertion."""
    rng = random.Random(seed)
    items = tuple(f"item{k:03d}" for k in range(n))
    ballots = []
    for _ in range(m):
        order: list[str] = []
        for i, x in enumerate(items):
            weights = [phi ** (i - j) for j in range(i + 1)]
            order.insert(rng.choices(range(i + 1), weights)[0], x)
        ballots.append(Ballot(tuple(frozenset([x]) for x in order)))
    return Profile(items, tuple(ballots))


def balanced(n: int, m: int) -> Profile:
    """Worst case for the exact search: every margin is zero, so all n! orders are optimal."""
    items = tuple(f"item{k:03d}" for k in range(n))
    up = Ballot(tuple(frozenset([x]) for x in items), weight=m // 2)
    down = Ballot(tuple(frozenset([x]) for x in reversed(items)), weight=m // 2)
    return Profile(items, (up, down))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ------------------------------------------------------------------ child cases


def case_compare(seed: int) -> dict:
    from pref_voting.other_methods import kemeny_young
    from pref_voting.profiles_with_ties import ProfileWithTies

    profile = impartial(10, 1000, seed, ties=0.15, partial=True)
    times = []
    for _ in range(20):
        fresh = Profile(profile.items, profile.ballots)  # no cached pairwise matrix
        t = time.perf_counter()
        ours = kemeny(fresh)
        times.append(time.perf_counter() - t)
    rankings = [{profile.index[x]: t + 1 for t, tier in enumerate(b.tiers) for x in tier} for b in profile.ballots]
    t = time.perf_counter()
    prof = ProfileWithTies(rankings, candidates=list(range(10)))
    prof.use_extended_strict_preference()
    build = time.perf_counter() - t
    t = time.perf_counter()
    theirs = kemeny_young(prof)
    pv = time.perf_counter() - t
    same = sorted(profile.index[x] for x in ours.winners) == theirs
    return {
        "ours_median_s": statistics.median(times),
        "pref_voting_s": pv,
        "pref_voting_profile_build_s": build,
        "ratio": pv / statistics.median(times),
        "same_winners": same,
        "peak_mb": peak_mb(),
    }


def case_kemeny(n: int, m: int, seed: int, solver: str, kind: str, time_limit: float, ties: bool = True) -> dict:
    if kind == "impartial":
        profile = impartial(n, m, seed)
    elif kind == "balanced":
        profile = balanced(n, m)
    else:
        profile = mallows(n, m, float(kind.split(":")[1]), seed)
    _ = profile.pairwise
    t = time.perf_counter()
    r = kemeny(profile, solver=solver, time_limit=time_limit, max_orders=10, tie_time_limit=None if ties else 0.0)
    return {
        "seconds": time.perf_counter() - t,
        "largest_block": max(len(b) for b in r.blocks),
        "solvers": sorted(set(r.solvers)),
        "n_optimal": r.n_optimal,
        "ties_checked": r.all_optima_known,
        "peak_mb": peak_mb(),
    }


def run_child(args: list[str], timeout: float) -> dict:
    cmd = [sys.executable, __file__, "--child", json.dumps(args)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"no result within {timeout:.0f} s"}
    if out.returncode != 0:
        last = (out.stderr.strip().splitlines() or ["failed"])[-1]
        return {"error": last}
    return json.loads(out.stdout.strip().splitlines()[-1])


# ------------------------------------------------------------------ main


def machine() -> dict:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy
    import scipy

    try:
        from importlib.metadata import version

        pv = version("pref_voting")
    except Exception:
        pv = "not installed"
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": os.cpu_count(),
        "cpu": model,
        "python": platform.python_version(),
        "numpy": numpy.__version__,
        "scipy": scipy.__version__,
        "pref_voting": pv,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--child")
    ap.add_argument("--quick", action="store_true", help="skip pref-voting and the ILP ladder")
    ap.add_argument("--out", help="also write the results as JSON here")
    a = ap.parse_args()
    if a.child:
        kind, *rest = json.loads(a.child)
        result = case_compare(*rest) if kind == "compare" else case_kemeny(*rest)
        print(json.dumps(result))
        return

    report: dict = {"machine": machine()}
    print(json.dumps(report["machine"], indent=2), flush=True)

    if not a.quick:
        print("\n[1] exact Kemeny, 10 items x 1,000 ballots: townpaths vs pref-voting", flush=True)
        c = run_child(["compare", 1], timeout=3600)
        report["compare"] = c
        if "error" in c:
            print("   ", c["error"])
        else:
            print(
                f"    townpaths {c['ours_median_s'] * 1000:.2f} ms (median of 20), "
                f"pref-voting {c['pref_voting_s']:.1f} s "
                f"(+{c['pref_voting_profile_build_s']:.2f} s building its profile); "
                f"ratio {c['ratio']:,.0f}x; same winners: {c['same_winners']}",
                flush=True,
            )

    print("\n[2] exact Kemeny, 1,000 impartial-culture ballots (one big block), DP", flush=True)
    report["kemeny"] = {}
    for n in (16, 20, 22, 24):
        c = run_child(["kemeny", n, 1000, n, "dp", "impartial", 60.0], timeout=300)
        report["kemeny"][n] = c
        if "error" in c:
            print(f"    n={n}: {c['error']}", flush=True)
        else:
            print(
                f"    n={n}: {c['seconds']:.3f} s, peak {c['peak_mb']:.0f} MB, largest block {c['largest_block']}, "
                f"optimal orders {c['n_optimal']}",
                flush=True,
            )
    print("    worst case: all margins zero (one block of n items, all n! orders optimal)", flush=True)
    report["kemeny_balanced"] = {}
    for n in (16, 20):
        c = run_child(["kemeny", n, 1000, n, "dp", "balanced", 60.0], timeout=300)
        report["kemeny_balanced"][n] = c
        if "error" in c:
            print(f"    n={n}: {c['error']}", flush=True)
        else:
            print(
                f"    n={n}: {c['seconds']:.3f} s, peak {c['peak_mb']:.0f} MB, largest block {c['largest_block']}, "
                f"optimal orders {c['n_optimal']}",
                flush=True,
            )
    for n in (16, 20):
        limit = 1.0 if n == 16 else 10.0
        cases = [report["kemeny"][n], report["kemeny_balanced"][n]]
        ok = all("error" not in c and c["seconds"] < limit and c["peak_mb"] < 2048 for c in cases)
        print(f"    target n={n} < {limit:.0f} s and < 2 GB: {'met' if ok else 'NOT met'}")

    if not a.quick:
        print("\n[3] ILP path (solver forced to ILP), 100 ballots, 60 s limit per size", flush=True)
        print("    'optimum': time to the proven optimum; 'with ties': also deciding every pair's ties", flush=True)
        report["ilp"] = {}
        ladders = (
            ("impartial", (20, 30, 40, 50, 60, 70, 80, 90, 100)),
            ("mallows:0.95", (40, 80, 120, 160, 200)),
        )
        for kind, sizes in ladders:
            report["ilp"][kind] = {}
            for n in sizes:
                opt = run_child(["kemeny", n, 100, n, "ilp", kind, 60.0, False], timeout=200)
                if "error" in opt:
                    report["ilp"][kind][n] = opt
                    print(f"    {kind} n={n}: optimum not proved within 60 s ({opt['error']})", flush=True)
                    break
                full = run_child(["kemeny", n, 100, n, "ilp", kind, 60.0, True], timeout=300)
                report["ilp"][kind][n] = {"optimum": opt, "with_ties": full}
                ties = (
                    full["error"]
                    if "error" in full
                    else f"{full['seconds']:.2f} s (ties fully checked: {full['ties_checked']})"
                )
                print(
                    f"    {kind} n={n}: optimum {opt['seconds']:.2f} s, peak {opt['peak_mb']:.0f} MB, largest block "
                    f"{opt['largest_block']}; with ties {ties}",
                    flush=True,
                )
    if a.out:
        Path(a.out).write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
