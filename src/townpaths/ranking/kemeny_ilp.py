"""Exact Kemeny-Young on one block by integer linear programming (scipy's HiGHS ``milp``).

Variables ``x[i, j]`` (i < j) are 1 when ``i`` comes before ``j``. Minimise
``sum N[i][j] + x[i, j] * (N[j][i] - N[i][j])``, subject to the 3-cycle (transitivity)
constraints ``0 <= x[i, j] + x[j, k] - x[i, k] <= 1``. Those are added lazily: solve, add
every violated triangle, solve again, until the solution is a linear order; HiGHS runs with
a zero optimality gap, so the order is provably optimal.

Ties between optimal orders (which pairs can come in either order) are then decided: the LP
relaxation's reduced costs rule out many pairs at once (reversing such a pair provably costs
more); for the rest, an ILP looks for an optimal order (cost capped at the optimum) that
reverses as many undecided pairs as possible, repeatedly, until it finds none. Then each
item that could still come first is tried at the top (the winners). Last, if several optima
exist, more are listed with "no-good" cuts up to ``max_orders`` so that small blocks get an
exact count. The tie checks have their own time budget; when it runs out
the result says so (``complete=False``) instead of guessing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from itertools import combinations

import numpy as np
import numpy.typing as npt
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, linprog, milp
from scipy.sparse import coo_matrix, csr_matrix, vstack

from townpaths.core.errors import TownpathsError
from townpaths.ranking.kemeny_dp import BlockSolution


class SolverTimeout(TownpathsError):
    """The ILP did not prove optimality within the time limit."""


class _Model:
    def __init__(self, counts: np.ndarray, deadline: float) -> None:
        self.n = n = counts.shape[0]
        self.iu, self.ju = np.triu_indices(n, k=1)
        self.var = var = -np.ones((n, n), dtype=np.int64)
        var[self.iu, self.ju] = np.arange(self.iu.size)
        self.const = int(counts[self.iu, self.ju].sum())
        self.c = (counts[self.ju, self.iu] - counts[self.iu, self.ju]).astype(float)
        self.deadline = deadline
        tri = np.fromiter((x for t in combinations(range(n), 3) for x in t), dtype=np.int64).reshape(-1, 3)
        self.tri_vars = np.stack(
            [var[tri[:, 0], tri[:, 1]], var[tri[:, 1], tri[:, 2]], var[tri[:, 0], tri[:, 2]]], axis=1
        )
        # start with the triangles that the majority relation itself violates
        self.active = self._violated((self.c < 0).astype(float))

    def _violated(self, x: npt.NDArray[np.float64]) -> npt.NDArray[np.bool_]:
        v: npt.NDArray[np.float64] = x[self.tri_vars[:, 0]] + x[self.tri_vars[:, 1]] - x[self.tri_vars[:, 2]]
        return (v < -1e-6) | (v > 1 + 1e-6)

    def _matrix(self) -> csr_matrix:
        rows = np.flatnonzero(self.active)
        m = rows.size
        data = np.tile([1.0, 1.0, -1.0], m)
        r = np.repeat(np.arange(m), 3)
        return coo_matrix((data, (r, self.tri_vars[rows].ravel())), shape=(m, self.c.size)).tocsr()

    def _remaining(self) -> float:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise SolverTimeout("Kemeny ILP: time limit reached")
        return remaining

    def solve(
        self,
        cuts: Sequence[np.ndarray] = (),
        objective: np.ndarray | None = None,
        cost_cap: int | None = None,
        first: int | None = None,
    ) -> tuple[int, np.ndarray] | None:
        """Optimal linear order (its cost, 0/1 vector) under no-good ``cuts``; None when infeasible.

        With ``objective`` (and ``cost_cap``) another linear objective is minimised over the
        orders whose cost is at most ``cost_cap``; ``first`` forces an item to the top.
        """
        lb, ub = np.zeros(self.c.size), np.ones(self.c.size)
        if first is not None:
            lb[self.var[first, first + 1 :]] = 1  # first before every later-indexed item
            ub[self.var[:first, first]] = 0  # and every earlier-indexed item after it
        while True:
            constraints = [LinearConstraint(self._matrix(), 0, 1)] if self.active.any() else []
            for order_x in cuts:  # at least one pair must differ from a known order
                coef = np.where(order_x > 0.5, 1.0, -1.0)
                constraints.append(LinearConstraint(coef[None, :], -np.inf, order_x.sum() - 1))
            if cost_cap is not None:
                constraints.append(LinearConstraint(self.c[None, :], -np.inf, cost_cap - self.const + 0.5))
            res = milp(
                self.c if objective is None else objective,
                integrality=np.ones(self.c.size),
                bounds=Bounds(lb, ub),
                constraints=constraints,
                options={"mip_rel_gap": 0.0, "time_limit": self._remaining(), "presolve": True},
            )
            if res.status == 2:  # infeasible
                return None
            if res.status != 0 or res.x is None:
                raise SolverTimeout(f"Kemeny ILP: solver stopped ({res.message})")
            x = np.round(res.x)
            bad = self._violated(x) & ~self.active
            if not bad.any():
                return self.const + round(float(self.c @ x)), x
            self.active |= bad

    def lp(self, rounds: int = 5) -> OptimizeResult | None:
        """LP relaxation (lower bound) with lazily added triangles; the linprog result."""
        res = None
        for _ in range(rounds):
            a = self._matrix()
            res = linprog(
                self.c,
                A_ub=vstack([a, -a], format="csr") if a.shape[0] else None,
                b_ub=np.concatenate([np.ones(a.shape[0]), np.zeros(a.shape[0])]) if a.shape[0] else None,
                bounds=(0, 1),
                method="highs",
                options={"time_limit": self._remaining()},
            )
            if res.status != 0:
                return res
            bad = self._violated(res.x) & ~self.active
            if not bad.any():
                break
            self.active |= bad
        return res

    def order(self, x: np.ndarray) -> tuple[int, ...]:
        before = np.zeros((self.n, self.n), dtype=bool)
        before[self.iu, self.ju] = x > 0.5
        before[self.ju, self.iu] = x < 0.5
        return tuple(int(i) for i in np.argsort(-before.sum(axis=1), kind="stable"))


def _can_precede(model: _Model, xs: list[np.ndarray], n: int) -> np.ndarray:
    orders = [model.order(v) for v in xs]
    pos = np.array([[o.index(i) for i in range(n)] for o in orders])
    return np.asarray((pos[:, :, None] < pos[:, None, :]).any(axis=0))


def _flippable_candidates(model: _Model, best: int) -> np.ndarray:
    """Variables whose reversal in an optimal order is not ruled out by LP reduced costs.

    When the LP relaxation's optimum equals ``best``, every optimal order is an LP optimum,
    and reversing a variable with reduced cost ``d`` costs at least ``|d|`` more.
    """
    everything = np.ones(model.c.size, dtype=bool)
    res = model.lp()
    if res is None or res.status != 0 or abs(model.const + float(res.fun) - best) > 1e-6:
        return everything
    reduced: npt.NDArray[np.float64] = res.lower.marginals + res.upper.marginals
    return np.abs(reduced) <= 0.5


def solve(
    counts: np.ndarray, max_orders: int = 100, time_limit: float = 60.0, tie_time_limit: float | None = None
) -> BlockSolution:
    counts = np.asarray(counts, dtype=np.int64)
    n = counts.shape[0]
    model = _Model(counts, time.monotonic() + time_limit)
    first = model.solve()
    assert first is not None  # a linear order always exists
    best, x = first
    xs = [x]
    model.deadline = time.monotonic() + (time_limit if tie_time_limit is None else tie_time_limit)
    complete, exhausted = False, False
    try:
        # Which pairs can flip? Repeatedly look for an optimal order flipping as many
        # still-undecided pairs as possible, until none can flip.
        undecided = _flippable_candidates(model, best)
        while undecided.any():
            flip_gain = np.where(x > 0.5, 1.0, -1.0) * undecided  # minimising = flipping most
            found = model.solve(objective=flip_gain, cost_cap=best)
            assert found is not None  # x itself is feasible
            cost, y = found
            flipped = undecided & (y != x)
            if cost != best or not flipped.any():
                break
            xs.append(y)
            undecided &= ~flipped
        if len(xs) == 1:
            exhausted = True  # no pair can flip: the optimum is unique
        else:
            # who can come first (the winners): every item no other item always precedes
            can_precede = _can_precede(model, xs, n)
            firsts = {model.order(v)[0] for v in xs}
            for a in range(n):
                if a in firsts or any(can_precede[b, a] and not can_precede[a, b] for b in range(n)):
                    continue
                found = model.solve(first=a)
                if found is not None and found[0] == best:
                    xs.append(found[1])
        complete = True  # tiers and winners are exact
        while not exhausted and len(xs) < max_orders:  # list (and count) more optimal orders
            nxt = model.solve(xs)
            if nxt is None or nxt[0] > best:
                exhausted = True
            else:
                xs.append(nxt[1])
    except SolverTimeout:
        pass  # the optimum is proved; the count (or, if not complete, some ties) is unknown
    orders = sorted({model.order(v) for v in xs})
    can_precede = _can_precede(model, xs, n)
    return BlockSolution(
        cost=best,
        can_precede=can_precede,
        count=len(orders) if exhausted else None,
        orders=orders[:max_orders],
        firsts=frozenset(o[0] for o in orders),
        solver="ilp",
        complete=complete,
    )
