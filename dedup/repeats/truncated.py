"""Truncated copies: a later line that is a prefix of an earlier kept line ("... it resp…").

A line's normal form is its words joined by single spaces, so a line whose words but the last are
another line's first words, and whose last word starts that line's next word, is exactly a line
whose normal form is a string prefix of the other's. All normal forms are sorted once; the lines
that start with a query are then one contiguous range of that order, found by bisection, and a
segment tree over the order gives the earliest kept line in the range. Each query and each kept
line costs O(log n), whatever the lines share: time is n log n, never quadratic.

    >>> from dedup.config import Config
    >>> from dedup.lines import split_lines
    >>> ls = split_lines("Moscow said on Monday it respected the vote\\nOil rose\\nMoscow said on Monday it resp…")
    >>> t = TruncatedSearch(ls, [0, 1, 2], Config())
    >>> t.keep(0); t.keep(1)
    >>> t.longer_kept(2)
    0
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from ..config import Config
from ..lines import Line

__all__ = ["ELLIPSES", "TruncatedSearch"]

#: How a line cut short usually ends.
ELLIPSES = ("…", "...", "[…]", "[...]")
# A truncated copy is looked up only for lines of at most this many whole words: teasers are cut after
# a sentence or two. Longer lines are still found as the longer line of a pair.
_MAX_QUERY_WORDS = 200
# Past every character: q + _TOP sorts after every string that starts with q.
_TOP = "\U0010ffff"
# 5 words suffice for a line ending in an ellipsis, whatever truncated_min_words says.
_ELLIPSIS_MIN_WORDS = 5


class TruncatedSearch:
    """The earliest kept line that a line is a truncated copy of, among ``unique`` (indices of
    lines with distinct normal forms, ascending). Lines are kept with :meth:`keep` in order."""

    def __init__(self, lines: Sequence[Line], unique: Sequence[int], config: Config) -> None:
        self._lines = lines
        least = max(1, config.truncated_min_words)
        self._queries = {i for i in unique if _is_query(lines[i], least)}
        self._active = bool(self._queries) and len(unique) > 1
        if not self._active:
            return
        order = sorted(unique, key=lambda i: lines[i].normal)
        self._normals = [lines[i].normal for i in order]
        self._rank = {i: r for r, i in enumerate(order)}
        self._size = len(order)
        # Segment tree of the smallest kept line index per rank range (leaves at _size + rank).
        self._tree = [_NONE] * (2 * self._size)

    @property
    def active(self) -> bool:
        """Some line may be a truncated copy (a query exists and there is another line)."""
        return self._active

    def keep(self, i: int) -> None:
        """Line ``i`` is kept: later queries may find it."""
        if not self._active:
            return
        pos = self._rank[i] + self._size
        tree = self._tree
        while pos >= 1 and i < tree[pos]:
            tree[pos] = i
            pos >>= 1

    def longer_kept(self, i: int) -> int | None:
        """The earliest kept line whose normal form starts with line ``i``'s, or None (also when
        line ``i`` is too short or too long to be looked up)."""
        if not self._active or i not in self._queries:
            return None
        q = self._lines[i].normal
        lo = bisect_left(self._normals, q) + self._size
        hi = bisect_left(self._normals, q + _TOP) + self._size
        best, tree = _NONE, self._tree
        while lo < hi:
            if lo & 1:
                best = min(best, tree[lo])
                lo += 1
            if hi & 1:
                hi -= 1
                best = min(best, tree[hi])
            lo >>= 1
            hi >>= 1
        return None if best == _NONE else best


_NONE = 1 << 62


def _is_query(line: Line, least: int) -> bool:
    """Long enough to count as a truncated copy (``least`` whole words before its last, maybe
    cut, word; 5 before an ellipsis), short enough to be looked up."""
    whole = line.word_count - 1
    if whole > _MAX_QUERY_WORDS or whole < 1:
        return False
    return whole >= least or (whole >= _ELLIPSIS_MIN_WORDS and line.text.endswith(ELLIPSES))
