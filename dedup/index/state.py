"""The in-memory index: the parts below, composed, and the order in which learning updates them.

- :mod:`~dedup.index.clusters`: lines by exact key and band keys, and the line clusters;
- :mod:`~dedup.index.postings`: which articles hold each line, and each article's lines;
- :mod:`~dedup.index.articles`: each article's id, outlet and date;
- :mod:`~dedup.index.stories`: copies of one story, found by their anchors when an article arrives;
- :mod:`~dedup.index.spreads`: how each line cluster spreads over outlets and stories (evidence);
- :mod:`~dedup.index.forgetting`: what the owner asked the index to forget.

Learning an article (:meth:`IndexState.apply`): its lines join the clusters, its postings are
recorded, and it is checked for copies against what the index holds. Look-ups
(:meth:`IndexState.resolve`, :meth:`~IndexState.evidence`, :meth:`~IndexState.canonical`) change
nothing that a later look-up or learning sees (the caches
they fill are dated by what they depend on).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

import numpy as np
import numpy.typing as npt

from ..config import Config
from ..dates import utc_stamp
from ..evidence import CanonicalCopy, FarCopies, LineEvidence
from .articles import Articles
from .clusters import LineClusters
from .forgetting import Forgetting
from .postings import Postings
from .records import DocRecord
from .spreads import Spreads
from .stories import Stories

__all__ = ["IndexState"]

# Articles learned per bulk pass of apply_many.
_BATCH_DOCS = 2048


class IndexState:
    """Line clusters, stories and postings, built by applying DocRecords."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.clusters = LineClusters(config)
        self.postings = Postings()
        self.articles = Articles()
        self.stories = Stories(self)
        self.spreads = Spreads(self)
        self.forgetting = Forgetting(self)

    # ---- size -------------------------------------------------------------------------
    @property
    def documents(self) -> int:
        """Articles held (forgotten ones excluded)."""
        return len(self.articles.num)

    @property
    def lines(self) -> int:
        """Distinct lines (normal forms) indexed."""
        return len(self.clusters)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self.articles.num

    # ---- learning ---------------------------------------------------------------------
    def apply(self, rec: DocRecord) -> int:
        """Learn one article; returns its number. An id seen before is not learned twice."""
        known = self.articles.num.get(rec.doc_id)
        if known is not None:
            return known
        stamp = None if rec.published is None else utc_stamp(rec.published)
        ids, created, joins = self.clusters.learn_article(rec)
        self.postings.grow(created)
        for a, b in joins:
            self._join_lines(a, b)
        return self._add_article(rec, ids, stamp)

    def apply_many(self, recs: Sequence[DocRecord]) -> list[int]:
        """:meth:`apply` each record in order, with the line tables updated in bulk.

        Gives exactly the state that applying the records one at a time gives. Batches that repeat
        an id are applied one at a time.
        """
        out: list[int] = []
        for lo in range(0, len(recs), _BATCH_DOCS):
            batch = recs[lo : lo + _BATCH_DOCS]
            nums = self._apply_batch(batch)
            out.extend(nums if nums is not None else [self.apply(rec) for rec in batch])
        return out

    def _apply_batch(self, batch: Sequence[DocRecord]) -> list[int] | None:
        """Apply a batch with bulk line tables, or return None (nothing changed) when it needs
        the one-at-a-time path."""
        ids_here: set[str] = set()
        for rec in batch:
            if rec.doc_id in self.articles.num or rec.doc_id in ids_here:
                return None
            ids_here.add(rec.doc_id)
        stamps = [None if rec.published is None else utc_stamp(rec.published) for rec in batch]
        if not batch:
            return []
        keys = np.concatenate([rec.keys for rec in batch])
        words = np.concatenate([rec.words for rec in batch])
        bands = np.concatenate([rec.bands for rec in batch])
        learned = self.clusters.learn_rows(keys, words, bands)
        if learned is None:
            return None
        line_of_row, new_rows, joins = learned
        self.postings.grow(len(new_rows))
        out = []
        lo = 0
        first_new = len(self.clusters) - len(new_rows)
        for rec, stamp in zip(batch, stamps, strict=True):
            hi = lo + len(rec.keys)
            k0, k1 = np.searchsorted(new_rows, (lo, hi)).tolist()
            for k in range(k0, k1):
                for other in joins.get(k, ()):
                    self._join_lines(first_new + k, other)
            out.append(self._add_article(rec, line_of_row[lo:hi].tolist(), stamp))
            lo = hi
        return out

    def _add_article(self, rec: DocRecord, ids: list[int], stamp: float | None) -> int:
        """Record a learned article whose line ids are known: postings, stories, time."""
        d = self.stories.make()
        distinct = list(dict.fromkeys(i for i in ids if i >= 0))
        self.articles.add(rec.doc_id, rec.source, rec.published, stamp)
        text_of: dict[int, str] = {}

        def text(line: int) -> str:
            if not text_of:
                text_of.update(zip(ids, rec.texts, strict=True))
            return text_of[line]

        self.postings.add(d, distinct, text)
        self.spreads.add_article(d, distinct)
        for joined in self.stories.learn(d, rec):
            self.spreads.join_stories(*joined)
        return d

    def forget_before(self, cutoff: float) -> int:
        """Forget every dated article published before ``cutoff`` (UTC seconds); returns how many."""
        return self.forgetting.forget_before(cutoff)

    def _join_lines(self, a: int, b: int) -> None:
        roots = self.clusters.join(a, b)
        if roots is not None:
            self.spreads.clusters_joined(*roots)

    # ---- look-ups ---------------------------------------------------------------------
    def resolve(self, rec: DocRecord) -> list[int]:
        """Line ids of an article's lines without learning it (-1: not in the index)."""
        return self.clusters.resolve(rec)

    def evidence(self, rec: DocRecord, ids: list[int]) -> list[LineEvidence]:
        """Per line of the article (``ids`` from ``resolve``): its recurrence in other stories
        of its outlet."""
        return self.spreads.evidence(rec, ids)

    def canonical(self, rec: DocRecord) -> CanonicalCopy | None:
        """The article's canonical copy, or None when it has no copies."""
        return self.stories.canonical(rec)

    def far_copies(self, rec: DocRecord) -> FarCopies | None:
        """The articles of the same story text published too far from it to be compared."""
        return self.stories.far_copies(rec)

    def forgot_around(self, rec: DocRecord) -> str | None:
        """The cutoff of the articles the index forgot (ISO, UTC), when the article could have been
        compared with some of them; else None."""
        f = self.forgetting
        stamp = math.inf if rec.published is None else utc_stamp(rec.published)
        windows = (self.config.syndication_window_days, self.config.memory_days)
        reach = None if None in windows else max(w for w in windows if w is not None)
        if f.before is None or not f.limits(stamp, reach):
            return None
        return datetime.fromtimestamp(f.before, timezone.utc).isoformat()

    def clusters_of_copies(self) -> list[tuple[str, list[str]]]:
        """Every syndication cluster of 2+ articles: (canonical id, member ids in canonical order)."""
        return self.stories.clusters()

    def docs_of(self, root: int) -> list[int]:
        """The articles holding a line cluster (dead ones left out once some are dead)."""
        docs = self.postings.docs_of(self.clusters.lines_of(root))
        return [d for d in docs if not self.articles.dead[d]] if self.forgetting.forgotten else docs

    # ---- reporting --------------------------------------------------------------------
    def text_of(self, root: int) -> str:
        """A text of a recurring line cluster (its smallest line id that has one)."""
        dead = self.clusters.dead
        texts = (self.postings.text(m) for m in sorted(self.clusters.lines_of(root)) if m not in dead)
        return next((t for t in texts if t is not None), "")

    def outlet_lines(self, source: str) -> list[tuple[int, int]]:
        """(cluster root, distinct stories of the outlet containing it) for recurring clusters,
        most frequent first."""
        a = self.articles
        outlet = a.outlet_number(source)
        if outlet < 0:
            return []
        counts: dict[int, set[int]] = {}
        for d, o in enumerate(a.outlet):
            if o != outlet or a.dead[d]:
                continue
            story = self.stories.find(d)
            for line in self.postings.lines_of(d):
                counts.setdefault(self.clusters.find(line), set()).add(story)
        return sorted(((r, len(s)) for r, s in counts.items() if len(s) > 1), key=lambda x: (-x[1], x[0]))

    @property
    def outlets(self) -> list[str]:
        return list(self.articles.outlets)

    def nbytes(self) -> int:
        """Approximate bytes held by the line structures (for the memory benchmark)."""
        return self.clusters.nbytes() + self.postings.nbytes() + self.stories.nbytes()

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> tuple[dict[str, npt.NDArray[np.generic]], dict[str, Any]]:
        """The state as named arrays plus JSON metadata (no caches: they are refilled when asked)."""
        clusters, clusters_meta = self.clusters.to_arrays()
        articles, articles_meta = self.articles.to_arrays()
        parts: dict[str, Mapping[str, npt.NDArray[np.generic]]] = {
            "clusters": clusters,
            "postings": self.postings.to_arrays(),
            "articles": articles,
            "stories": self.stories.to_arrays(),
            "forgetting": self.forgetting.to_arrays(),
        }
        arrays = {f"{name}.{k}": v for name, part in parts.items() for k, v in part.items()}
        return arrays, {"clusters": clusters_meta, "articles": articles_meta}

    @classmethod
    def from_arrays(
        cls, config: Config, arrays: Mapping[str, npt.NDArray[np.generic]], meta: Mapping[str, Any]
    ) -> IndexState:
        """The state :meth:`to_arrays` saved; ValueError or KeyError when they do not fit."""

        def part(name: str) -> dict[str, npt.NDArray[np.generic]]:
            return {k[len(name) + 1 :]: v for k, v in arrays.items() if k.startswith(name + ".")}

        state = cls(config)
        state.clusters = LineClusters.from_arrays(config, part("clusters"), meta["clusters"])
        state.postings = Postings.from_arrays(part("postings"))
        state.articles = Articles.from_arrays(part("articles"), meta["articles"])
        state.stories.restore(part("stories"))
        state.forgetting.restore(part("forgetting"))
        n = len(state.articles)
        if (
            len(state.stories.uf) != n
            or len(state.postings.doc_lines) != n
            or len(state.postings.first) != len(state.clusters)
        ):
            raise ValueError("index tables of different lengths")
        return state
