"""Families of parallel lines: a list, a table, a schedule, a FAQ, a gallery's captions.

Two lines that share most of their words are parallel items rather than one text printed twice
when a third line close by has their shape but other content: the rows of a meal plan, the
captions of one rally's photos, the months of a calendar. Such a pair is compared as parallel
lines (see :func:`dedup.repeats.compare.compare`, ``family=True``).

The third line is looked for among the lines sharing a MinHash band with either line (all lines of
the article, kept or not, earlier or later), the nearest first, within ``_WINDOW`` lines; it must
be similar (Jaccard of shingles at least ``_MIN_JACCARD``) and neither a copy of the line nor the
line a copy of it, compared as parallel lines are: so the months of a calendar, each row a prefix
of the next, are a family, while a headline printed three times with labels is not. The work per
pair is bounded: at most ``_PER_BAND`` lines per band and side, and ``_CHECKS`` comparisons.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence

import numpy as np

from ..lines import Line
from .near import Shingles, jaccard

__all__ = ["Families"]

_WINDOW = 64
_MIN_JACCARD = 0.5
_PER_BAND = 2
_CHECKS = 6


class Families:
    """Finds whether two lines of an article belong to a family of parallel lines.

    ``unique``: the indices of the lines with distinct normal forms (ascending), ``keys`` their
    band keys (one row each), ``copies(kept, later)``: whether ``later`` is a copy of ``kept``
    when compared as parallel lines are.
    """

    def __init__(
        self,
        lines: Sequence[Line],
        unique: Sequence[int],
        keys: np.ndarray,
        sets: Shingles,
        copies: Callable[[int, int], bool],
    ) -> None:
        self._lines, self._sets, self._copies = lines, sets, copies
        self._row = {i: r for r, i in enumerate(unique)}
        self._keys = keys
        members = np.asarray(unique, dtype=np.int64)
        self._bands: list[tuple[np.ndarray, list[int]]] = []
        for band in range(keys.shape[1]):
            order = np.argsort(keys[:, band], kind="stable")  # lines stay ascending within a key
            self._bands.append((keys[order, band], members[order].tolist()))

    def parallel(self, a: int, b: int) -> bool:
        """A third line close to ``a`` or ``b`` has their shape but other content."""
        seen = {a, b}
        checks = 0
        for x in (b, a):
            for c in self._near(x):
                if c in seen:
                    continue
                seen.add(c)
                if jaccard(self._sets[c], self._sets[x]) < _MIN_JACCARD:
                    continue
                first, second = min(c, x), max(c, x)
                if not self._copies(first, second) and not self._copies(second, first):
                    return True
                checks += 1
                if checks >= _CHECKS:
                    return False
        return False

    def _near(self, x: int) -> Iterator[int]:
        """Lines sharing a band with line ``x`` within the window, the nearest of each band first."""
        row = self._row.get(x)
        if row is None:
            return
        for band, (ranked, members) in enumerate(self._bands):
            key = self._keys[row, band]
            lo = int(np.searchsorted(ranked, key, "left"))
            hi = int(np.searchsorted(ranked, key, "right"))
            if hi - lo < 2:
                continue
            at = bisect_left(members, x, lo, hi)
            for side in (range(at - 1, lo - 1, -1), range(at, hi)):
                taken = 0
                for k in side:
                    c = members[k]
                    if c == x:
                        continue
                    if abs(c - x) > _WINDOW or taken >= _PER_BAND:
                        break
                    taken += 1
                    yield c
