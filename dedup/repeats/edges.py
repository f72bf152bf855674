"""Lines that are an earlier line plus a few words at one end: a headline with a section label
("Next: ..."), a caption with its credit ("... (AP Photo)"), a video title with its duration.
Their Jaccard similarity can be low when the line is short, so they are found directly: every
kept line is filed under a hash of its normal form, and a line looks up its own normal form
without up to ``_EDGE_WORDS`` words at either end, as long as what is left is most of it. A
candidate is then compared word by word (:mod:`dedup.repeats.compare`) like any other.

The other way round (an earlier line that is this one plus a few words) is left to the near and
truncated searches: a line that is a part of an earlier one (a name, a series title, a byline
without its date) is most often another element of the page, not a copy.

Lines that spell the same letters with other word breaks (soft hyphens, "U.S." for "US") are
found the same way, by a hash of their letters without spaces.

Each line costs at most ``2 * _EDGE_WORDS + 1`` hashes of its normal form and as many dict
look-ups, whatever the article holds.

    >>> from dedup.lines import split_lines
    >>> ls = split_lines("Trump sets low expectations\\nNext: Trump sets low expectations")
    >>> e = EdgeIndex(ls)
    >>> e.keep(0)
    >>> e.candidates(1)
    [0]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import xxhash

from ..lines import Line

__all__ = ["EdgeIndex"]

# Words a label, a credit or a counter adds at one end of a line, at most.
_EDGE_WORDS = 8
# Words the two lines must share (the part left when the edge words are taken away): at least
# this many, and at least half of the line's.
_MIN_CORE_WORDS = 4


class EdgeIndex:
    """Kept lines filed by hashes of their normal forms, and of their letters without spaces."""

    def __init__(self, lines: Sequence[Line]) -> None:
        self._lines = lines
        self._whole: dict[int, int] = {}  # hash of a kept line -> the line
        self._letters: dict[int, int] = {}  # hash of a kept line's letters, spaces left out

    def keep(self, i: int) -> None:
        """Line ``i`` is kept: later lines may find it."""
        normal = self._lines[i].normal
        self._whole.setdefault(_hash(normal), i)
        self._letters.setdefault(_hash(normal.replace(" ", "")), i)

    def candidates(self, i: int) -> list[int]:
        """Kept lines that equal line ``i`` once a few words are taken from one end of it, or
        that spell the same letters with other word breaks (soft hyphens, "U.S." and "US")."""
        line = self._lines[i]
        normal = line.normal
        found = set()
        j = self._letters.get(_hash(normal.replace(" ", "")))
        if j is not None and min(line.word_count, self._lines[j].word_count) >= _MIN_CORE_WORDS:
            found.add(j)  # not a name against its handle ("Jane Doe", "@janedoe")
        for core in _cores(normal):
            j = self._whole.get(_hash(core))
            if j is not None:
                found.add(j)
        return sorted(found)


def _cores(normal: str) -> Iterator[str]:
    """``normal`` without 1 to _EDGE_WORDS words at its start, then at its end, while most of
    it (and at least _MIN_CORE_WORDS words) remains."""
    words = normal.count(" ") + 1
    most = min(_EDGE_WORDS, words - max(_MIN_CORE_WORDS, (words + 1) // 2))
    at = -1
    for _ in range(most):
        at = normal.find(" ", at + 1)
        yield normal[at + 1 :]
    at = len(normal)
    for _ in range(most):
        at = normal.rfind(" ", 0, at)
        yield normal[:at]


def _hash(text: str) -> int:
    return int(xxhash.xxh64_intdigest(text.encode("utf-8", "surrogatepass")))
