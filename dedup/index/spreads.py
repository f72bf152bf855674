"""Evidence: how each line cluster spreads over outlets and stories, and so how each line of an
article recurs (:class:`~dedup.evidence.LineEvidence`).

A cluster's spread is, per outlet, the stories holding it (each with its smallest doc id) and the
number of outlets where it is in ``boilerplate_min_stories`` stories or more. Spreads are computed
from the postings when first asked and kept for clusters of 2+ articles (cleaning asks about every
banner line once per article), the least recently used dropped first when too many are kept;
a kept spread is updated as articles arrive, stories join and articles are forgotten, and
dropped when its cluster merges with another. With ``memory_days``, an article's evidence
counts only the articles within that many days of it (:func:`~dedup.decisions.within_memory`):
its spreads are computed for it, not kept.
"""

from __future__ import annotations

import heapq
import math
from typing import TYPE_CHECKING

from ..dates import utc_stamp
from ..decisions import NO_EVIDENCE, line_evidence, within_memory
from ..evidence import EXAMPLES, LineEvidence
from .records import DocRecord

if TYPE_CHECKING:
    from .state import IndexState

__all__ = ["Spreads"]

# Clusters whose spread is kept at most; beyond, the least recently used is dropped (a banner line
# asked about by every article of its outlet stays: rebuilding its spread walks all its postings).
_MAX_CACHED_SPREADS = 50_000

# A cluster's spread: outlet -> {story: smallest doc id}, outlets where it recurs, and per outlet
# its smallest (doc id, story) pairs (filled by line_evidence).
_Spread = tuple[dict[int, dict[int, str]], int, dict[int, list[tuple[str, int]]]]


class Spreads:
    """The spreads of line clusters, and the evidence of an article's lines."""

    def __init__(self, state: IndexState) -> None:
        self._s = state
        self._need = state.config.boilerplate_min_stories
        self._spreads: dict[int, _Spread] = {}

    def evidence(self, rec: DocRecord, ids: list[int]) -> list[LineEvidence]:
        """Per line of the article (``ids`` from ``resolve``): its recurrence in other stories
        of its outlet."""
        s = self._s
        d = s.articles.num.get(rec.doc_id)
        if d is not None:
            story: int | None = s.stories.find(d)
        else:  # not learned: it belongs to the story of the articles it copies, if any
            copies, _ = s.stories.check_unlearned(rec)
            story = min((s.stories.find(c) for c in copies), default=None)
        stamp = None  # no memory window: every story counts, and the kept spreads answer
        if s.config.memory_days is not None:
            stamp = math.inf if rec.published is None else utc_stamp(rec.published)
        outlet = s.articles.outlet_number(rec.source)
        cache: dict[int, LineEvidence] = {}
        out = []
        # Most lines of a learned article are in no other article: answered without a look.
        alone = LineEvidence(0, 1, (), int(self._need <= 1))
        first_doc, members, parent = s.postings.first, s.clusters.members, s.clusters.uf.parents
        for line in ids:
            if line < 0:
                out.append(NO_EVIDENCE)
                continue
            alone_here = d is not None and first_doc[line] == d and parent[line] == line
            if alone_here and not s.postings.recurs(line) and line not in members:
                out.append(alone)
                continue
            root = s.clusters.find(line)
            if root not in cache:
                spread = self.spread(root) if stamp is None else self._spread_near(root, stamp)
                cache[root] = self._line_evidence(spread, outlet, story, own_outlet_counted=d is not None)
            out.append(cache[root])
        return out

    def _line_evidence(self, spread: _Spread, outlet: int, story: int | None, own_outlet_counted: bool) -> LineEvidence:
        per_outlet, recurring, smallest = spread
        mine = per_outlet.get(outlet, {})
        # The EXAMPLES smallest doc ids of stories other than the article's own are among the
        # EXAMPLES + 1 smallest of all (one per story), kept per outlet until the spread changes:
        # a banner line of an outlet is in hundreds of its stories, asked about by every article.
        first = smallest.get(outlet)
        if first is None:
            first = smallest[outlet] = heapq.nsmallest(EXAMPLES + 1, [(doc_id, s) for s, doc_id in mine.items()])
        others = [doc_id for doc_id, s in first if s != story][:EXAMPLES]
        return line_evidence(
            len(mine),
            story in mine,
            others,
            len(per_outlet),
            recurring,
            learned=own_outlet_counted,
            story_known=story is not None,
            outlet_here=outlet in per_outlet,
            need=self._need,
        )

    def spread(self, root: int) -> _Spread:
        """Per outlet, the stories containing a line cluster (story -> its smallest doc id),
        the number of outlets where it is in ``boilerplate_min_stories`` stories or more, and
        room for the smallest (doc id, story) pairs per outlet (filled by ``_line_evidence``)."""
        kept = self._spreads
        cached = kept.pop(root, None)
        if cached is not None:
            kept[root] = cached  # the most recently used go last: a dict keeps insertion order
            return cached
        docs = self._s.docs_of(root)
        spread = self._spread_of(docs)
        if len(docs) > 1:
            if len(kept) >= _MAX_CACHED_SPREADS:  # the least recently used goes, never the whole cache
                del kept[next(iter(kept))]
            kept[root] = spread
        return spread

    def _spread_near(self, root: int, stamp: float) -> _Spread:
        """:meth:`spread` of the articles within ``memory_days`` of ``stamp`` (not kept)."""
        s = self._s
        stamps = s.articles.stamp
        return self._spread_of([d for d in s.docs_of(root) if within_memory(stamps[d], stamp, s.config)])

    def _spread_of(self, docs: list[int]) -> _Spread:
        s = self._s
        per_outlet: dict[int, dict[int, str]] = {}
        doc_outlet, doc_ids = s.articles.outlet, s.articles.ids
        parent, find = s.stories.uf.parents, s.stories.uf.find
        for d in docs:
            stories = per_outlet.get(doc_outlet[d])
            if stories is None:
                stories = per_outlet[doc_outlet[d]] = {}
            story = d if parent[d] == d else find(d)  # most articles are a story of their own
            doc_id = doc_ids[d]
            if story not in stories or doc_id < stories[story]:
                stories[story] = doc_id
        return per_outlet, sum(1 for found in per_outlet.values() if len(found) >= self._need), {}

    # ---- keeping the spreads up to date -------------------------------------------------
    def add_article(self, d: int, distinct: list[int]) -> None:
        """Add a new article (its own story until a copy joins it: see :meth:`join_stories`) to
        the kept spreads of its line clusters, so that a stream of articles keeps them."""
        if not self._spreads:
            return
        s = self._s
        outlet = s.articles.outlet[d]
        for line in distinct:
            root = s.clusters.find(line)
            spread = self._spreads.get(root)
            if spread is not None:
                per_outlet, recurring, smallest = spread
                stories = per_outlet.setdefault(outlet, {})
                if d not in stories:
                    stories[d] = s.articles.ids[d]
                    smallest.pop(outlet, None)
                    if len(stories) == self._need:
                        self._spreads[root] = per_outlet, recurring + 1, smallest

    def join_stories(self, joining: list[int], gone: int, root: int) -> None:
        """Story ``gone`` (its articles ``joining``) has joined story ``root``: in the kept spreads
        of the clusters its articles hold, its entries join ``root``'s (the smaller doc id stays).
        No other spread names ``gone``, and the others are unchanged."""
        if not self._spreads:
            return
        s = self._s
        seen: set[tuple[int, int]] = set()
        for m in joining:
            outlet = s.articles.outlet[m]
            for line in s.postings.lines_of(m):
                cluster = s.clusters.find(line)
                if (cluster, outlet) in seen:
                    continue
                seen.add((cluster, outlet))
                spread = self._spreads.get(cluster)
                stories = None if spread is None else spread[0].get(outlet)
                if spread is None or stories is None or gone not in stories:
                    continue
                per_outlet, recurring, smallest = spread
                first = stories.pop(gone)
                smallest.pop(outlet, None)
                if root not in stories:
                    stories[root] = first
                    continue
                if first < stories[root]:
                    stories[root] = first
                if len(stories) == self._need - 1:  # one story fewer here: below the bar now
                    self._spreads[cluster] = per_outlet, recurring - 1, smallest

    def forget_article(self, d: int) -> None:
        """Take article ``d``, just forgotten, out of the kept spreads of its clusters: its story
        keeps its smallest live doc id holding the cluster there, or leaves the outlet's list."""
        if not self._spreads:
            return
        s = self._s
        a = s.articles
        outlet, story, doc_id = a.outlet[d], s.stories.find(d), a.ids[d]
        mates = [m for m in s.stories.story_of(d) if m != d and not a.dead[m] and a.outlet[m] == outlet]
        mate_clusters = [(a.ids[m], {s.clusters.find(i) for i in s.postings.lines_of(m)}) for m in mates]
        for cluster in {s.clusters.find(line) for line in s.postings.lines_of(d)}:
            spread = self._spreads.get(cluster)
            if spread is None:
                continue
            per_outlet, recurring, smallest = spread
            stories = per_outlet[outlet]
            if stories[story] != doc_id:  # an older article of the story holds it here: unchanged
                continue
            smallest.pop(outlet, None)
            left = [mate_id for mate_id, held in mate_clusters if cluster in held]
            if left:
                stories[story] = min(left)
                continue
            del stories[story]
            if not stories:
                del per_outlet[outlet]
            if len(stories) == self._need - 1:
                self._spreads[cluster] = per_outlet, recurring - 1, smallest

    def clusters_joined(self, ra: int, rb: int) -> None:
        """Two clusters merged: their spreads are gone (recomputed when asked)."""
        self._spreads.pop(ra, None)
        self._spreads.pop(rb, None)
