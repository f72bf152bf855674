"""Syndication clusters: which articles are copies of one story, and which copy is canonical.

Pure functions over a graph of *verified* copy pairs (see :mod:`dedup.index.stories`). A cluster
is never a bare connected component: articles are taken in canonical order, and each joins a
canonical copy it was itself verified against (the one whose cluster holds most of its copies),
or starts a cluster of its own. So A~B
and B~C never put A and C together unless one of them was checked against the other's canonical,
and the result depends only on the pairs, the priorities and the anchors, never on arrival order.

Canonical order: earliest ``published`` first (as instants; unknown dates last), then the outlets
of ``Config.canonical_sources`` in the order given (the wire services themselves, say), then the
most complete copy (most story anchors), then the smallest id.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial

from .dates import utc_stamp

__all__ = ["Priority", "Syndication", "assign_canonicals", "choose_canonical", "priority"]

Priority = tuple[int, float, int, int, str]


def priority(
    published: str | None, source: str, anchors: int, doc_id: str, canonical_sources: tuple[str, ...]
) -> Priority:
    """Sort key: the smallest is the canonical copy.

    Times compare as instants: ``10:00+02:00`` is earlier than ``09:00+00:00``.

    >>> a = priority("2018-07-16T10:00:00", "x.com", 10, "b", ())
    >>> b = priority("2018-07-16T09:00:00", "y.com", 3, "a", ())
    >>> c = priority("2018-07-16T10:00:00+02:00", "z.com", 3, "c", ())
    >>> sorted([a, b, c]) == [c, b, a]
    True
    """
    rank = canonical_sources.index(source) if source in canonical_sources else len(canonical_sources)
    return (0 if published else 1, utc_stamp(published) if published else 0.0, rank, -anchors, doc_id)


def assign_canonicals(
    members: Iterable[int],
    key: Callable[[int], Priority],
    links: Callable[[int], Collection[int]],
    closeness: Callable[[int, int], float],
) -> dict[int, int]:
    """Member -> its canonical member, for one connected set of verified copies.

    Members are taken in canonical order (``key``); each joins one of the canonical copies it was
    itself verified against (``links``: its verified copies), chosen by :func:`choose_canonical`,
    or becomes a canonical copy itself.

    >>> edges = {(0, 1), (1, 2), (0, 3), (2, 3), (2, 4), (3, 4)}  # 0 and 2 are not copies
    >>> def links(d):
    ...     return {b if a == d else a for a, b in edges if d in (a, b)}
    >>> assign_canonicals([4, 3, 2, 1, 0], lambda d: (0, 0.0, 0, 0, str(d)), links, lambda c, d: 0.5)
    {0: 0, 1: 0, 2: 2, 3: 0, 4: 2}
    """
    canonicals: list[int] = []
    out: dict[int, int] = {}
    for d in sorted(members, key=key):
        mine = links(d)
        verified = [c for c in canonicals if c in mine]
        out[d] = choose_canonical(verified, mine, out, partial(_to, closeness, d)) if verified else d
        if out[d] == d:
            canonicals.append(d)
    return out


def _to(closeness: Callable[[int, int], float], d: int, c: int) -> float:
    return closeness(c, d)


def choose_canonical(
    verified: Sequence[int], copies: Iterable[int], canonical_of: Mapping[int, int], closeness: Callable[[int], float]
) -> int:
    """Which of the canonical copies an article was verified against (``verified``, in canonical
    order) it joins: the one whose cluster holds the most of its verified ``copies`` (the versions
    of a developing story each keep the copies of their own version together), then the closest
    (``closeness``: the similarity of their story anchors), then the first.

    >>> choose_canonical([5, 9], [5, 9, 11, 12], {5: 5, 9: 9, 11: 9, 12: 9}, lambda c: 0.9 if c == 5 else 0.4)
    9
    >>> choose_canonical([5, 9], [5, 9], {5: 5, 9: 9}, lambda c: 0.9 if c == 5 else 0.4)
    5
    """
    held = Counter(canonical_of[m] for m in copies if m in canonical_of)
    return max(verified, key=lambda c: (held[c], closeness(c)))  # max keeps the first of equals


@dataclass(frozen=True, slots=True)
class Syndication:
    """How an article relates to the canonical copy of its syndication cluster.

    They are compared by their story anchors (:mod:`dedup.anchors`: word shingles over the whole
    text, whatever its line breaks). ``similarity`` is the Jaccard similarity of the two articles'
    anchors; ``containment`` the share of this article's found in the canonical copy,
    ``canonical_containment`` the share of the canonical's found here. ``adds`` are the original
    (start, end) spans of the content lines (8+ words) this copy has and the canonical lacks (a
    local intro, an editor's note: lines most of whose anchors the canonical does not have);
    ``lacks`` is about how many words of the canonical are missing here (an abridged copy). For the
    canonical article itself, ``canonical`` is its own id.
    """

    canonical: str
    members: int
    similarity: float
    containment: float
    canonical_containment: float
    adds: tuple[tuple[int, int], ...] = ()
    lacks: int = 0

    def to_dict(self) -> Mapping[str, object]:
        return {
            "canonical": self.canonical,
            "members": self.members,
            "similarity": self.similarity,
            "containment": self.containment,
            "canonical_containment": self.canonical_containment,
            "adds": [list(span) for span in self.adds],
            "lacks": self.lacks,
        }
