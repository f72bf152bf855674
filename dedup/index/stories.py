"""Stories: articles that are copies of one another (syndicated copies, the same page scraped
twice, updated versions) count as one story, so a wire story is never an outlet's boilerplate.

An article joins every earlier article it is a verified copy of
(:func:`~dedup.index.decisions.same_story`, within the syndication window): the stories are the
connected components of those copy links, kept with union-find. Each story's canonical copies
come from :func:`dedup.syndication.assign_canonicals` over its links.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from functools import partial
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from ..dates import micros
from ..evidence import SyndicationMatch
from ..syndication import Priority, assign_canonicals, priority
from .candidates import holders_of_all, shared_counts
from .decisions import candidate_floor, canonical_overlap, could_be_same_story, micros_within_window, same_story
from .lists import groups_from_arrays, groups_to_arrays
from .records import DocRecord
from .tables import SMALL_PENDING, MultiMap
from .unionfind import UnionFind

if TYPE_CHECKING:
    from .state import IndexState

__all__ = ["Stories"]

# Articles whose content roots the copy check's caches keep at most.
_MAX_CACHED_CONTENTS = 200_000
# Up to this many articles' distinct content clusters are counted by listing their clusters (which
# the copy check reuses); more at once are counted in arrays.
_LISTED_UP_TO = 16


def _as_hashables(holds: Callable[[int], set[int]], d: int) -> set[Hashable]:
    return set(holds(d))


class Stories:
    """The story of each article, its verified copies, and the copy check."""

    def __init__(self, state: IndexState) -> None:
        self._s = state
        self.uf = UnionFind()  # over article numbers
        self.members: dict[int, list[int]] = {}  # story root -> articles, stories of 2+ only
        self.copies = MultiMap(np.uint32, SMALL_PENDING)  # article -> articles verified as its copies (both ways)
        # Caches, each dated by what it depends on (they never change an answer):
        self._assignments: dict[tuple[int, int], dict[int, int]] = {}  # canonical copies per story
        self._content_epoch = 0  # line-cluster joins when the content caches were filled
        self._contents: dict[int, list[int]] = {}  # article -> its content cluster roots
        self._content_sizes: dict[int, int] = {}  # article -> how many distinct
        self._micros: dict[int, int | None] = {}  # article -> published time in microseconds
        self._changes = 0  # articles learned: dates the one-entry cache of copies_of_unlearned
        self._last_copies: tuple[tuple[object, ...], list[int]] | None = None

    def make(self) -> int:
        """A new article, a story of its own; returns its number."""
        self._changes += 1
        return self.uf.make()

    def find(self, d: int) -> int:
        return self.uf.find(d)

    def story_of(self, d: int) -> list[int]:
        """The articles of ``d``'s story (forgotten ones included)."""
        return self.members.get(self.uf.find(d), [d])

    def link(self, a: int, b: int) -> tuple[list[int], int, int] | None:
        """Record that ``a`` and ``b`` are copies, joining their stories: (the articles of the
        story that joined, its former root, the root it joined), or None when already one."""
        self.copies.add(a, b)
        self.copies.add(b, a)
        ra, rb = self.uf.find(a), self.uf.find(b)
        if ra == rb:
            return None
        root = self.uf.union(ra, rb)
        gone = rb if root == ra else ra
        joining = self.members.pop(gone, [gone])
        self.members[root] = self.members.pop(root, [root]) + joining
        return joining, gone, root

    # ---- the copy check ---------------------------------------------------------------
    def copies_of(self, line_ids: list[int], exclude: int | None, published: str | None) -> list[int]:
        """Articles an article holding ``line_ids`` is a verified copy of, within the syndication
        window (``exclude``: the article itself, once learned)."""
        s = self._s
        config, clusters = s.config, s.clusters
        mine = clusters.content(line_ids, config.long_line_words)
        roots = list(dict.fromkeys(mine))
        sized = [(s.posting_count(root), root) for root in roots]
        listed = [(n, root) for n, root in sized if n <= config.copy_candidate_postings]
        unlisted = len(roots) - len(listed)  # my clusters too common to list their articles
        everything: dict[int, set[int]] = {}  # candidate -> all its line clusters, built once
        contents: dict[int, set[int]] = {}  # candidate -> its content clusters

        def holds(d: int) -> set[int]:
            found = everything.get(d)
            if found is None:
                found = everything[d] = {clusters.find(i) for i in s.postings.lines_of(d)}
            return found

        def content_of(d: int) -> set[int]:
            found = contents.get(d)
            if found is None:
                found = contents[d] = set(self.content_of(d))
            return found

        mine_all = [clusters.find(i) for i in line_ids]
        n_clusters = len(set(mine_all))
        if len(roots) < 2:
            if not listed:
                return []
            # same_story can then only accept a full copy, which holds every cluster of mine: the
            # articles holding all of them (a short article and a banner's hundreds).
            every = [(s.posting_count(root), root) for root in set(mine_all)]
            held = dict.fromkeys(holders_of_all(every, s.docs_of, holds, exclude), 1)
        else:
            # What same_story needs at least (an article holding fewer cannot be a copy, and is not
            # compared line by line: a banner makes every article of an outlet a candidate of every
            # other); the unlisted clusters count as held by every candidate. A candidate's content
            # clusters tell which of mine it holds when mine have content lines only (a short line
            # of a cluster would hold it without being content).
            long, words = config.long_line_words, clusters.words
            pure = all(words[m] >= long for root in roots for m in clusters.lines_of(root))
            floor = candidate_floor(len(roots), config)
            held = shared_counts(listed, floor - unlisted, s.docs_of, content_of if pure else holds, exclude)
        out: list[int] = []
        days = config.syndication_window_days
        mine_us = None if published is None or days is None else micros(published)
        candidates = sorted(held)
        verdicts: dict[tuple[int, int], bool] = {}  # could_be_same_story by (shared at most, distinct_b)
        for d, distinct in zip(candidates, self._distinct_contents(candidates), strict=True):
            # same_story's count tests first, on what is known of the two (see could_be_same_story),
            # then the window, then same_story itself
            counts = (held[d] + unlisted, distinct)
            maybe = verdicts.get(counts)
            if maybe is None:
                maybe = verdicts[counts] = could_be_same_story(counts[0], len(roots), distinct, n_clusters, config)
            if not maybe:
                continue
            near = mine_us is None or days is None or self._near_in_time(mine_us, d, days)
            if near and same_story(mine, self.content_of(d), mine_all, partial(_as_hashables, holds, d), config):
                out.append(d)
        return out

    def copies_of_unlearned(self, rec: DocRecord, ids: list[int]) -> list[int]:
        """:meth:`copies_of` for an article not learned; evidence and syndication both ask, so
        the last answer is kept until the index changes."""
        key = (self._changes, rec.doc_id, rec.published, tuple(ids))
        if self._last_copies is None or self._last_copies[0] != key:
            copies = self.copies_of([i for i in ids if i >= 0], exclude=None, published=rec.published)
            self._last_copies = (key, copies)
        return self._last_copies[1]

    def content_of(self, d: int) -> list[int]:
        """The content cluster roots of article ``d``'s lines, cached until line clusters merge
        (cleaning without learning compares each article with the same candidates again and again)."""
        self._check_content_caches()
        content = self._contents.get(d)
        if content is None:
            s = self._s
            content = self._contents[d] = s.clusters.content(s.postings.lines_of(d), s.config.long_line_words)
        return content

    def _distinct_contents(self, docs: list[int]) -> list[int]:
        """``len(set(self.content_of(d)))`` of each article, cached alike. The copy check's count
        test asks it of every candidate and most fail it (a banner brings hundreds), so the ones
        not cached are counted together, in arrays, without listing their clusters."""
        self._check_content_caches()
        cached = self._content_sizes
        sizes = [cached.get(d, -1) for d in docs]
        missing = [k for k, n in enumerate(sizes) if n < 0]
        if len(missing) <= _LISTED_UP_TO:  # a few (learning: the caches empty at each merge): listed
            for k in missing:
                sizes[k] = cached[docs[k]] = len(set(self.content_of(docs[k])))
        else:
            s = self._s
            lines, owners = s.postings.doc_lines.gather([docs[k] for k in missing])
            content = np.frombuffer(s.clusters.words, np.uint16)[lines] >= s.config.long_line_words
            roots = s.clusters.uf.find_many(lines[content])
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
        joins = self._s.clusters.joins
        if full or self._content_epoch != joins:
            self._contents.clear()
            self._content_sizes.clear()
            self._micros.clear()
            self._content_epoch = joins

    def _near_in_time(self, mine_us: int, d: int, days: float) -> bool:
        """:func:`~dedup.index.decisions.within_window` of a time (microseconds) and article
        ``d``'s, with ``d``'s parsed once."""
        if len(self._micros) > _MAX_CACHED_CONTENTS:
            self._micros.clear()
        if d in self._micros:
            theirs = self._micros[d]
        else:
            published = self._s.articles.published[d]
            theirs = self._micros[d] = None if published is None else micros(published)
        return theirs is None or micros_within_window(mine_us, theirs, days)

    # ---- syndication ------------------------------------------------------------------
    def match(self, rec: DocRecord, ids: list[int]) -> SyndicationMatch | None:
        """The article's place in its syndication cluster, or None when it has no copies.

        ``ids`` are the article's line ids (from ``resolve``).
        """
        s = self._s
        d = s.articles.num.get(rec.doc_id)
        if d is not None:
            members = self._live(self.story_of(d))
            if len(members) < 2:
                return None
            assignment = self._assignment(members)
            canonical = assignment[d]
        else:  # not learned: the best canonical among the articles it was verified against
            copies = self.copies_of_unlearned(rec, ids)
            if not copies:
                return None
            members = self._live(self.story_of(copies[0]))
            assignment = self._assignment(members)
            direct = [c for c in copies if assignment.get(c) == c]
            if not direct:
                return None
            canonical = min(direct, key=self.priority)
        size = sum(1 for m in members if assignment[m] == canonical) + (d is None)
        clusters = s.clusters
        theirs: set[Hashable] = set(self.content_of(canonical))
        labels = [clusters.find(i) if i >= 0 else None for i in ids]
        words = [clusters.words[i] if i >= 0 else 0 for i in ids]
        overlap = canonical_overlap(labels, words, s.config.long_line_words, theirs)
        return SyndicationMatch(s.articles.ids[canonical], size, *overlap)

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

    def _live(self, docs: list[int]) -> list[int]:
        dead = self._s.articles.dead
        return [d for d in docs if not dead[d]]

    def _assignment(self, members: list[int]) -> dict[int, int]:
        # Live members only grow between forgetting runs, which clear the cache: the size of a
        # story dates its cache entry.
        key = (min(members), len(members))
        cached = self._assignments.get(key)
        if cached is None:
            linked: Callable[[int, int], bool] = lambda a, b: b in self.copies.get(a)  # noqa: E731
            cached = self._assignments[key] = assign_canonicals(members, self.priority, linked)
        return cached

    def priority(self, d: int) -> Priority:
        a = self._s.articles
        return priority(
            a.published[d], a.outlets[a.outlet[d]], a.content[d], a.ids[d], self._s.config.canonical_sources
        )

    # ---- forgetting -------------------------------------------------------------------
    def forget_caches(self) -> None:
        """An article was forgotten: the canonical copies of its story may change."""
        self._assignments.clear()

    def drop(self, docs: list[int]) -> None:
        """Free the copy links of dropped articles and take them out of their stories."""
        gone = set(docs)
        dead_docs = np.array(sorted(gone), np.uint32)
        self.copies.drop_keys(dead_docs)
        self.copies.drop_values(dead_docs)
        for root in {self.uf.find(d) for d in docs}:
            members = self.members.get(root)
            if members is not None:
                self.members[root] = [m for m in members if m not in gone]
        self._assignments.clear()
        self._contents.clear()
        self._content_sizes.clear()

    def nbytes(self) -> int:
        return self.uf.nbytes() + self.copies.nbytes() + 100 * len(self.members)

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {
            "parents": self.uf.to_arrays()["parents"],
            **{f"copies.{k}": v for k, v in self.copies.to_arrays().items()},
            **{f"members.{k}": v for k, v in groups_to_arrays(self.members).items()},
        }

    def restore(self, arrays: Mapping[str, npt.NDArray[np.generic]]) -> None:
        """Load what :meth:`to_arrays` saved (the caches start empty)."""
        self.uf = UnionFind.from_arrays({"parents": arrays["parents"]})
        self.copies = MultiMap.from_arrays(
            {"keys": arrays["copies.keys"], "values": arrays["copies.values"]}, np.uint32, SMALL_PENDING
        )
        self.members = groups_from_arrays(
            {k[len("members.") :]: v for k, v in arrays.items() if k.startswith("members.")}
        )
