"""The in-memory index: the parts below, composed, and the order in which learning updates them.

- :mod:`~dedup.index.clusters`: lines by exact key and band keys, and the line clusters;
- :mod:`~dedup.index.postings`: which articles hold each line, and each article's lines;
- :mod:`~dedup.index.articles`: each article's id, outlet and date;
- :mod:`~dedup.index.stories`: copies of one story, found when an article arrives;
- :mod:`~dedup.index.spreads`: how each line cluster spreads over outlets and stories (evidence);
- :mod:`~dedup.index.forgetting`: what the retention window forgets.

Learning an article (:meth:`IndexState.apply`): its lines join the clusters, its postings are
recorded, it is checked for copies against what the index holds, then older articles are
forgotten. Look-ups (:meth:`IndexState.resolve`, :meth:`~IndexState.evidence`,
:meth:`~IndexState.syndication`) change nothing that a later look-up or learning sees (the caches
they fill are dated by what they depend on).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from ..config import Config
from ..dates import utc_stamp
from ..evidence import LineEvidence, SyndicationMatch
from .articles import Articles
from .clusters import LineClusters
from .forgetting import Forgetting
from .postings import NONE, Postings
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
        if self.forgetting.too_old(stamp):
            return -1  # older than what the index keeps: not learned
        ids, created, joins = self.clusters.learn_article(rec)
        self.postings.grow(created)
        for a, b in joins:
            self._join_lines(a, b)
        return self._add_article(rec, ids, stamp)

    def apply_many(self, recs: Sequence[DocRecord]) -> list[int]:
        """:meth:`apply` each record in order, with the line tables updated in bulk.

        Gives exactly the state that applying the records one at a time gives. Batches in which
        the retention window would reject or forget an article, or that repeat an id, are
        applied one at a time.
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
        if self.forgetting.batch_forgets(stamps):
            return None  # something would be rejected or forgotten on the way
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
        content = len(self.clusters.content(distinct, self.config.long_line_words))
        self.articles.add(rec.doc_id, rec.source, rec.published, stamp, content)
        text_of: dict[int, str] = {}

        def text(line: int) -> str:
            if not text_of:
                text_of.update(zip(ids, rec.texts, strict=True))
            return text_of[line]

        self.postings.add(d, distinct, text)
        self.spreads.add_article(d, distinct)
        for other in self.stories.copies_of(distinct, exclude=d, published=rec.published):
            joined = self.stories.link(d, other)
            if joined is not None:
                self.spreads.join_stories(*joined)
        self.forgetting.learned(d, stamp)
        return d

    def _join_lines(self, a: int, b: int) -> None:
        roots = self.clusters.join(a, b)
        if roots is not None:
            self.spreads.clusters_joined(*roots)

    # ---- look-ups ---------------------------------------------------------------------
    def knows(self, keys: npt.NDArray[np.uint64], newest: float | None = None) -> npt.NDArray[np.bool_]:
        """Which exact keys already have a line (a boolean array) that is still held once the
        index has learned articles up to the timestamp ``newest`` (a record prepared now skips
        the band keys of known lines, so a line forgotten before the record is learned must not
        count as known)."""
        found = self.clusters.known(keys)
        if self.forgetting.retention is None or newest is None:
            out: npt.NDArray[np.bool_] = found >= 0
            return out
        cutoff = self.forgetting.lasting_after(newest)
        held = np.zeros(len(keys), bool)
        lasting: dict[int, bool] = {}
        stamp, dead = self.articles.stamp, self.articles.dead
        for i in np.flatnonzero(found >= 0).tolist():
            line = int(found[i])
            ok = lasting.get(line)
            if ok is None:
                holders = self.postings.holders_newest_first(line)
                ok = lasting[line] = any(not dead[e] and stamp[e] >= cutoff for e in holders if e != NONE)
            held[i] = ok
        return held

    def resolve(self, rec: DocRecord) -> list[int]:
        """Line ids of an article's lines without learning it (-1: not in the index)."""
        return self.clusters.resolve(rec)

    def evidence(self, rec: DocRecord, ids: list[int]) -> list[LineEvidence]:
        """Per line of the article (``ids`` from ``resolve``): its recurrence in other stories
        of its outlet."""
        return self.spreads.evidence(rec, ids)

    def syndication(self, rec: DocRecord, ids: list[int]) -> SyndicationMatch | None:
        """The article's place in its syndication cluster, or None when it has no copies."""
        return self.stories.match(rec, ids)

    def clusters_of_copies(self) -> list[tuple[str, list[str]]]:
        """Every syndication cluster of 2+ articles: (canonical id, member ids in canonical order)."""
        return self.stories.clusters()

    def docs_of(self, root: int) -> list[int]:
        """The articles holding a line cluster (dead ones left out once some are dead)."""
        docs = self.postings.docs_of(self.clusters.lines_of(root))
        return [d for d in docs if not self.articles.dead[d]] if self.forgetting.doomed else docs

    def posting_count(self, root: int) -> int:
        """``len(self.docs_of(root))``, without listing the articles when it can."""
        n = self.postings.count(self.clusters.lines_of(root))
        if self.forgetting.doomed and n > self.config.copy_candidate_postings:  # dead ones listed: count the live
            n = len(self.docs_of(root))
        return n

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
        return self.clusters.nbytes() + self.postings.nbytes()

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
