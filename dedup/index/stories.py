"""Stories: articles that tell one story (syndicated copies, the same page scraped twice, updated
versions, a rerun months later) count as one story, so a wire story is never an outlet's
boilerplate.

Copies are found by story anchors (:mod:`dedup.anchors`), never by lines: an arriving article
is compared (:func:`~dedup.decisions.same_story`) with the earlier articles sharing its anchors.
Two clocks apply. Every article of the same story text joins the story whatever its date (stories
are the connected components of those links, with union-find): what an outlet printed twice months
apart is a story and its rerun, not furniture. Only those published within the syndication window
are its copies (:attr:`Stories.copies`: each story's canonical copies come from
:func:`dedup.syndication.assign_canonicals` over them); the others are its far copies, which its
result names.
"""

from __future__ import annotations

import functools
from array import array
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..config import Config
from ..dates import micros
from ..decisions import could_be_same_story, micros_within_window, same_story, story_similarity
from ..evidence import EXAMPLES, CanonicalCopy, FarCopies
from ..syndication import Priority, assign_canonicals, choose_canonical, priority
from .lists import FlatLists, groups_from_arrays, groups_to_arrays
from .records import DocRecord
from .tables import SMALL_PENDING, MultiMap, counted
from .unionfind import UnionFind

if TYPE_CHECKING:
    from .state import IndexState

__all__ = ["Stories"]

# In the per-article table of parsed times: not parsed yet, and undated (no real time is either).
_UNPARSED = -(2**63)
_UNDATED = -(2**63) + 1
# Articles of fewer anchors than this are also filed in a small table of their own (``few``): the
# copy check reads all of it, and may leave the most common anchors unread in the large one.
_FEW_ANCHORS = 32


class Stories:
    """The story of each article, its verified copies, and the copy check."""

    def __init__(self, state: IndexState) -> None:
        self._s = state
        self.uf = UnionFind()  # over article numbers
        self.members: dict[int, list[int]] = {}  # story root -> articles, stories of 2+ only
        self.copies = MultiMap(np.uint32, SMALL_PENDING)  # article -> its verified copies (both ways)
        self.far = MultiMap(np.uint32, SMALL_PENDING)  # article -> same story text, outside the window (both ways)
        self.postings = MultiMap(np.uint32)  # anchor -> articles holding it, in learning order
        self.few = MultiMap(np.uint32, SMALL_PENDING)  # the same, articles of 2 to _FEW_ANCHORS - 1 anchors only
        self.doc_anchors = FlatLists()  # article -> its distinct anchors, in text order
        self.doc_text_key = array("Q")  # article -> the key of its whole text
        self.short = MultiMap(np.uint64, SMALL_PENDING)  # text key -> articles of fewer than two anchors
        # Caches, each dated by what it depends on (they never change an answer):
        self._assignments: dict[tuple[int, int], dict[int, int]] = {}  # canonical copies per story
        self._micros = array("q")  # article -> published time in microseconds, parsed when first compared
        self._changes = 0  # articles learned: dates the one-entry cache of check_unlearned
        self._last: tuple[tuple[object, ...], tuple[list[int], list[int]]] | None = None

    def make(self) -> int:
        """A new article, a story of its own; returns its number."""
        self._changes += 1
        return self.uf.make()

    def find(self, d: int) -> int:
        return self.uf.find(d)

    def story_of(self, d: int) -> list[int]:
        """The articles of ``d``'s story (forgotten ones included)."""
        return self.members.get(self.uf.find(d), [d])

    # ---- learning ---------------------------------------------------------------------
    def learn(self, d: int, rec: DocRecord) -> list[tuple[list[int], int, int]]:
        """Article ``d`` (just made) arrives: compare it with the earlier articles, join it to the
        story of each of the same text and link it to its copies and far copies, then hold its
        anchors. Returns the story joins (see :meth:`join`)."""
        copies, far = self.check(rec.anchors, rec.text_key, rec.published, exclude=d)
        for links, other in [(self.copies, e) for e in copies] + [(self.far, e) for e in far]:
            links.add(d, other)
            links.add(other, d)
        joins = []
        for other in sorted([*copies, *far]):
            joined = self.join(d, other)
            if joined is not None:
                joins.append(joined)
        anchors = rec.anchors.tolist()
        self.doc_anchors.append(anchors)
        self.doc_text_key.append(rec.text_key)
        if len(anchors) >= 2:
            self.postings.add_many(rec.anchors, [d] * len(anchors))
            if len(anchors) < _FEW_ANCHORS:
                self.few.add_many(rec.anchors, [d] * len(anchors))
        elif rec.text_key:
            self.short.add(rec.text_key, d)
        return joins

    def join(self, a: int, b: int) -> tuple[list[int], int, int] | None:
        """Join the stories of ``a`` and ``b``: (the articles of the story that joined, its former
        root, the root it joined), or None when already one."""
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return None
        root = self.uf.union(ra, rb)
        gone = rb if root == ra else ra
        joining = self.members.pop(gone, [gone])
        self.members[root] = self.members.pop(root, [root]) + joining
        return joining, gone, root

    # ---- the copy check ---------------------------------------------------------------
    def check(
        self, anchors: npt.NDArray[np.uint32], text_key: int, published: str | None, exclude: int | None
    ) -> tuple[list[int], list[int]]:
        """The articles held that an article of these anchors is a copy of: those within the
        syndication window, and those outside it (far copies). ``exclude``: the article itself."""
        config, dead = self._s.config, self._s.articles.dead
        if len(anchors) < 2:  # too little to compare: only the same text is a copy
            found = {d for d in self.short.get(text_key) if d != exclude and not dead[d]} if text_key else set()
        else:
            found = self._candidates(anchors, exclude)
        days = config.syndication_window_days
        mine_us = None if published is None or days is None else micros(published)
        copies, far = [], []
        for d in sorted(found):
            if mine_us is None or days is None or self._near_in_time(mine_us, d, days):
                copies.append(d)
            else:
                far.append(d)
        return copies, far

    def _candidates(self, anchors: npt.NDArray[np.uint32], exclude: int | None) -> set[int]:
        """The articles held whose anchors make them a copy of an article of these anchors.

        The articles sharing a listed anchor are candidates (anchors held by more than
        ``copy_candidate_postings`` articles, a banner's, are not listed: they count as shared with
        every candidate); the counts of shared anchors rule out most before their anchors are read.

        A prefix filter makes this cheaper without changing the answer: a candidate of
        ``_FEW_ANCHORS`` anchors or more must share at least ``need`` listed anchors
        (:func:`_least_shared`), so it holds one of any ``listed - need + 1`` of them, and the
        ``need - 1`` most common listed anchors are not read; the candidates then found have
        their shared anchors counted exactly. Articles of fewer anchors are found in ``few``,
        every listed anchor read."""
        config = self._s.config
        n = len(anchors)
        cap = config.copy_candidate_postings
        listed = np.zeros(n, bool)
        read = np.zeros(n, bool)

        def rarest(held_by: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
            listed[:] = held_by <= cap
            read[:] = listed
            unread = _least_shared(n, config) - (n - int(listed.sum())) - 1
            if unread > 0:
                at = np.flatnonzero(listed)
                read[at[np.argsort(-held_by[at], kind="stable")[:unread]]] = False
            return read

        _, docs, _ = self.postings.hits(anchors, rarest)  # an article holds an anchor once
        unlisted = n - int(listed.sum())
        unread = int(listed.sum()) - int(read.sum())
        held, shared = self._held(docs, exclude)
        sizes = self.doc_anchors.sizes(held)
        big = sizes >= _FEW_ANCHORS  # the others: from ``few`` below, with every listed anchor read
        held, shared, sizes = held[big], shared[big], sizes[big]
        plausible = could_be_same_story(shared + unread + unlisted, n, sizes, config)
        held, shared, sizes = held[plausible], shared[plausible], sizes[plausible]
        if unread and len(held):  # counted on the anchors read: count every listed one
            values, owners = self.doc_anchors.gather(held.tolist())
            mine = np.sort(anchors[listed])
            at = np.minimum(np.searchsorted(mine, values), max(len(mine) - 1, 0))
            hit = mine[at] == values if len(mine) else np.zeros(len(values), bool)
            shared = np.bincount(owners[hit], minlength=len(held))
        found = held[could_be_same_story(shared + unlisted, n, sizes, config)].tolist()
        if len(self.few) and listed.any():
            _, docs, _ = self.few.hits(anchors[listed])
            few, few_shared = self._held(docs, exclude)
            plausible = could_be_same_story(few_shared + unlisted, n, self.doc_anchors.sizes(few), config)
            found += few[plausible].tolist()
        mine_list = anchors.tolist()
        return {d for d in found if same_story(mine_list, self.doc_anchors[d], config)}

    def _held(
        self, docs: npt.NDArray[np.uint32], exclude: int | None
    ) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.intp]]:
        """The live articles among postings read, but ``exclude``, and how often each was read."""
        if self._s.forgetting.forgotten:
            docs = docs[np.frombuffer(self._s.articles.dead, np.uint8)[docs] == 0]
        held, shared = counted(docs)
        if exclude is not None:
            keep = held != exclude
            held, shared = held[keep], shared[keep]
        return held, shared

    def check_unlearned(self, rec: DocRecord) -> tuple[list[int], list[int]]:
        """:meth:`check` for an article not learned; evidence and syndication both ask, so the last
        answer is kept until the index changes."""
        key = (self._changes, rec.doc_id, rec.published, rec.text_key, rec.anchors.tobytes())
        if self._last is None or self._last[0] != key:
            self._last = (key, self.check(rec.anchors, rec.text_key, rec.published, exclude=None))
        return self._last[1]

    def _near_in_time(self, mine_us: int, d: int, days: float) -> bool:
        """:func:`~dedup.decisions.within_window` of a time (microseconds) and article
        ``d``'s, with ``d``'s parsed once."""
        times = self._micros
        if d >= len(times):
            times.extend([_UNPARSED] * (d + 1 - len(times)))
        theirs = times[d]
        if theirs == _UNPARSED:
            published = self._s.articles.published[d]
            theirs = times[d] = _UNDATED if published is None else micros(published)
        if theirs == _UNDATED:
            return True
        return micros_within_window(mine_us, theirs, days)

    # ---- syndication ------------------------------------------------------------------
    def canonical(self, rec: DocRecord) -> CanonicalCopy | None:
        """The article's canonical copy and how many copies it has, or None when it has none."""
        d = self._s.articles.num.get(rec.doc_id)
        if d is not None:
            members = self._live(self.story_of(d))
            if len(members) < 2:
                return None
            assignment = self._assignment(members)
            canonical = assignment[d]
        else:  # not learned: the best canonical among the articles it was verified against
            copies, _ = self.check_unlearned(rec)
            if not copies:
                return None
            members = self._live(self.story_of(copies[0]))
            assignment = self._assignment(members)
            direct = sorted((c for c in copies if assignment.get(c) == c), key=self.priority)
            if not direct:
                return None
            mine = frozenset(rec.anchors.tolist())
            canonical = choose_canonical(
                direct, copies, assignment, lambda c: story_similarity(mine, frozenset(self.doc_anchors[c]))
            )
        size = sum(1 for m in members if assignment[m] == canonical) + (d is None)
        if size < 2:  # its story's other articles are far copies only
            return None
        anchors = frozenset(self.doc_anchors[canonical])
        return CanonicalCopy(self._s.articles.ids[canonical], size, anchors, self.doc_text_key[canonical])

    def far_copies(self, rec: DocRecord) -> FarCopies | None:
        """The articles of the same story text left out of the comparison by their dates."""
        d = self._s.articles.num.get(rec.doc_id)
        far = self._live(self.far.get(d)) if d is not None else self.check_unlearned(rec)[1]
        if not far:
            return None
        ids = self._s.articles.ids
        return FarCopies(len(set(far)), tuple(sorted({ids[e] for e in far})[:EXAMPLES]))

    def clusters(self) -> list[tuple[str, list[str]]]:
        """Every syndication cluster of 2+ articles: (canonical id, member ids in canonical order)."""
        ids = self._s.articles.ids
        out: list[tuple[str, list[str]]] = []
        for all_members in self.members.values():
            members = self._live(all_members)
            if len(members) < 2:
                continue
            assignment = self._assignment(members)
            groups: dict[int, list[int]] = {}
            for m in sorted(members, key=self.priority):
                groups.setdefault(assignment[m], []).append(m)
            out.extend((ids[c], [ids[m] for m in group]) for c, group in groups.items() if len(group) > 1)
        return sorted(out)

    def _live(self, docs: Sequence[int]) -> list[int]:
        dead = self._s.articles.dead
        return [d for d in docs if not dead[d]]

    def _assignment(self, members: list[int]) -> dict[int, int]:
        # Live members only grow between forgetting runs, which clear the cache: the size of a
        # story dates its cache entry.
        key = (min(members), len(members))
        cached = self._assignments.get(key)
        if cached is None:
            anchors: dict[int, frozenset[int]] = {}

            def anchors_of(d: int) -> frozenset[int]:
                found = anchors.get(d)
                if found is None:
                    found = anchors[d] = frozenset(self.doc_anchors[d])
                return found

            def links(d: int) -> set[int]:
                return set(self.copies.get(d))

            def closeness(a: int, b: int) -> float:
                return story_similarity(anchors_of(a), anchors_of(b))

            cached = self._assignments[key] = assign_canonicals(members, self.priority, links, closeness)
        return cached

    def priority(self, d: int) -> Priority:
        a = self._s.articles
        return priority(
            a.published[d], a.outlets[a.outlet[d]], len(self.doc_anchors[d]), a.ids[d], self._s.config.canonical_sources
        )

    # ---- forgetting -------------------------------------------------------------------
    def drop(self, docs: list[int]) -> None:
        """Free the anchors and copy links of forgotten articles and take them out of their stories."""
        gone = set(docs)
        dead_docs = np.array(sorted(gone), np.uint32)
        for table in (self.copies, self.far):
            table.drop_keys(dead_docs)
            table.drop_values(dead_docs)
        self.postings.drop_values(dead_docs)
        self.few.drop_values(dead_docs)
        self.short.drop_values(dead_docs)
        self.doc_anchors.clear_many(docs)
        for root in {self.uf.find(d) for d in docs}:
            members = self.members.get(root)
            if members is not None:
                self.members[root] = [m for m in members if m not in gone]
        self._assignments.clear()

    def nbytes(self) -> int:
        tables = (self.copies, self.far, self.postings, self.few, self.short)
        return self.uf.nbytes() + sum(t.nbytes() for t in tables) + self.doc_anchors.nbytes() + 100 * len(self.members)

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        tables = {"copies": self.copies, "far": self.far, "postings": self.postings, "short": self.short}
        out: dict[str, npt.NDArray[np.generic]] = {"parents": self.uf.to_arrays()["parents"]}
        for name, table in tables.items():
            out.update({f"{name}.{k}": v for k, v in table.to_arrays().items()})
        out.update({f"members.{k}": v for k, v in groups_to_arrays(self.members).items()})
        out.update({f"doc_anchors.{k}": v for k, v in self.doc_anchors.to_arrays().items()})
        out["doc_text_key"] = np.frombuffer(self.doc_text_key, np.uint64)
        return out

    def restore(self, arrays: Mapping[str, npt.NDArray[np.generic]]) -> None:
        """Load what :meth:`to_arrays` saved (the caches start empty)."""

        def part(name: str) -> dict[str, npt.NDArray[np.generic]]:
            return {k[len(name) + 1 :]: v for k, v in arrays.items() if k.startswith(name + ".")}

        self.uf = UnionFind.from_arrays({"parents": arrays["parents"]})
        self.copies = MultiMap.from_arrays(part("copies"), np.uint32, SMALL_PENDING)
        self.far = MultiMap.from_arrays(part("far"), np.uint32, SMALL_PENDING)
        self.postings = MultiMap.from_arrays(part("postings"), np.uint32)
        self.short = MultiMap.from_arrays(part("short"), np.uint64, SMALL_PENDING)
        self.members = groups_from_arrays(part("members"))
        self.doc_anchors = FlatLists.from_arrays(part("doc_anchors"))
        self.few = MultiMap(np.uint32, SMALL_PENDING)  # not saved: rebuilt from the anchors
        sizes = self.doc_anchors.sizes(np.arange(len(self.doc_anchors)))
        few = np.flatnonzero((sizes >= 2) & (sizes < _FEW_ANCHORS)).tolist()
        if few:
            values, owners = self.doc_anchors.gather(few)
            self.few.insert_many(values, np.asarray(few, np.uint32)[owners])
        keys = arrays["doc_text_key"]
        if keys.dtype != np.uint64 or len(keys) != len(self.uf):
            raise ValueError("text keys of another type or length than the articles")
        self.doc_text_key = array("Q", keys.tobytes())


@functools.lru_cache(maxsize=1024)
def _least_shared(anchors: int, config: Config) -> int:
    """The fewest anchors an article of ``anchors`` anchors shares with any copy of
    ``_FEW_ANCHORS`` anchors or more (``anchors + 1``: none can be one). The count tests of
    :func:`~dedup.decisions.could_be_same_story` only ask more as the other article grows, so the
    fewest is asked of one of ``_FEW_ANCHORS`` anchors.

    >>> from dedup.config import Config
    >>> _least_shared(105, Config()), _least_shared(10, Config()), _least_shared(300, Config())
    (21, 7, 26)
    """
    shared = np.arange(anchors + 1)
    ok = np.flatnonzero(could_be_same_story(shared, anchors, _FEW_ANCHORS, config))
    return int(ok[0]) if len(ok) else anchors + 1
