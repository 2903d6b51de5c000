"""Rank correlation of two rankings of the same items: Kendall's tau-b, which corrects for ties.

With n items, C the pairs of items both rankings order the same way and D the pairs they order
oppositely:

    tau_b = (C - D) / sqrt((n0 - n1) (n0 - n2))

where n0 = n (n - 1) / 2, n1 = the pairs tied in the first ranking and n2 = the pairs tied in the
second (a pair tied in both counts in n1 and n2, and in neither C nor D). tau_b is 1 for the same
order, -1 for the reverse, and undefined (None) for fewer than two items or a ranking whose items
are all tied. Pure; O(n²), for the few dozen problems a town ranks.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def kendall_tau_b(x: Sequence[float], y: Sequence[float]) -> float | None:
    """Kendall's tau-b of two rankings (``x[i]`` and ``y[i]`` are item i's ranks; lower is better
    or worse alike, only the order counts). None when it is undefined."""
    if len(x) != len(y):
        raise ValueError("the two rankings must rank the same items")
    n = len(x)
    concordant = discordant = tied_x = tied_y = 0
    for i in range(n):
        for j in range(i + 1, n):
            dx, dy = x[i] - x[j], y[i] - y[j]
            if dx == 0:
                tied_x += 1
            if dy == 0:
                tied_y += 1
            if dx == 0 or dy == 0:
                continue
            if (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    pairs = n * (n - 1) // 2
    denominator = math.sqrt((pairs - tied_x) * (pairs - tied_y))
    if denominator == 0:
        return None
    return (concordant - discordant) / denominator
