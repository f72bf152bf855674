"""Lines that are an earlier line plus a few words at one end: a headline with a section label
("Next: ..."), a caption with its credit ("... (AP Photo)"), a video title with its duration.
Their Jaccard similarity can be low when the line is short, so they are found directly: every
kept line is filed under its normal form, and a line looks up its own normal form
without up to ``_EDGE_WORDS`` words at either end, as long as what is left is most of it. A
candidate is then compared word by word (:mod:`dedup.repeats.compare`) like any other.

The other way round (an earlier line that is this one plus a few words) is left to the near and
truncated searches: a line that is a part of an earlier one (a name, a series title, a byline
without its date) is most often another element of the page, not a copy.

Lines that spell the same letters with other word breaks (soft hyphens, "U.S." for "US") are
found the same way, by their letters without spaces.

Each line costs at most ``2 * _EDGE_WORDS + 1`` dict look-ups, whatever the article holds.

    >>> from dedup.lines import split_lines
    >>> ls = split_lines("Trump sets low expectations\\nNext: Trump sets low expectations")
    >>> e = EdgeIndex(ls)
    >>> e.keep(0)
    >>> e.candidates(1)
    [0]
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..lines import Line

__all__ = ["EdgeIndex"]

# Words a label, a credit or a counter adds at one end of a line, at most.
_EDGE_WORDS = 8
# Words the two lines must share (the part left when the edge words are taken away): at least
# this many, and at least half of the line's.
_MIN_CORE_WORDS = 4


class EdgeIndex:
    """Kept lines filed by their normal forms, and by their letters without spaces.

    A line's cores are only looked up when a kept line has their length: most articles have no
    kept line of any of a line's core lengths, and a line then costs a few ``str.find`` calls.
    """

    def __init__(self, lines: Sequence[Line]) -> None:
        self._lines = lines
        self._whole: dict[str, int] = {}  # normal form of a kept line -> the line
        self._lengths: set[int] = set()  # lengths of those normal forms
        self._letters: dict[str, int] = {}  # a kept line's letters, spaces left out -> the line

    def keep(self, i: int) -> None:
        """Line ``i`` is kept: later lines may find it."""
        normal = self._lines[i].normal
        self._whole.setdefault(normal, i)
        self._lengths.add(len(normal))
        self._letters.setdefault(normal.replace(" ", ""), i)

    def candidates(self, i: int) -> list[int]:
        """Kept lines that equal line ``i`` once a few words are taken from one end of it, or
        that spell the same letters with other word breaks (soft hyphens, "U.S." and "US")."""
        line = self._lines[i]
        normal = line.normal
        found = set()
        j = self._letters.get(normal.replace(" ", ""))
        if j is not None and min(line.word_count, self._lines[j].word_count) >= _MIN_CORE_WORDS:
            found.add(j)  # not a name against its handle ("Jane Doe", "@janedoe")
        whole, lengths = self._whole, self._lengths
        for start, end in _cores(normal):
            if end - start in lengths:
                j = whole.get(normal[start:end])
                if j is not None:
                    found.add(j)
        return sorted(found)


def _cores(normal: str) -> Iterator[tuple[int, int]]:
    """The spans of ``normal`` without 1 to _EDGE_WORDS words at its start, then at its end,
    while most of it (and at least _MIN_CORE_WORDS words) remains.

    >>> [("a b c d e f g h i"[s:e]) for s, e in _cores("a b c d e f g h i")]  # doctest: +NORMALIZE_WHITESPACE
    ['b c d e f g h i', 'c d e f g h i', 'd e f g h i', 'e f g h i',
     'a b c d e f g h', 'a b c d e f g', 'a b c d e f', 'a b c d e']
    """
    words = normal.count(" ") + 1
    most = min(_EDGE_WORDS, words - max(_MIN_CORE_WORDS, (words + 1) // 2))
    size = len(normal)
    at = -1
    for _ in range(most):
        at = normal.find(" ", at + 1)
        yield at + 1, size
    at = size
    for _ in range(most):
        at = normal.rfind(" ", 0, at)
        yield 0, at
