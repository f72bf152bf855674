"""Syndication clusters: which articles are copies of one story, and which copy is canonical.

Pure functions over a graph of *verified* copy pairs (see ``IndexState``). A cluster is never a
bare connected component: articles are taken in canonical order, and each joins the first
canonical copy it was itself verified against, or starts a cluster of its own. So A~B and B~C
never put A and C together unless one of them was checked against the other's canonical, and
the result depends only on the pairs and the priorities, never on arrival order.

Canonical order: earliest ``published`` first (as instants; unknown dates last), then the outlets
of ``Config.canonical_sources`` in the order given (the wire services themselves, say), then the
most complete copy (most story anchors), then the smallest id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .dates import utc_stamp

__all__ = ["Priority", "Syndication", "assign_canonicals", "priority"]

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
    members: Iterable[int], key: Callable[[int], Priority], linked: Callable[[int, int], bool]
) -> dict[int, int]:
    """Member -> its canonical member, for one connected set of verified copies.

    >>> edges = {(0, 1), (1, 2)}  # 0~1 and 1~2 verified, 0 and 2 not
    >>> def linked(a, b):
    ...     return (min(a, b), max(a, b)) in edges
    >>> assign_canonicals([2, 1, 0], key=lambda d: (0, "", 0, 0, str(d)), linked=linked)
    {0: 0, 1: 0, 2: 2}
    """
    canonicals: list[int] = []
    out: dict[int, int] = {}
    for d in sorted(members, key=key):
        out[d] = next((c for c in canonicals if linked(c, d)), d)
        if out[d] == d:
            canonicals.append(d)
    return out


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
