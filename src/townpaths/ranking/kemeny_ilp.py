"""Exact Kemeny-Young on one block by integer linear programming (scipy's HiGHS ``milp``).

Variables ``x[i, j]`` (i < j) are 1 when ``i`` comes before ``j``. Minimise
``sum N[i][j] + x[i, j] * (N[j][i] - N[i][j])``, subject to the 3-cycle (transitivity)
constraints ``0 <= x[i, j] + x[j, k] - x[i, k] <= 1``. Those are added lazily: solve, add
every violated triangle, solve again, until the solution is a linear order; HiGHS runs with
a zero optimality gap, so the order is provably optimal. Further optimal orders are found
with "no-good" cuts (each excludes one order already found) until the optimum gets worse
or ``max_orders`` orders are known (then ``complete`` is False).
"""

from __future__ import annotations

import time

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_matrix

from townpaths.errors import TownpathsError
from townpaths.ranking.kemeny_dp import BlockSolution


class SolverTimeout(TownpathsError):
    """The ILP did not prove optimality within the time limit."""


class _Model:
    def __init__(self, counts: np.ndarray, deadline: float) -> None:
        self.n = n = counts.shape[0]
        self.iu, self.ju = np.triu_indices(n, k=1)
        self.var = -np.ones((n, n), dtype=np.int64)
        self.var[self.iu, self.ju] = np.arange(self.iu.size)
        self.const = int(counts[self.iu, self.ju].sum())
        self.c = (counts[self.ju, self.iu] - counts[self.iu, self.ju]).astype(float)
        self.deadline = deadline
        tri = np.array(
            [(i, j, k) for i in range(n) for j in range(i + 1, n) for k in range(j + 1, n)], dtype=np.int64
        ).reshape(-1, 3)
        self.tri_vars = np.stack(
            [self.var[tri[:, 0], tri[:, 1]], self.var[tri[:, 1], tri[:, 2]], self.var[tri[:, 0], tri[:, 2]]], axis=1
        )
        self.active = np.zeros(tri.shape[0], dtype=bool)
        # start with the triangles that the majority relation itself violates
        self.active = self._violated((self.c < 0).astype(float))

    def _violated(self, x: np.ndarray) -> np.ndarray:
        v = x[self.tri_vars[:, 0]] + x[self.tri_vars[:, 1]] - x[self.tri_vars[:, 2]]
        return (v < -0.5) | (v > 1.5)

    def _constraints(self, cuts: list[np.ndarray]) -> list[LinearConstraint]:
        rows = np.flatnonzero(self.active)
        m = rows.size
        tv = self.tri_vars[rows]
        data = np.tile([1.0, 1.0, -1.0], m)
        r = np.repeat(np.arange(m), 3)
        out = []
        if m:
            a = coo_matrix((data, (r, tv.ravel())), shape=(m, self.c.size)).tocsr()
            out.append(LinearConstraint(a, 0, 1))
        for order_x in cuts:  # at least one pair must differ from a known order
            coef = np.where(order_x > 0.5, 1.0, -1.0)
            out.append(LinearConstraint(coef[None, :], -np.inf, order_x.sum() - 1))
        return out

    def solve(self, cuts: list[np.ndarray], fixed: tuple[int, int] | None = None) -> tuple[int, np.ndarray] | None:
        """Optimal linear order under the cuts (cost, 0/1 vector), None when infeasible.

        ``fixed`` = (variable, value) forces one pair's order.
        """
        lb, ub = np.zeros(self.c.size), np.ones(self.c.size)
        if fixed is not None:
            lb[fixed[0]] = ub[fixed[0]] = fixed[1]
        while True:
            remaining = self.deadline - time.monotonic()
            if remaining <= 0:
                raise SolverTimeout("Kemeny ILP: time limit reached before optimality was proved")
            res = milp(
                self.c,
                integrality=np.ones(self.c.size),
                bounds=Bounds(lb, ub),
                constraints=self._constraints(cuts),
                options={"mip_rel_gap": 0.0, "time_limit": remaining, "presolve": True},
            )
            if res.status == 2:  # infeasible
                return None
            if res.status != 0 or res.x is None:
                raise SolverTimeout(f"Kemeny ILP: solver stopped ({res.message})")
            x = np.round(res.x)
            bad = self._violated(x) & ~self.active
            if not bad.any():
                return self.const + int(round(float(self.c @ x))), x
            self.active |= bad

    def order(self, x: np.ndarray) -> tuple[int, ...]:
        before = np.zeros((self.n, self.n), dtype=bool)
        before[self.iu, self.ju] = x > 0.5
        before[self.ju, self.iu] = x < 0.5
        return tuple(int(i) for i in np.argsort(-before.sum(axis=1), kind="stable"))


def solve(counts: np.ndarray, max_orders: int = 100, time_limit: float = 60.0) -> BlockSolution:
    counts = np.asarray(counts, dtype=np.int64)
    n = counts.shape[0]
    model = _Model(counts, time.monotonic() + time_limit)
    first = model.solve([])
    assert first is not None  # a linear order always exists
    best, x = first
    xs = [x]
    exhausted = False  # True once every optimal order is known
    try:
        while len(xs) < max_orders:
            nxt = model.solve(xs)
            if nxt is None or nxt[0] > best:
                exhausted = True
                break
            xs.append(nxt[1])
        if not exhausted:
            # too many optima to list: still decide, pair by pair, which pairs can flip
            stack = np.stack(xs)
            for v in range(model.c.size):
                if stack[:, v].min() != stack[:, v].max():
                    continue
                alt = model.solve([], fixed=(v, 1 - int(stack[0, v])))
                if alt is not None and alt[0] == best:
                    xs.append(alt[1])
                    stack = np.stack(xs)
        complete = True
    except SolverTimeout:
        complete = False  # the optimum is proved; some ties between optimal orders may be missing
    orders = sorted({model.order(v) for v in xs})
    pos = np.array([[o.index(i) for i in range(n)] for o in orders])
    can_precede = (pos[:, :, None] < pos[:, None, :]).any(axis=0)
    return BlockSolution(
        cost=best,
        can_precede=can_precede,
        count=len(orders) if exhausted else None,
        orders=orders[:max_orders],
        firsts=frozenset(o[0] for o in orders),
        solver="ilp",
        complete=complete,
    )
