"""The replay of one line cluster as the index saw it grow, for the Spark job.

The embedded index learns articles one at a time in learning order, and an article is checked
for copies against the line clusters of its own time (see :mod:`dedup.index.decisions`). The
Spark job learns a whole batch at once, so it replays, per final line cluster, how the cluster
grew: :class:`TimelineStream`, fed the cluster's edges and postings in learning order, gives each
line its label changes (:func:`label_at`) and each article the candidate copies of its time.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["History", "TimelineStream", "label_at"]


History = list[tuple[int, int]]  # (time, label) from that time on; before the first: the line's own key


def label_at(key: int, history: Sequence[tuple[int, int]] | None, t: float) -> int:
    """The cluster label of line ``key`` at time ``t`` (labels change only when clusters merge).

    >>> label_at(9, [(4, 7), (6, 2)], 5), label_at(9, [(4, 7)], 3), label_at(9, None, 3)
    (7, 9, 9)
    """
    label = key
    for when, lab in history or ():
        if when > t:
            break
        label = lab
    return label


class TimelineStream:
    """The replay of one final line cluster in learning order, fed one event at a time and holding
    only what it needs, for a caller that streams the cluster's rows from a sort (``dedup.spark``)
    rather than holding them. Lines agreeing in enough bands join from the time the later one
    arrives; labels are the smallest line key of each cluster at each time.

    State: per line of the cluster, its label, words and label history; per label, its lines and
    the postings of its *newest* ``cap + 1`` that are still held (``cap``: the config's
    ``copy_candidate_postings``). That is enough: postings die oldest first (learning order is
    oldest ``published`` first, undated articles first and never forgotten), so when an older
    posting is still held all the newer ones are too, and the label has more than ``cap``: not
    listed, which is all the index decides then. Memory is bounded by the cluster's lines, not its
    articles.

    Feed :meth:`edges` and :meth:`article` in increasing time, edges of a time first, then
    :meth:`final` once. Article ``e`` is held when ``t`` arrives when
    :func:`~dedup.index.decisions.held_at` says so of ``e``'s stamp and the newest stamp before ``t``.

    >>> s = TimelineStream(long_line_words=8, retention=None, cap=2000)
    >>> s.article(0, -math.inf, -math.inf, [(1, 9)]), s.edges(1, [(1, 2)]), s.article(1, 5.0, -math.inf, [(2, 9)])
    (([], 1, 0), None, ([0], 1, 0))
    >>> s.histories, s.final(-math.inf, [])
    ({2: [(1, 1)]}, ([], []))
    """

    __slots__ = ("_cap", "_dated", "_label", "_long", "_members", "_retention", "_undated", "_words", "histories")

    def __init__(self, long_line_words: int, retention: float | None, cap: int) -> None:
        self._cap = cap
        self._long = long_line_words
        self._retention = retention
        self._label: dict[int, int] = {}
        self._words: dict[int, int] = {}
        self._members: dict[int, list[int]] = {}
        self._undated: dict[int, list[int]] = {}  # label -> undated postings' articles (never forgotten)
        self._dated: dict[int, deque[tuple[int, float]]] = {}  # label -> (article, stamp), oldest first
        self.histories: dict[int, History] = {}

    def _present(self, line: int) -> int:
        lab = self._label.get(line)
        if lab is None:
            lab = self._label[line] = line
            self._members[line] = [line]
            self._undated[line] = []
            self._dated[line] = deque()
        return lab

    def _trim(self, lab: int) -> None:
        """Keep the newest ``cap + 1`` postings of a label."""
        cap = self._cap + 1
        undated, dated = self._undated[lab], self._dated[lab]
        if len(undated) >= cap:
            del undated[cap:]
            dated.clear()
        while len(undated) + len(dated) > cap:
            dated.popleft()

    def edges(self, t: int, pairs: Iterable[tuple[int, int]]) -> None:
        """The pairs of lines whose band keys agree from time ``t`` (the later line's article)."""
        for a, b in pairs:
            la, lb = self._present(a), self._present(b)
            if la == lb:
                continue
            new, old = min(la, lb), max(la, lb)
            for m in self._members[old]:
                self._label[m] = new
                self.histories.setdefault(m, []).append((t, new))
            self._members[new].extend(self._members.pop(old))
            self._undated[new].extend(self._undated.pop(old))
            self._dated[new] = deque(heapq.merge(self._dated[new], self._dated.pop(old)))
            self._trim(new)

    def article(
        self, t: int, stamp: float, before: float, lines: Iterable[tuple[int, int]]
    ) -> tuple[list[int], int, int]:
        """Article ``t`` (its ``stamp``, the newest stamp ``before`` it) holds ``lines`` (line,
        words): the earlier articles it finds (once per content cluster listed), its distinct
        content clusters, and how many of them are not listed."""
        mine = []
        for line, w in lines:
            self._words[line] = w
            lab = self._present(line)
            if stamp == -math.inf:
                self._undated[lab].append(t)
            else:
                self._dated[lab].append((t, stamp))
            self._trim(lab)
            mine.append(line)
        roots = list(dict.fromkeys(self._label[k] for k in mine if self._words[k] >= self._long))
        found: list[int] = []
        unlisted = 0
        floor = -math.inf if self._retention is None or before == -math.inf else before - self._retention
        for root in roots:
            docs = self._held(root, floor)
            if docs is None:
                unlisted += 1
            else:
                found.extend(e for e in set(docs) if e != t)
        return found, len(roots), unlisted

    def _held(self, lab: int, floor: float) -> list[int] | None:
        """The articles of a label's postings stamped ``floor`` or later (undated ones always);
        None when there are more than ``cap``."""
        dated = self._dated[lab]
        while dated and dated[0][1] < floor:
            dated.popleft()
        undated = self._undated[lab]
        if len(undated) + len(dated) > self._cap:
            return None
        return undated + [e for e, _ in dated]

    def final(self, cutoff: float, postings: Iterable[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[Any]]:
        """The articles forgotten by the end (stamped before ``cutoff``), with the lines of this
        cluster theirs resolve to (line, article): (forgotten article, held article it finds) and
        (forgotten article, 1, whether the final cluster is not listed). Call once, after every
        article."""
        resolved: dict[int, list[int]] = {}
        for line, d in postings:
            resolved.setdefault(d, []).append(line)
        forgotten = [d for d, keys in resolved.items() if any(self._words[k] >= self._long for k in keys)]
        held: list[tuple[int, int]] = []
        roots: list[tuple[int, int, int]] = []
        if forgotten:
            (lab,) = set(self._label.values())
            docs = self._held(lab, cutoff)
            final_docs = set() if docs is None else set(docs)
            for d in forgotten:
                held.extend((d, e) for e in final_docs)
                roots.append((d, 1, int(docs is None)))
        return held, roots
