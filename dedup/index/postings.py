"""Who holds what: each line's articles (postings) and each article's lines, plus the text of
every line held by two articles or more (to show recurring lines in reports).
"""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterable, Mapping, Sequence

import numpy as np
import numpy.typing as npt

from .lists import FlatLists, TextStore
from .tables import SMALL_PENDING, MultiMap

__all__ = ["NONE", "Postings"]

#: No article (a line whose every article was dropped).
NONE = 0xFFFFFFFF
# flags bits: the line is in 2+ articles (has entries in ``more``); its text is kept.
_HAS_MORE = 1
_HAS_TEXT = 2


class Postings:
    """Line id -> the articles holding it, in learning order (the first one in an array, the
    further ones in a multimap: most lines are in one article), and article -> its distinct
    line ids, in order.

    >>> p = Postings(); p.grow(2)
    >>> p.add(0, [0, 1], {0: "a", 1: "b"}.__getitem__); p.add(1, [1], {1: "b"}.__getitem__)
    >>> p.docs_of([1]), p.docs_of([0, 1]), p.count([1]), p.text(1), p.text(0), p.lines_of(0)
    ([0, 1], [0, 0, 1], 2, 'b', None, [0, 1])
    """

    def __init__(self) -> None:
        self.first = array("I")  # line id -> first article holding it (NONE: none left)
        self.more = MultiMap(np.uint32, SMALL_PENDING)  # line id -> further articles, in order
        self.flags = bytearray()  # line id -> _HAS_MORE | _HAS_TEXT
        self.texts = TextStore()  # line id -> text, for lines in 2+ articles
        self.doc_lines = FlatLists()  # article -> its distinct line ids, in order

    def grow(self, lines: int) -> None:
        """Room for ``lines`` new line ids."""
        self.first.extend([NONE] * lines)
        self.flags.extend(bytes(lines))

    def add(self, d: int, distinct: Sequence[int], text_of: Callable[[int], str]) -> None:
        """Article ``d`` (the newest) holds the ``distinct`` lines; ``text_of(line)`` gives a line's
        text, asked only for lines held for the second time."""
        self.doc_lines.append(distinct)
        first, flags = self.first, self.flags
        for line in distinct:
            if first[line] == NONE:
                first[line] = d
            else:
                self.more.add(line, d)
                if not flags[line] & _HAS_TEXT:  # kept for recurring lines only
                    self.texts.add(line, text_of(line))
                flags[line] = _HAS_MORE | _HAS_TEXT

    def lines_of(self, d: int) -> list[int]:
        return self.doc_lines[d]

    def docs_of(self, lines: Iterable[int]) -> list[int]:
        """The articles holding any of ``lines`` (a line cluster's members), forgotten ones
        included, each line's in learning order."""
        docs: list[int] = []
        first, flags = self.first, self.flags
        for line in lines:
            f = first[line]
            if f != NONE:
                docs.append(f)
                if flags[line] & _HAS_MORE:
                    docs.extend(self.more.get(line))
        return docs

    def count(self, lines: Iterable[int]) -> int:
        """``len(docs_of(lines))`` without listing them."""
        first, flags, more = self.first, self.flags, self.more
        n = 0
        for line in lines:
            if first[line] != NONE:
                n += 1 + (more.count(line) if flags[line] & _HAS_MORE else 0)
        return n

    def recurs(self, line: int) -> bool:
        """The line is held by two articles or more (or was)."""
        return bool(self.flags[line] & _HAS_MORE)

    def text(self, line: int) -> str | None:
        """The text of a line held by two articles or more (None for the others)."""
        return self.texts.get(line) if self.flags[line] & _HAS_TEXT else None

    def drop(self, docs: Sequence[int]) -> list[int]:
        """Drop forgotten articles: a line whose first article goes takes its first further
        article instead (the further ones keep their order); returns the lines left with none
        (orphans), whose texts are dropped too."""
        gone = set(docs)
        touched = np.unique(np.fromiter((x for d in docs for x in self.doc_lines[d]), np.uint32))
        self.more.drop_values(np.array(sorted(gone), np.uint32))
        first = self.first
        lost = np.array([x for x in touched.tolist() if first[x] in gone], np.uint32)
        orphans: list[int] = []
        for line, f in zip(lost.tolist(), self.more.pop_first_many(lost).tolist(), strict=True):
            first[line] = NONE if f < 0 else f
            if f < 0:
                orphans.append(line)
        flags = self.flags
        for line, more in zip(touched.tolist(), (self.more.first_values(touched) >= 0).tolist(), strict=True):
            if not more:
                flags[line] &= ~_HAS_MORE
        self.doc_lines.clear_many(docs)
        if orphans:
            self.texts.discard_many(orphans)
            for line in orphans:
                flags[line] = 0
        return orphans

    def nbytes(self) -> int:
        return (
            len(self.first) * 4 + self.doc_lines.nbytes() + self.more.nbytes() + self.texts.nbytes() + len(self.flags)
        )

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        parts: dict[str, Mapping[str, npt.NDArray[np.generic]]] = {
            "more": self.more.to_arrays(),
            "texts": self.texts.to_arrays(),
            "doc_lines": self.doc_lines.to_arrays(),
        }
        out = {f"{name}.{k}": v for name, arrays in parts.items() for k, v in arrays.items()}
        out["first"] = np.frombuffer(self.first, np.uint32)
        out["flags"] = np.frombuffer(self.flags, np.uint8)
        return out

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> Postings:
        """The postings :meth:`to_arrays` saved.

        >>> p = Postings(); p.grow(1); p.add(0, [0], str); p.add(1, [0], str)
        >>> Postings.from_arrays(p.to_arrays()).docs_of([0])
        [0, 1]
        """

        def part(name: str) -> dict[str, npt.NDArray[np.generic]]:
            return {k[len(name) + 1 :]: v for k, v in arrays.items() if k.startswith(name + ".")}

        out = cls()
        first, flags = arrays["first"], arrays["flags"]
        if first.dtype != np.uint32 or flags.dtype != np.uint8 or first.shape != flags.shape:
            raise ValueError("posting tables of other types or lengths")
        out.first = array("I", first.tobytes())
        out.flags = bytearray(flags.tobytes())
        out.more = MultiMap.from_arrays(part("more"), np.uint32, SMALL_PENDING)
        out.texts = TextStore.from_arrays(part("texts"))
        out.doc_lines = FlatLists.from_arrays(part("doc_lines"))
        return out
