"""Previews: a line cut short with an ellipsis ("... it resp…") whose whole line follows later in
the article. The teaser goes and the full line stays, the mirror of a truncated copy (which is
the later, shorter line).

Only a line that marks its cut (an ellipsis, maybe followed by a link's word or two) is a
preview: a headline that repeats the opening words of the first paragraph is not cut and stays.
The lines that start with the preview's normal form are one contiguous range of the sorted
normal forms, found by bisection; at most ``_LOOKED_AT`` of them are looked at per preview.

    >>> from dedup.lines import split_lines
    >>> ls = split_lines("Moscow said on Monday it resp…\\nOil rose\\nMoscow said on Monday it respected the vote")
    >>> PreviewSearch(ls, [0, 1, 2]).later_lines(0)
    [2]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence

from ..lines import Line, normalize
from .compare import before_cut

__all__ = ["PreviewSearch"]

# Whole words before the cut a preview needs (as a truncated copy ending in an ellipsis does).
_MIN_WORDS = 5
# Longer lines starting with one preview looked at, at most: bounds the search per line.
_LOOKED_AT = 16
# Past every character: q + _TOP sorts after every string that starts with q.
_TOP = "\U0010ffff"


class PreviewSearch:
    """Among the kept lines ``kept`` (indices with distinct normal forms, ascending): the lines
    that may be previews, and for each the later kept lines that start with its words."""

    def __init__(self, lines: Sequence[Line], kept: Sequence[int]) -> None:
        self._queries: dict[int, str] = {}  # a cut line -> the normal form of its words before the cut
        for i in kept:
            cut = before_cut(lines[i].text)
            if cut is not None:
                query = normalize(cut)
                if query.count(" ") >= _MIN_WORDS:  # whole words before the last, maybe cut, one
                    self._queries[i] = query
        self.previews = list(self._queries)
        order = sorted(kept, key=lambda i: lines[i].normal) if self.previews else []
        self._order = order
        self._normals = [lines[i].normal for i in order]

    def later_lines(self, i: int) -> list[int]:
        """The kept lines after ``i`` whose normal form starts with line ``i``'s words before its
        cut, in order."""
        q = self._queries[i]
        lo = bisect_left(self._normals, q)
        hi = min(bisect_left(self._normals, q + _TOP), lo + _LOOKED_AT)
        return sorted(j for j in self._order[lo:hi] if j > i)
