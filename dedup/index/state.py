"""The in-memory index: line clusters, stories, and per-outlet story counts.

Two partitions are kept with union-find, so that neither depends on the order in which
articles arrive:
- line clusters: lines with the same normal form share a line id; a new line joins every
  existing line whose band keys agree enough (estimated Jaccard >= ``cluster_threshold``);
- stories: an article joins every earlier article it is a copy of (they share their opening
  and most of the shorter one's content lines), so syndicated copies count once.
Evidence for a line is then the number of distinct stories of the article's outlet, other
than its own story, that contain the line's cluster, and the number of outlets carrying it.
"""

from __future__ import annotations

import heapq
import math
from array import array
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

import numpy as np

from ..config import Config
from ..syndication import Priority, assign_canonicals, priority
from .batch import (
    EXAMPLES,
    MAX_CANDIDATE_POSTINGS,
    candidate_floor,
    canonical_overlap,
    could_be_same_story,
    line_evidence,
    same_story,
)
from .candidates import holders_of_all, shared_counts
from .records import DocRecord, as_utc
from .tables import SMALL_PENDING, FlatLists, MultiMap, StrList, TextStore, UnionFind

__all__ = ["IndexState", "LineEvidence", "SyndicationMatch"]

# Articles learned per bulk pass of apply_many.
_BATCH_DOCS = 2048
# A band key shared by more new lines of one bulk pass sends the pass to the one-at-a-time
# path (an n x n comparison would not fit; all-zero band rows, adversarial input).
_MAX_GROUP = 1024
# Articles whose content roots _content_of keeps at most.
_MAX_CACHED_CONTENTS = 200_000
# Up to this many articles' distinct content clusters are counted by listing their clusters (which
# the copy check reuses); more at once are counted in arrays.
_LISTED_UP_TO = 16
# Clusters whose spread _spread keeps at most (each is kept up to date as articles come and go).
_MAX_CACHED_SPREADS = 50_000
# Forgotten articles are dropped in batches of at least this many (and 5% of the index).
_MIN_FORGET_BATCH = 256


@dataclass(frozen=True, slots=True)
class LineEvidence:
    """How one line of an article recurs in the index.

    ``stories``: distinct other stories of the article's outlet containing it; ``outlets``:
    distinct outlets containing it (the article's own included); ``recurring_outlets``: outlets
    where it is in ``boilerplate_min_stories`` or more distinct stories, i.e. boilerplate there
    (generic furniture is boilerplate at many outlets, a wire paragraph or subhead is not);
    ``examples``: a few doc ids of those other stories (the smallest ids, so the choice does not
    depend on arrival order).
    """

    stories: int = 0
    outlets: int = 0
    examples: tuple[str, ...] = ()
    recurring_outlets: int = 0


@dataclass(frozen=True, slots=True)
class SyndicationMatch:
    """What the index knows of an article's cluster; ``adds`` are line indices."""

    canonical: str
    members: int
    similarity: float
    containment: float
    canonical_containment: float
    adds: tuple[int, ...]
    lacks: int


class IndexState:
    """Line clusters, stories and postings, built by applying DocRecords."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self._min_bands = max(1, math.ceil(config.bands * config.cluster_threshold**config.rows - 1e-9))
        self._exact = MultiMap(np.uint64)
        self._bands = [MultiMap(np.uint32) for _ in range(config.bands)]
        self._lines = UnionFind()
        self._line_words = array("H")
        self._members: dict[int, list[int]] = {}  # cluster root -> line ids, clusters of 2+ only
        self._first_doc = array("I")  # line id -> first article containing it
        self._more_docs = MultiMap(np.uint32, SMALL_PENDING)  # line id -> further articles, in order
        self._line_flags = bytearray()  # line id -> _HAS_MORE | _HAS_TEXT
        self._stories = UnionFind()  # over article numbers
        self._story_members: dict[int, list[int]] = {}  # story root -> articles, stories of 2+ only
        self._copies = MultiMap(np.uint32, SMALL_PENDING)  # article -> articles verified as its copies (both ways)
        self._doc_content = array("I")  # article -> its number of content lines
        self._assignments: dict[tuple[int, int], dict[int, int]] = {}  # canonical copies per story
        self._doc_num: dict[str, int] = {}
        self._doc_ids: list[str] = []
        self._doc_outlet = array("I")
        self._doc_published = StrList()  # article -> its published time as given
        self._doc_stamp = array("d")  # article -> published timestamp (inf: undated)
        self._doc_lines = FlatLists()  # article -> its distinct line ids, in order
        self._outlet_num: dict[str, int] = {}
        self._outlets: list[str] = []
        self._texts = TextStore()  # line id -> text, for lines in 2+ articles
        # Forgetting: articles older than retention_days before the newest are dead at once
        # (never evidence, candidates or cluster members) and dropped in batches. A line whose
        # articles are all dead is dead at once too: never found again by exact key or bands (a
        # new identical or similar line is a new line), exactly as if it had been dropped then;
        # what the batch drop does is free memory, it changes no result.
        self._dead = bytearray()  # article -> 1 once forgotten
        self._dead_lines: set[int] = set()  # lines whose articles are all dead, not dropped yet
        self._by_time: list[int] = []  # heap of _time_key(published timestamp, article)
        self._newest: float | None = None
        self._doomed: list[int] = []  # dead articles whose postings are not dropped yet
        # Article -> its content cluster roots, valid while no line clusters merge.
        self._line_joins = 0
        self._content_epoch = 0
        self._contents: dict[int, list[int]] = {}
        self._content_sizes: dict[int, int] = {}  # article -> how many distinct, cached alike
        self._micros: dict[int, int | None] = {}  # article -> published time in microseconds, cached alike
        # Bumped by every article learned: dates the one-entry cache of _copies_of_unlearned.
        self._changes = 0
        self._last_copies: tuple[tuple[object, ...], list[int]] | None = None
        # Cluster root -> its spread over outlets and stories (see _spread).
        self._spreads: dict[int, _Spread] = {}

    # ---- size -------------------------------------------------------------------------
    @property
    def documents(self) -> int:
        """Articles held (forgotten ones excluded)."""
        return len(self._doc_num)

    @property
    def lines(self) -> int:
        """Distinct lines (normal forms) indexed."""
        return len(self._lines)

    def __contains__(self, doc_id: str) -> bool:
        return doc_id in self._doc_num

    # ---- learning ---------------------------------------------------------------------
    def apply(self, rec: DocRecord) -> int:
        """Learn one article; returns its number. An id seen before is not learned twice."""
        known = self._doc_num.get(rec.doc_id)
        if known is not None:
            return known
        stamp = None if rec.published is None else as_utc(rec.published).timestamp()
        retention = self._retention_seconds()
        if (
            stamp is not None
            and retention is not None
            and self._newest is not None
            and stamp < self._newest - retention
        ):
            return -1  # older than what the index keeps: not learned
        return self._add_article(rec, self._learn_lines(rec), stamp)

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
            if rec.doc_id in self._doc_num or rec.doc_id in ids_here:
                return None
            ids_here.add(rec.doc_id)
        stamps = [None if rec.published is None else as_utc(rec.published).timestamp() for rec in batch]
        retention = self._retention_seconds()
        dated = [t for t in stamps if t is not None]
        if retention is not None and dated:
            newest = max(dated) if self._newest is None else max(self._newest, *dated)
            oldest = min(dated) if not self._by_time else min(_stamp_of(self._by_time[0]), *dated)
            if oldest < newest - retention:
                return None  # something would be rejected or forgotten on the way
        if not batch:
            return []
        keys = np.concatenate([rec.keys for rec in batch])
        words = np.concatenate([rec.words for rec in batch])
        bands = np.concatenate([rec.bands for rec in batch])
        learned = self._learn_new_lines(keys, words, bands)
        if learned is None:
            return None
        line_of_row, new_rows, joins = learned
        out = []
        lo = 0
        first_new = len(self._line_words) - len(new_rows)
        for rec, stamp in zip(batch, stamps, strict=True):
            hi = lo + len(rec.keys)
            k0, k1 = np.searchsorted(new_rows, (lo, hi)).tolist()
            for k in range(k0, k1):
                for other in joins.get(k, ()):
                    self._join_lines(first_new + k, other)
            out.append(self._add_article(rec, line_of_row[lo:hi].tolist(), stamp))
            lo = hi
        return out

    def _learn_new_lines(
        self, keys: np.ndarray, words: np.ndarray, bands: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, dict[int, list[int]]] | None:
        """Create the lines of many articles' rows in bulk: line id per row (-1: no words), the
        rows that created new lines, and per new line the lines it joins, in the order the
        one-at-a-time path joins them. None (nothing changed) when a band key is shared by too
        many new lines for the pair search."""
        self._exact.merge()
        for table in self._bands:
            table.merge()
        valid = words > 0
        line_of_row = np.full(len(keys), -1, np.int64)
        found = self._live_first(keys, self._exact.first_many(keys))
        known = valid & (found >= 0)
        line_of_row[known] = found[known]
        unknown = np.flatnonzero(valid & (found < 0))
        _, first_idx, inverse = np.unique(keys[unknown], return_index=True, return_inverse=True)
        order = np.argsort(first_idx, kind="stable")  # new lines in order of first appearance
        rank = np.empty_like(order)
        rank[order] = np.arange(len(order))
        base = len(self._line_words)
        line_of_row[unknown] = base + rank[inverse.ravel()]
        new_rows = unknown[first_idx[order]]
        fresh = bands[new_rows]
        pairs = _agreeing_pairs(fresh, self._min_bands)
        if pairs is None:
            return None
        joins = self._near_lines_sparse(fresh) if len(new_rows) else {}
        local: dict[int, list[int]] = {}
        for later, earlier in sorted(pairs):
            local.setdefault(later, []).append(base + earlier)
        for k, others in local.items():
            joins[k] = joins.get(k, []) + others
        self._lines.make_many(len(new_rows))
        ids = np.arange(base, base + len(new_rows), dtype=np.uint32)
        self._exact.insert_many(keys[new_rows], ids)
        self._line_words.extend(words[new_rows].tolist())
        self._first_doc.extend([_NONE] * len(new_rows))
        self._line_flags.extend(bytes(len(new_rows)))
        for b, table in enumerate(self._bands):
            table.insert_many(fresh[:, b], ids)
        return line_of_row, new_rows, joins

    def _add_article(self, rec: DocRecord, ids: list[int], stamp: float | None) -> int:
        """Record a learned article whose line ids are known: postings, stories, time."""
        self._changes += 1
        d = self._stories.make()
        self._dead.append(0)
        self._doc_num[rec.doc_id] = d
        self._doc_ids.append(rec.doc_id)
        self._doc_outlet.append(self._outlet(rec.source))
        self._doc_published.append(rec.published)
        self._doc_stamp.append(math.inf if stamp is None else stamp)
        distinct = list(dict.fromkeys(i for i in ids if i >= 0))
        self._doc_lines.append(distinct)
        self._doc_content.append(len(self._content(distinct)))
        text_of: dict[int, str] | None = None
        first_doc, flags = self._first_doc, self._line_flags
        for line in distinct:
            if first_doc[line] == _NONE:
                first_doc[line] = d
            else:
                self._more_docs.add(line, d)
                if not flags[line] & _HAS_TEXT:  # kept for recurring lines only
                    if text_of is None:
                        text_of = dict(zip(ids, rec.texts, strict=True))
                    self._texts.add(line, text_of[line])
                flags[line] = _HAS_MORE | _HAS_TEXT
        if self._spreads:
            self._spread_article(d, distinct)
        for other in self._copies_of(distinct, exclude=d, published=rec.published):
            self._copies.add(d, other)
            self._copies.add(other, d)
            self._join_stories(d, other)
        if stamp is not None:
            heapq.heappush(self._by_time, _time_key(stamp, d))
            if self._newest is None or stamp > self._newest:
                self._newest = stamp
                self._expire()
        return d

    # ---- forgetting -------------------------------------------------------------------
    def _retention_seconds(self) -> float | None:
        days = self.config.retention_days
        return None if days is None else days * 86400

    def _expire(self) -> None:
        """Forget the articles now older than the retention window."""
        retention = self._retention_seconds()
        if retention is None or self._newest is None:
            return
        cutoff = self._newest - retention
        while self._by_time and _stamp_of(self._by_time[0]) < cutoff:
            d = heapq.heappop(self._by_time) & 0xFFFFFFFF
            self._dead[d] = 1
            del self._doc_num[self._doc_ids[d]]
            self._doomed.append(d)
            if self._spreads:
                self._unspread_article(d)
            self._assignments.clear()  # keyed by live members, which only grow between deaths
            self._dead_lines.update(line for line in self._doc_lines[d] if not self._held(line))
        if len(self._doomed) >= max(_MIN_FORGET_BATCH, len(self._doc_num) // 20):
            self._drop(self._doomed)
            self._doomed = []

    def _held(self, line: int) -> bool:
        """Whether a live article holds the line (the newest postings are looked at first)."""
        dead = self._dead
        if self._line_flags[line] & _HAS_MORE and any(not dead[e] for e in reversed(self._more_docs.get(line))):
            return True
        first = self._first_doc[line]
        return first != _NONE and not dead[first]

    def _drop(self, docs: list[int]) -> None:
        """Free what dead articles held: postings, copy links, and lines no live article has."""
        gone = set(docs)
        # Postings: a line whose first article goes takes its first live further article instead
        # (the further ones keep their order); a line with none left is an orphan.
        touched = np.unique(np.fromiter((x for d in docs for x in self._doc_lines[d]), np.uint32))
        self._more_docs.drop_values(np.array(sorted(gone), np.uint32))
        first_doc = self._first_doc
        lost = np.array([x for x in touched.tolist() if first_doc[x] in gone], np.uint32)
        orphans: list[int] = []
        for line, first in zip(lost.tolist(), self._more_docs.pop_first_many(lost).tolist(), strict=True):
            first_doc[line] = _NONE if first < 0 else first
            if first < 0:
                orphans.append(line)
        flags = self._line_flags
        for line, more in zip(touched.tolist(), (self._more_docs.first_values(touched) >= 0).tolist(), strict=True):
            if not more:
                flags[line] &= ~_HAS_MORE
        self._doc_lines.clear_many(docs)
        dead_docs = np.array(sorted(gone), np.uint32)
        self._copies.drop_keys(dead_docs)
        self._copies.drop_values(dead_docs)
        for root in {self._stories.find(d) for d in docs}:
            members = self._story_members.get(root)
            if members is not None:
                self._story_members[root] = [m for m in members if m not in gone]
        self._assignments.clear()
        self._contents.clear()
        self._content_sizes.clear()
        if orphans:
            dead = np.array(sorted(orphans), np.uint32)
            self._exact.drop_values(dead)
            for table in self._bands:
                table.drop_values(dead)
            dead_set = set(orphans)
            self._dead_lines -= dead_set
            self._texts.discard_many(orphans)
            for line in orphans:
                flags[line] = 0
            for root in {self._lines.find(line) for line in orphans}:
                members = self._members.get(root)
                if members is not None:
                    self._members[root] = [m for m in members if m not in dead_set]

    def _join_stories(self, a: int, b: int) -> None:
        ra, rb = self._stories.find(a), self._stories.find(b)
        if ra == rb:
            return
        root = self._stories.union(ra, rb)
        gone = rb if root == ra else ra
        joining = self._story_members.pop(gone, [gone])
        if self._spreads:
            self._merge_spread_stories(joining, gone, root)
        self._story_members[root] = self._story_members.pop(root, [root]) + joining

    def _learn_lines(self, rec: DocRecord) -> list[int]:
        """Line ids of an article's lines, creating (and clustering) the new ones."""
        ids = self._known_lines(rec)
        fresh = [r for r, line in enumerate(ids) if line == _UNKNOWN]
        if not fresh:
            return ids
        keys = rec.keys.tolist()
        created: dict[int, int] = {}  # exact key -> line id, for lines new in this article
        new_rows: list[int] = []
        for r in fresh:
            line = created.get(keys[r])
            if line is None:  # else the same line twice in one article
                line = created[keys[r]] = len(self._line_words) + len(new_rows)
                new_rows.append(r)
            ids[r] = line
        near = self._near_lines_many(rec.bands[new_rows])
        first = self._lines.make_many(len(new_rows))
        new_ids = list(range(first, first + len(new_rows)))
        bands = rec.bands[new_rows]
        self._exact.add_many(rec.keys[new_rows], new_ids)
        self._line_words.extend(rec.words[new_rows].tolist())
        self._first_doc.extend([_NONE] * len(new_rows))
        self._line_flags.extend(bytes(len(new_rows)))
        # A new line also joins the earlier new lines of its own article that agree with it
        # in enough bands (they are not in the tables yet when the article's look-up runs).
        local = _agreeing_earlier(bands, self._min_bands)
        for k, line in enumerate(new_ids):
            others = near[k] + [new_ids[m] for m in local[k]] if local[k] else near[k]
            for other in others:
                self._join_lines(line, other)
        for b, table in enumerate(self._bands):
            table.add_many(bands[:, b], new_ids)
        return ids

    def knows(self, keys: np.ndarray, newest: float | None = None) -> np.ndarray:
        """Which exact keys already have a line (a boolean array) that is still held once the
        index has learned articles up to the timestamp ``newest`` (a record prepared now skips
        the band keys of known lines, so a line forgotten before the record is learned must not
        count as known)."""
        found = self._live_first(keys, self._exact.first_values(keys))
        retention = self._retention_seconds()
        if retention is None or newest is None:
            return found >= 0
        cutoff = max(newest, self._newest if self._newest is not None else newest) - retention + 1.0
        out = np.zeros(len(keys), bool)
        lasting: dict[int, bool] = {}
        stamp, dead, flags = self._doc_stamp, self._dead, self._line_flags
        for i in np.flatnonzero(found >= 0).tolist():
            line = int(found[i])
            ok = lasting.get(line)
            if ok is None:
                more = self._more_docs.get(line) if flags[line] & _HAS_MORE else []
                holders = [*reversed(more), self._first_doc[line]]
                ok = lasting[line] = any(not dead[e] and stamp[e] >= cutoff for e in holders if e != _NONE)
            out[i] = ok
        return out

    def _live_first(self, keys: np.ndarray, first: np.ndarray) -> np.ndarray:
        """``first`` (the first line of each key, -1: none) with dead lines replaced by the key's
        live line, or -1 when it has none."""
        dead = self._dead_lines
        if dead:
            for i in np.flatnonzero(first >= 0).tolist():
                if int(first[i]) in dead:
                    first[i] = next((v for v in self._exact.get(int(keys[i])) if v not in dead), -1)
        return first

    def _known_lines(self, rec: DocRecord) -> list[int]:
        """Line ids by exact key; _UNKNOWN for keys never seen (or dead) and -1 for lines with no words."""
        first = self._live_first(rec.keys, self._exact.first_values(rec.keys))
        first[first < 0] = _UNKNOWN
        first[rec.words == 0] = -1
        ids: list[int] = first.tolist()
        return ids

    def _near_lines_many(self, bands: np.ndarray) -> list[list[int]]:
        """Per row of band keys: existing lines agreeing in at least ``_min_bands`` bands."""
        out: list[list[int]] = [[] for _ in range(len(bands))]
        for row, lines in self._near_lines_sparse(bands).items():
            out[row] = lines
        return out

    def _near_lines_sparse(self, bands: np.ndarray) -> dict[int, list[int]]:
        """:meth:`_near_lines_many` for the rows that have such lines only."""
        out: dict[int, list[int]] = {}
        rows: list[np.ndarray] = []
        found: list[np.ndarray] = []
        for b, table in enumerate(self._bands):
            r, lines = table.hits(bands[:, b])
            rows.append(r)
            found.append(lines)
        if not any(len(r) for r in rows):
            return out
        lines_found = np.concatenate(found)
        rows_found = np.concatenate(rows)
        if self._dead_lines:  # dead lines are never found (looked up one by one: the found are few, the dead many)
            dead = self._dead_lines
            live = np.fromiter((line not in dead for line in lines_found.tolist()), bool, len(lines_found))
            lines_found, rows_found = lines_found[live], rows_found[live]
        pair = rows_found.astype(np.uint64) << np.uint64(32) | lines_found.astype(np.uint64)
        agreeing, counts = np.unique(pair, return_counts=True)  # sorted: by row, then by line
        agreeing = agreeing[counts >= self._min_bands]
        row_of, line_of = (agreeing >> np.uint64(32)).tolist(), (agreeing & np.uint64(0xFFFFFFFF)).tolist()
        for row, line in zip(row_of, line_of, strict=True):
            out.setdefault(row, []).append(line)
        return out

    def _join_lines(self, a: int, b: int) -> None:
        ra, rb = self._lines.find(a), self._lines.find(b)
        if ra == rb:
            return
        root = self._lines.union(ra, rb)
        gone = rb if root == ra else ra
        merged = self._members.pop(root, [root]) + self._members.pop(gone, [gone])
        self._members[root] = merged
        self._spreads.pop(ra, None)
        self._spreads.pop(rb, None)
        self._line_joins += 1

    def _outlet(self, source: str) -> int:
        num = self._outlet_num.get(source)
        if num is None:
            num = self._outlet_num[source] = len(self._outlets)
            self._outlets.append(source)
        return num

    # ---- stories ----------------------------------------------------------------------
    def _content(self, line_ids: Iterable[int]) -> list[int]:
        """Cluster roots of the content lines (long enough to tell stories apart), in order."""
        long = self.config.long_line_words
        return [self._lines.find(i) for i in line_ids if self._line_words[i] >= long]

    def _content_of(self, d: int) -> list[int]:
        """:meth:`_content` of article ``d``'s lines, cached until line clusters merge (cleaning
        without learning compares each article with the same candidates again and again)."""
        self._check_content_caches()
        content = self._contents.get(d)
        if content is None:
            content = self._contents[d] = self._content(self._doc_lines[d])
        return content

    def _distinct_contents(self, docs: list[int]) -> list[int]:
        """``len(set(self._content_of(d)))`` of each article, cached alike. The copy check's count
        test asks it of every candidate and most fail it (a banner brings hundreds), so the ones
        not cached are counted together, in arrays, without listing their clusters."""
        self._check_content_caches()
        cached = self._content_sizes
        sizes = [cached.get(d, -1) for d in docs]
        missing = [k for k, n in enumerate(sizes) if n < 0]
        if len(missing) <= _LISTED_UP_TO:  # a few (learning: the caches empty at each merge): listed
            for k in missing:
                sizes[k] = cached[docs[k]] = len(set(self._content_of(docs[k])))
        else:
            lines, owners = self._doc_lines.gather([docs[k] for k in missing])
            content = np.frombuffer(self._line_words, np.uint16)[lines] >= self.config.long_line_words
            roots = self._lines.find_many(lines[content])
            pairs = np.sort((owners[content] << 32) | roots)  # (owner, root); np.unique's hashing is slower
            first = np.ones(len(pairs), bool)
            first[1:] = pairs[1:] != pairs[:-1]
            counts = np.bincount(pairs[first] >> 32, minlength=len(missing)).tolist()
            for k, n in zip(missing, counts, strict=True):
                sizes[k] = cached[docs[k]] = n
        return sizes

    def _check_content_caches(self) -> None:
        """Empty the content caches when line clusters merged since they were filled, or they are full."""
        full = len(self._contents) + len(self._content_sizes) > _MAX_CACHED_CONTENTS
        if full or self._content_epoch != self._line_joins:
            self._contents.clear()
            self._content_sizes.clear()
            self._micros.clear()
            self._content_epoch = self._line_joins

    def _copies_of(self, line_ids: list[int], exclude: int | None, published: str | None) -> list[int]:
        """Articles this article is a verified copy of, within the syndication window."""
        mine = self._content(line_ids)
        roots = list(dict.fromkeys(mine))
        sized = [(self._postings(root), root) for root in roots]
        listed = [(n, root) for n, root in sized if n <= MAX_CANDIDATE_POSTINGS]
        unlisted = len(roots) - len(listed)  # my clusters too common to list their articles
        everything: dict[int, set[int]] = {}  # candidate -> all its line clusters, built once
        contents: dict[int, set[int]] = {}  # candidate -> its content clusters

        def holds(d: int) -> set[int]:
            found = everything.get(d)
            if found is None:
                found = everything[d] = {self._lines.find(i) for i in self._doc_lines[d]}
            return found

        def content_of(d: int) -> set[int]:
            found = contents.get(d)
            if found is None:
                found = contents[d] = set(self._content_of(d))
            return found

        mine_all = [self._lines.find(i) for i in line_ids]
        clusters = len(set(mine_all))
        if len(roots) < 2:
            if not listed:
                return []
            # same_story can then only accept a full copy, which holds every cluster of mine: the
            # articles holding all of them (a short article and a banner's hundreds).
            every = [(self._postings(root), root) for root in set(mine_all)]
            held = dict.fromkeys(holders_of_all(every, self._docs_of, holds, exclude), 1)
        else:
            # What same_story needs at least (an article holding fewer cannot be a copy, and is not
            # compared line by line: a banner makes every article of an outlet a candidate of every
            # other); the unlisted clusters count as held by every candidate. A candidate's content
            # clusters tell which of mine it holds when mine have content lines only (a short line
            # of a cluster would hold it without being content).
            long, words, members = self.config.long_line_words, self._line_words, self._members
            pure = all(words[m] >= long for root in roots for m in members.get(root, (root,)))
            floor = candidate_floor(len(roots))
            held = shared_counts(listed, floor - unlisted, self._docs_of, content_of if pure else holds, exclude)
        out: list[int] = []
        days, containment = self.config.syndication_window_days, self.config.story_containment
        mine_us = None if published is None or days is None else _micros(published)
        candidates = sorted(held)
        verdicts: dict[tuple[int, int], bool] = {}  # could_be_same_story by (shared at most, distinct_b)
        for d, distinct in zip(candidates, self._distinct_contents(candidates), strict=True):
            # same_story's count tests first, on what is known of the two (see could_be_same_story),
            # then the window, then same_story itself
            counts = (held[d] + unlisted, distinct)
            maybe = verdicts.get(counts)
            if maybe is None:
                maybe = verdicts[counts] = could_be_same_story(counts[0], len(roots), distinct, clusters, containment)
            if not maybe:
                continue
            near = mine_us is None or self._near_in_time(mine_us, d, days)
            if near and self._same_story(mine, self._content_of(d), mine_all, d, holds):
                out.append(d)
        return out

    def _postings(self, root: int) -> int:
        """``len(self._docs_of(root))``, without listing the articles when it can."""
        first_doc, flags, more = self._first_doc, self._line_flags, self._more_docs
        n = 0
        for line in self._members.get(root, (root,)):
            if first_doc[line] != _NONE:
                n += 1 + (more.count(line) if flags[line] & _HAS_MORE else 0)
        if self._doomed and n > MAX_CANDIDATE_POSTINGS:  # dead articles listed: count the live ones
            n = len(self._docs_of(root))
        return n

    def _copies_of_unlearned(self, rec: DocRecord, ids: list[int]) -> list[int]:
        """:meth:`_copies_of` for an article not learned; evidence and syndication both ask, so
        the last answer is kept until the index changes."""
        key = (self._changes, rec.doc_id, rec.published, tuple(ids))
        if self._last_copies is None or self._last_copies[0] != key:
            copies = self._copies_of([i for i in ids if i >= 0], exclude=None, published=rec.published)
            self._last_copies = (key, copies)
        return self._last_copies[1]

    def _near_in_time(self, mine_us: int, d: int, days: float | None) -> bool:
        """:func:`dedup.index.batch.within_window` of a time (microseconds) and article ``d``'s, with ``d``'s
        parsed once: exactly ``within_window``'s float comparison."""
        if len(self._micros) > _MAX_CACHED_CONTENTS:
            self._micros.clear()
        if d in self._micros:
            theirs = self._micros[d]
        else:
            published = self._doc_published[d]
            theirs = self._micros[d] = None if published is None else _micros(published)
        return theirs is None or days is None or abs(mine_us - theirs) / 1_000_000 <= days * 86400

    def _same_story(
        self, a: list[int], b: list[int], a_all: list[int], d: int, holds: Callable[[int], set[int]]
    ) -> bool:
        """:func:`dedup.index.batch.same_story` of an article and learned article ``d`` (``holds``:
        an article's line clusters)."""

        def theirs() -> set[Hashable]:
            return set(holds(d))

        return same_story(a, b, a_all, theirs, self.config.story_containment)

    # ---- evidence ---------------------------------------------------------------------
    def resolve(self, rec: DocRecord) -> list[int]:
        """Line ids of an article's lines without learning it (-1: not in the index)."""
        ids = self._known_lines(rec)
        unknown = [r for r, line in enumerate(ids) if line == _UNKNOWN]
        for r, near in zip(unknown, self._near_lines_many(rec.bands[unknown]) if unknown else [], strict=True):
            ids[r] = near[0] if near else -1
        return ids

    def evidence(self, rec: DocRecord, ids: list[int]) -> list[LineEvidence]:
        """Per line of the article (``ids`` from ``resolve``): its recurrence in other stories
        of its outlet."""
        d = self._doc_num.get(rec.doc_id)
        if d is not None:
            story: int | None = self._stories.find(d)
        else:  # not learned: it belongs to the story of the articles it copies, if any
            copies = self._copies_of_unlearned(rec, ids)
            story = min((self._stories.find(c) for c in copies), default=None)
        outlet = self._outlet_num.get(rec.source, -1)
        cache: dict[int, LineEvidence] = {}
        out = []
        # Most lines of a learned article are in no other article: answered without a look.
        alone = LineEvidence(0, 1, (), int(self.config.boilerplate_min_stories <= 1))
        first_doc, flags, members, parent = self._first_doc, self._line_flags, self._members, self._lines.parents
        for line in ids:
            if line < 0:
                out.append(LineEvidence(0, 1, ()))
                continue
            alone_here = d is not None and first_doc[line] == d and parent[line] == line
            if alone_here and not flags[line] & _HAS_MORE and line not in members:
                out.append(alone)
                continue
            root = self._lines.find(line)
            if root not in cache:
                cache[root] = self._line_evidence(root, outlet, story, own_outlet_counted=d is not None)
            out.append(cache[root])
        return out

    def _docs_of(self, root: int) -> list[int]:
        docs: list[int] = []
        first_doc, flags = self._first_doc, self._line_flags
        members = self._members.get(root)
        if members is None:  # one line: its further articles only if it has some (most have none)
            first = first_doc[root]
            if first != _NONE:
                docs.append(first)
                if flags[root] & _HAS_MORE:
                    docs.extend(self._more_docs.get(root))
        else:
            for line in members:
                first = first_doc[line]
                if first != _NONE:
                    docs.append(first)
                    if flags[line] & _HAS_MORE:
                        docs.extend(self._more_docs.get(line))
        return [d for d in docs if not self._dead[d]] if self._doomed else docs

    def _line_evidence(self, root: int, outlet: int, story: int | None, own_outlet_counted: bool) -> LineEvidence:
        per_outlet, recurring, smallest = self._spread(root)
        mine = per_outlet.get(outlet, {})
        # The EXAMPLES smallest doc ids of stories other than the article's own are among the
        # EXAMPLES + 1 smallest of all (one per story), kept per outlet until the spread changes:
        # a banner line of an outlet is in hundreds of its stories, asked about by every article.
        first = smallest.get(outlet)
        if first is None:
            first = smallest[outlet] = heapq.nsmallest(EXAMPLES + 1, [(doc_id, s) for s, doc_id in mine.items()])
        others = [doc_id for doc_id, s in first if s != story][:EXAMPLES]
        return LineEvidence(
            *line_evidence(
                len(mine),
                story in mine,
                others,
                len(per_outlet),
                recurring,
                learned=own_outlet_counted,
                story_known=story is not None,
                outlet_here=outlet in per_outlet,
                need=self.config.boilerplate_min_stories,
            )
        )

    def _spread_article(self, d: int, distinct: list[int]) -> None:
        """Add a new article (its own story until a copy joins it: see _merge_spread_stories)
        to the cached spreads of its line clusters, so that a stream of articles keeps them."""
        outlet = self._doc_outlet[d]
        need = self.config.boilerplate_min_stories
        for line in distinct:
            root = self._lines.find(line)
            spread = self._spreads.get(root)
            if spread is not None:
                per_outlet, recurring, smallest = spread
                stories = per_outlet.setdefault(outlet, {})
                if d not in stories:
                    stories[d] = self._doc_ids[d]
                    smallest.pop(outlet, None)
                    if len(stories) == need:
                        self._spreads[root] = per_outlet, recurring + 1, smallest

    def _merge_spread_stories(self, joining: list[int], gone: int, root: int) -> None:
        """Story ``gone`` (its articles ``joining``) has joined story ``root``: in the cached spreads
        of the clusters its articles hold, its entries join ``root``'s (the smaller doc id stays).
        No other spread names ``gone``, and the others are unchanged."""
        need = self.config.boilerplate_min_stories
        seen: set[tuple[int, int]] = set()
        for m in joining:
            outlet = self._doc_outlet[m]
            for line in self._doc_lines[m]:
                cluster = self._lines.find(line)
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
                if len(stories) == need - 1:  # one story fewer here: below the bar now
                    self._spreads[cluster] = per_outlet, recurring - 1, smallest

    def _unspread_article(self, d: int) -> None:
        """Take article ``d``, just forgotten, out of the cached spreads of its clusters: its story
        keeps its smallest live doc id holding the cluster there, or leaves the outlet's list."""
        need = self.config.boilerplate_min_stories
        outlet, story, doc_id = self._doc_outlet[d], self._stories.find(d), self._doc_ids[d]
        mates = [
            m
            for m in self._story_members.get(story, ())
            if m != d and not self._dead[m] and self._doc_outlet[m] == outlet
        ]
        mate_clusters = [(self._doc_ids[m], {self._lines.find(i) for i in self._doc_lines[m]}) for m in mates]
        for cluster in {self._lines.find(line) for line in self._doc_lines[d]}:
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
            if len(stories) == need - 1:
                self._spreads[cluster] = per_outlet, recurring - 1, smallest

    def _spread(self, root: int) -> _Spread:
        """Per outlet, the stories containing a line cluster (story -> its smallest doc id),
        the number of outlets where it is in ``boilerplate_min_stories`` stories or more, and
        room for the smallest (doc id, story) pairs per outlet (filled by ``_line_evidence``).

        Cached for clusters of 2+ articles (cleaning asks about every banner line once per
        article), kept up to date as articles arrive, stories join and articles are forgotten,
        and dropped when clusters merge.
        """
        cached = self._spreads.get(root)
        if cached is not None:
            return cached
        docs = self._docs_of(root)
        per_outlet: dict[int, dict[int, str]] = {}
        doc_outlet, doc_ids, parent, find = self._doc_outlet, self._doc_ids, self._stories.parents, self._stories.find
        for d in docs:
            stories = per_outlet.get(doc_outlet[d])
            if stories is None:
                stories = per_outlet[doc_outlet[d]] = {}
            s = d if parent[d] == d else find(d)  # most articles are a story of their own
            doc_id = doc_ids[d]
            if s not in stories or doc_id < stories[s]:
                stories[s] = doc_id
        need = self.config.boilerplate_min_stories
        spread: _Spread = per_outlet, sum(1 for found in per_outlet.values() if len(found) >= need), {}
        if len(docs) > 1:
            if len(self._spreads) >= _MAX_CACHED_SPREADS:
                self._spreads.clear()
            self._spreads[root] = spread
        return spread

    # ---- syndication ------------------------------------------------------------------
    def syndication(self, rec: DocRecord, ids: list[int]) -> SyndicationMatch | None:
        """The article's place in its syndication cluster, or None when it has no copies.

        ``ids`` are the article's line ids (from ``resolve``).
        """
        d = self._doc_num.get(rec.doc_id)
        if d is not None:
            members = self._live(self._story_members.get(self._stories.find(d), [d]))
            if len(members) < 2:
                return None
            assignment = self._assignment(members)
            canonical = assignment[d]
        else:  # not learned: the best canonical among the articles it was verified against
            copies = self._copies_of_unlearned(rec, ids)
            if not copies:
                return None
            members = self._live(self._story_members.get(self._stories.find(copies[0]), [copies[0]]))
            assignment = self._assignment(members)
            direct = [c for c in copies if assignment.get(c) == c]
            if not direct:
                return None
            canonical = min(direct, key=self._priority)
        size = sum(1 for m in members if assignment[m] == canonical) + (d is None)
        theirs: set[object] = set(self._content(self._doc_lines[canonical]))
        labels = [self._lines.find(i) if i >= 0 else None for i in ids]
        words = [self._line_words[i] if i >= 0 else 0 for i in ids]
        overlap = canonical_overlap(labels, words, self.config.long_line_words, theirs)
        return SyndicationMatch(self._doc_ids[canonical], size, *overlap)

    def clusters(self) -> list[tuple[str, list[str]]]:
        """Every syndication cluster of 2+ articles: (canonical id, member ids in canonical order)."""
        out: list[tuple[str, list[str]]] = []
        for all_members in self._story_members.values():
            members = self._live(all_members)
            if len(members) < 2:
                continue
            assignment = self._assignment(members)
            groups: dict[int, list[int]] = {}
            for m in sorted(members, key=self._priority):
                groups.setdefault(assignment[m], []).append(m)
            out.extend(
                (self._doc_ids[c], [self._doc_ids[m] for m in group]) for c, group in groups.items() if len(group) > 1
            )
        return sorted(out)

    def _live(self, docs: list[int]) -> list[int]:
        return [d for d in docs if not self._dead[d]]

    def _assignment(self, members: list[int]) -> dict[int, int]:
        # Live members only grow between forgetting runs, which clear the cache: the size of a
        # story dates its cache entry.
        key = (min(members), len(members))
        cached = self._assignments.get(key)
        if cached is None:
            cached = self._assignments[key] = assign_canonicals(
                members, self._priority, lambda a, b: b in self._copies.get(a)
            )
        return cached

    def _priority(self, d: int) -> Priority:
        return priority(
            self._doc_published[d],
            self._outlets[self._doc_outlet[d]],
            self._doc_content[d],
            self._doc_ids[d],
            self.config.canonical_sources,
        )

    # ---- reporting --------------------------------------------------------------------
    def text_of(self, root: int) -> str:
        """A text of a recurring line cluster (its smallest line id that has one)."""
        dead = self._dead_lines
        members = sorted(self._members.get(root, [root]))
        texts = (self._texts.get(m) for m in members if self._line_flags[m] & _HAS_TEXT and m not in dead)
        return next((t for t in texts if t is not None), "")

    def outlet_lines(self, source: str) -> list[tuple[int, int]]:
        """(cluster root, distinct stories of the outlet containing it) for recurring clusters,
        most frequent first."""
        outlet = self._outlet_num.get(source)
        if outlet is None:
            return []
        counts: dict[int, set[int]] = {}
        for d, o in enumerate(self._doc_outlet):
            if o != outlet or self._dead[d]:
                continue
            story = self._stories.find(d)
            for line in self._doc_lines[d]:
                counts.setdefault(self._lines.find(line), set()).add(story)
        return sorted(((r, len(s)) for r, s in counts.items() if len(s) > 1), key=lambda x: (-x[1], x[0]))

    @property
    def outlets(self) -> list[str]:
        return list(self._outlets)

    def nbytes(self) -> int:
        """Approximate bytes held by the line structures (for the memory benchmark)."""
        total = self._exact.nbytes() + sum(t.nbytes() for t in self._bands)
        total += self._lines.nbytes() + len(self._line_words) * 2 + len(self._first_doc) * 4
        total += self._doc_lines.nbytes() + self._more_docs.nbytes() + self._texts.nbytes() + len(self._line_flags)
        total += 100 * len(self._members)
        return total


_NONE = 0xFFFFFFFF
# A cluster's spread: outlet -> {story: smallest doc id}, outlets where it recurs, and per
# outlet its smallest (doc id, story) pairs (see IndexState._spread).
_Spread = tuple[dict[int, dict[int, str]], int, dict[int, list[tuple[str, int]]]]


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def _micros(iso: str) -> int:
    """An ISO time as whole microseconds since the epoch (naive: UTC), exactly.

    >>> _micros("1970-01-01T00:00:01.5"), _micros("1970-01-01T01:00:00+01:00")
    (1500000, 0)
    """
    return (as_utc(iso) - _EPOCH) // timedelta(microseconds=1)


def _time_key(stamp: float, d: int) -> int:
    """A heap entry ordered as (stamp, d) is, in one int (a third of a tuple's memory).

    Timestamps of datetimes are whole microseconds over 10**6, so ``_stamp_of`` gives back the
    very same float.

    >>> _stamp_of(_time_key(1764067200.123456, 7)), _time_key(1.5, 7) & 0xFFFFFFFF
    (1764067200.123456, 7)
    """
    return round(stamp * 1_000_000) << 32 | d


def _stamp_of(key: int) -> float:
    return (key >> 32) / 1_000_000


# _line_flags bits: the line is in 2+ articles (has entries in _more_docs); its text is kept.
_HAS_MORE = 1
_HAS_TEXT = 2
_UNKNOWN = -2


def _agreeing_pairs(bands: np.ndarray, need: int) -> set[tuple[int, int]] | None:
    """(later, earlier) row pairs agreeing in at least ``need`` bands, found through the rows
    that share a key in some band; None when a key is shared by more than _MAX_GROUP rows."""
    candidates: list[np.ndarray] = []  # (earlier, later) row pairs sharing a key in some band
    for b in range(bands.shape[1]):
        ranked = np.argsort(bands[:, b], kind="stable")  # equal keys: rows in ascending order
        values = bands[ranked, b]
        starts = np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))
        sizes = np.diff(np.append(starts, len(values)))
        if len(sizes) and int(sizes.max()) > _MAX_GROUP:
            return None
        for size in np.unique(sizes[sizes > 1]).tolist():
            # every group of this size at once: its members as a (groups, size) matrix
            members = ranked[starts[sizes == size][:, None] + np.arange(size)]
            x, y = np.triu_indices(size, k=1)
            candidates.append(np.stack((members[:, x].ravel(), members[:, y].ravel()), axis=1))
    if not candidates:
        return set()
    pairs = np.unique(np.concatenate(candidates), axis=0)
    agree = (bands[pairs[:, 0]] == bands[pairs[:, 1]]).sum(axis=1) >= need
    return set(zip(pairs[agree, 1].tolist(), pairs[agree, 0].tolist(), strict=True))


def _agreeing_earlier(bands: np.ndarray, need: int) -> list[list[int]]:
    """Per row of band keys: the earlier rows agreeing with it in at least ``need`` bands."""
    n = len(bands)
    out: list[list[int]] = [[] for _ in range(n)]
    if n < 2:
        return out
    if n <= 256:
        agree = (bands[:, None, :] == bands[None, :, :]).sum(axis=2)
        rows, cols = np.nonzero(np.tril(agree >= need, k=-1))
    else:  # large articles: pairs through each band's equal keys, without an n x n grid
        counts: dict[tuple[int, int], int] = {}
        for b in range(bands.shape[1]):
            groups: dict[int, list[int]] = defaultdict(list)
            for r, key in enumerate(bands[:, b].tolist()):
                for earlier in groups[key]:
                    counts[(r, earlier)] = counts.get((r, earlier), 0) + 1
                groups[key].append(r)
        pairs = sorted(pair for pair, c in counts.items() if c >= need)
        rows = np.array([p[0] for p in pairs], np.int64)
        cols = np.array([p[1] for p in pairs], np.int64)
    for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
        out[r].append(c)
    return out
