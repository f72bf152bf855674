"""Copy candidates by prefix filtering: the articles sharing enough of an article's clusters,
found without walking the postings of its most common clusters.

The copy check (``IndexState._copies_of``) compares an article line by line only with the
articles holding at least ``need`` of its ``R`` listed content clusters. Counting every posting of
every cluster makes each article of an outlet a candidate of every other through its banner
(thousands of postings), and the count costs as much as the postings. An article holding ``need``
of the ``R`` clusters holds at least one of any ``R - need + 1`` of them (the prefix filter of
set-similarity joins: AllPairs, PPJoin), so the postings of the ``R - need + 1`` rarest clusters
give every candidate, and each candidate's count over the other clusters is read from its own
clusters instead of from their long postings. The candidates and their counts are exactly those
of the full count.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Sequence

__all__ = ["holders_of_all", "shared_counts"]

# A skipped cluster is listed rather than looked for in each candidate's clusters when it has at
# most this many postings per candidate (listing one costs far less than building a candidate's).
_LIST_PER_CANDIDATE = 16


def shared_counts(
    clusters: Sequence[tuple[int, int]],
    need: float,
    docs_of: Callable[[int], Iterable[int]],
    holds: Callable[[int], Collection[int]],
    exclude: int | None = None,
) -> dict[int, int]:
    """Every article holding at least ``need`` (and at least one) of ``clusters``, with the number
    of them it holds: what counting every cluster's articles gives, filtered.

    Args:
        clusters: (postings, cluster) of distinct clusters; postings is the length of the
            cluster's article list, used only to pick the rarest ones to walk.
        need: how many of the clusters a candidate must hold.
        docs_of: a cluster's articles (an article may be listed more than once).
        holds: an article's clusters (its line clusters, all of them; at least the ones it holds).
        exclude: an article never returned (the one asking).

    >>> postings = {1: [5, 6], 2: [5, 6, 7, 8], 3: [5, 7, 8, 9]}
    >>> held = {5: {1, 2, 3}, 6: {1, 2}, 7: {2, 3}, 8: {2, 3}, 9: {3}}
    >>> sized = [(len(v), k) for k, v in postings.items()]
    >>> sorted(shared_counts(sized, 2, postings.__getitem__, held.__getitem__).items())
    [(5, 3), (6, 2), (7, 2), (8, 2)]
    >>> shared_counts(sized, 3, postings.__getitem__, held.__getitem__, exclude=5)
    {}
    """
    ordered = sorted(clusters)  # rarest first
    at_least = max(1, math.ceil(need))
    walked = len(ordered) - at_least + 1  # an article holding at_least of them holds one of these
    if walked <= 0:
        return {}
    counts: dict[int, int] = {}
    for _, cluster in ordered[:walked]:
        for d in set(docs_of(cluster)):
            counts[d] = counts.get(d, 0) + 1
    counts.pop(exclude if exclude is not None else -1, None)
    # The other clusters: a short one is listed and looked up, a long one is looked for in each
    # candidate's own clusters (a banner's thousands of articles against a few candidates).
    listed = [cluster for postings, cluster in ordered[walked:] if postings <= _LIST_PER_CANDIDATE * len(counts)]
    looked = [cluster for postings, cluster in ordered[walked:] if postings > _LIST_PER_CANDIDATE * len(counts)]
    for cluster in listed:
        for d in counts.keys() & set(docs_of(cluster)):
            counts[d] += 1
    if looked:
        for d in counts:
            theirs = holds(d)
            counts[d] += sum(1 for cluster in looked if cluster in theirs)
    return {d: n for d, n in counts.items() if n >= need}


def holders_of_all(
    clusters: Sequence[tuple[int, int]],
    docs_of: Callable[[int], Iterable[int]],
    holds: Callable[[int], Collection[int]],
    exclude: int | None = None,
) -> set[int]:
    """The articles holding every one of ``clusters`` ((postings, cluster) pairs, at least one):
    the intersection of their article lists, walking only the rarest one's and testing the others
    on each of its articles' own clusters.

    >>> postings = {1: [5, 6], 2: [5, 6, 7, 8]}
    >>> held = {5: {1, 2}, 6: {1, 2, 3}, 7: {2}, 8: {2}}
    >>> sorted(holders_of_all([(2, 1), (4, 2)], postings.__getitem__, held.__getitem__, exclude=6))
    [5]
    """
    (_, rarest), *rest = sorted(clusters)
    possible = set(docs_of(rarest))
    possible.discard(exclude if exclude is not None else -1)
    looked = []  # short lists are intersected, long ones looked for in each candidate's clusters
    for postings, cluster in rest:
        if possible and postings <= _LIST_PER_CANDIDATE * len(possible):
            possible.intersection_update(docs_of(cluster))
        else:
            looked.append(cluster)
    if looked and possible:
        kept = set()
        for d in possible:
            theirs = holds(d)
            if all(cluster in theirs for cluster in looked):
                kept.add(d)
        possible = kept
    return possible
