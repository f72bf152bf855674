"""Pure functions of the corpus index's global step, shared by ``IndexState`` and ``dedup.spark``.

The embedded index learns articles one at a time, in learning order (oldest first, then by id:
:func:`dedup.index.records.learning_order`). What it decides depends on that order in two ways,
which a batch computation reproduces exactly:

- an article is checked for copies against the line clusters known *when it arrives*: the lines
  of the articles before it and its own. Line clusters are the connected components of the graph
  of lines whose band keys agree enough; an edge exists from the moment its later line arrives.
  :func:`component_timeline` replays that graph per final cluster, so that every article sees
  the clusters (and the candidate postings) of its own time;
- articles older than ``retention_days`` before the newest one learned are forgotten: they stop
  being candidates, and the postings of forgotten articles leave the evidence.

The copy test itself (:func:`same_story`), its cheap pre-filter (:func:`candidate_floor`), the
evidence of one line (:func:`line_evidence`) and the comparison with the canonical copy
(:func:`canonical_overlap`) are the functions both paths call.
"""

from __future__ import annotations

import heapq
import math
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

__all__ = [
    "EXAMPLES",
    "MAX_CANDIDATE_POSTINGS",
    "Timeline",
    "TimelineStream",
    "candidate_floor",
    "canonical_overlap",
    "component_timeline",
    "could_be_same_story",
    "label_at",
    "line_evidence",
    "same_story",
    "tail_run",
    "within_window",
]

# A content line carried by more articles than this is too common to find copies through.
MAX_CANDIDATE_POSTINGS = 2000
# Doc ids quoted as evidence per line.
EXAMPLES = 3
# Share of both articles' content that a shared edge run must cover to make them copies.
MOSTLY = 0.8
# Share of the longer article's content lines a copy must cover: a roundup ("The Latest: ...")
# that quotes three paragraphs of a story among forty of its own is not a copy of it, while an
# abridged copy that keeps three paragraphs of ten still is.
MIN_SHARE_OF_LONGER = 0.2


def candidate_floor(roots: int) -> float:
    """Content clusters a candidate must share with an article of ``roots`` distinct content
    clusters before it is compared line by line (what :func:`same_story` needs at least).

    >>> candidate_floor(1), candidate_floor(5), candidate_floor(40)
    (0, 2, 8.0)
    """
    return max(2, MIN_SHARE_OF_LONGER * roots) if roots >= 2 else 0


def same_story(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    a_all: Iterable[Hashable],
    b_all: Callable[[], set[Hashable]],
    story_containment: float,
) -> bool:
    """Whether two articles are copies of one story, from their content clusters in order
    (``a``, ``b``) and all their line clusters (``a_all``; ``b_all`` is asked for only when needed).

    Copies share most of the shorter one's content lines. What two different stories of one
    outlet share is a banner: one unbroken run at the end of both, which makes them copies only
    when it is nearly all of both. The test is symmetric.

    >>> same_story([1, 2, 3], [1, 2, 9], [1, 2, 3], lambda: {1, 2, 9}, 0.5)
    True
    >>> same_story([1, 7, 8], [4, 7, 8], [1, 7, 8], lambda: {4, 7, 8}, 0.5)  # a shared tail: a banner
    False
    """
    set_a, set_b = set(a), set(b)
    if len(set_a) < 2 or len(set_b) < 2:
        # Too little content to compare: only a full copy (the page scraped twice) counts.
        return set(a_all) == b_all()
    shared = set_a & set_b
    # Two shared lines at least: one shared paragraph is a quote, not a copy.
    need = max(2, math.ceil(story_containment * min(len(set_a), len(set_b)) - 1e-9))
    if len(shared) < need or len(shared) < MIN_SHARE_OF_LONGER * max(len(set_a), len(set_b)):
        return False
    if tail_run(a, shared) and tail_run(b, shared):
        return len(shared) >= MOSTLY * max(len(set_a), len(set_b))
    return True


def could_be_same_story(
    shared_at_most: int, distinct_a: int, distinct_b: int, clusters_a: int, story_containment: float
) -> bool:
    """False only when :func:`same_story` is surely False for two articles of ``distinct_a`` and
    ``distinct_b`` distinct content clusters that share at most ``shared_at_most`` of them, the
    first having ``clusters_a`` distinct line clusters in all: the count tests ``same_story``
    starts with, for a caller that knows the counts but has not built the sets (the index, for
    the many candidates an outlet banner brings).

    >>> could_be_same_story(4, 18, 20, 25, 0.5), could_be_same_story(12, 18, 20, 25, 0.5)
    (False, True)
    >>> could_be_same_story(1, 1, 9, 4, 0.5), could_be_same_story(1, 1, 3, 4, 0.5)  # full copies only
    (False, True)
    """
    if distinct_a < 2 or distinct_b < 2:
        # same_story then asks for the same line clusters in both: b's include its content ones
        return distinct_b <= clusters_a
    need = max(2, math.ceil(story_containment * min(distinct_a, distinct_b) - 1e-9))
    return shared_at_most >= need and shared_at_most >= MIN_SHARE_OF_LONGER * max(distinct_a, distinct_b)


def tail_run(seq: Sequence[Hashable], shared: set[Hashable]) -> bool:
    """The shared items of ``seq`` form one unbroken run at its end (where banners go).

    Only the tail: an abridged copy shares the head of the full story, and must still match.

    >>> tail_run([1, 2, 3], {2, 3}), tail_run([1, 2, 3], {1, 2})
    (True, False)
    """
    where = [k for k, x in enumerate(seq) if x in shared]
    return bool(where) and where[-1] == len(seq) - 1 and where[-1] - where[0] + 1 == len(where)


def within_window(a: str | None, b: str | None, days: float | None) -> bool:
    """Two ISO dates are at most ``days`` apart (always true when either is unknown).

    >>> within_window("2018-07-16T10:00:00", "2018-07-20T10:00:00+00:00", 3.0)
    False
    """
    if days is None or a is None or b is None:
        return True
    return abs((_utc(a) - _utc(b)).total_seconds()) <= days * 86400


def _utc(iso: str) -> datetime:
    t = datetime.fromisoformat(iso)
    return t.replace(tzinfo=timezone.utc) if t.tzinfo is None else t.astimezone(timezone.utc)


def line_evidence(
    here: int,
    story_here: bool,
    examples: Sequence[str],
    outlets: int,
    recurring: int,
    *,
    learned: bool,
    story_known: bool,
    outlet_here: bool,
    need: int,
) -> tuple[int, int, tuple[str, ...], int]:
    """(stories, outlets, examples, recurring outlets) of one line cluster for one article.

    ``here``: stories of the article's outlet holding the cluster, its own story among them or
    not (``story_here``); ``examples``: the smallest doc ids of the other stories there, sorted;
    ``outlets``, ``recurring``: outlets holding it, and where it is in ``need`` stories or more.
    An article not ``learned`` counts for its outlet (``outlet_here``: already counted) and its
    story (``story_known``: it copies learned articles) all the same.

    >>> line_evidence(3, True, ["a", "b"], 2, 1, learned=True, story_known=True, outlet_here=True, need=3)
    (2, 2, ('a', 'b'), 1)
    """
    others = here - story_here
    if not learned:
        outlets += not outlet_here
        counted = here + (story_known and not story_here)
        recurring += (counted >= need) - (here >= need)
    return others, outlets, tuple(examples[:EXAMPLES]), recurring


def canonical_overlap(
    labels: Sequence[Hashable | None], words: Sequence[int], long_line_words: int, theirs: set[Hashable]
) -> tuple[float, float, float, tuple[int, ...], int]:
    """How an article's content lines compare with its canonical copy's content clusters.

    ``labels``: per line of the article, its line cluster (None: not indexed); ``words``: the
    words of that line cluster's line. Returns (similarity, containment, canonical containment,
    rows the canonical lacks, number of the canonical's clusters missing here).

    >>> canonical_overlap([1, 2, None, 3], [9, 9, 9, 2], 8, {1, 4})
    (0.3333333333333333, 0.5, 0.5, (1,), 1)
    """
    content = [lab if lab is not None and w >= long_line_words else None for lab, w in zip(labels, words, strict=True)]
    mine = {lab for lab in content if lab is not None}
    shared = mine & theirs
    adds = tuple(r for r, lab in enumerate(content) if lab is not None and lab not in theirs)
    return (
        len(shared) / max(1, len(mine | theirs)),
        len(shared) / max(1, len(mine)),
        len(shared) / max(1, len(theirs)),
        adds,
        len(theirs - mine),
    )


# ---- the timeline of one line cluster ----------------------------------------------------
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


class Timeline:
    """What :func:`component_timeline` finds for one final line cluster.

    ``histories``: line -> its label changes (lines whose label never changes are left out);
    ``held``: (article, earlier article) once per content cluster of the article, at its time,
    that the earlier one holds and that is listed (``MAX_CANDIDATE_POSTINGS`` postings or fewer);
    ``roots``: (article, its distinct content clusters here at its time, how many not listed);
    ``final_held`` and ``final_roots``: the same for forgotten articles, against the final
    clusters and the articles still held (they are cleaned without being learned).
    """

    __slots__ = ("final_held", "final_roots", "held", "histories", "roots")

    def __init__(self) -> None:
        self.histories: dict[int, History] = {}
        self.held: list[tuple[int, int]] = []
        self.roots: list[tuple[int, int, int]] = []
        self.final_held: list[tuple[int, int]] = []
        self.final_roots: list[tuple[int, int, int]] = []


def component_timeline(
    words: Mapping[int, int],
    edges: Iterable[tuple[int, int, int]],
    postings: Iterable[tuple[int, int]],
    alive: Callable[[int, int], bool],
    dead: Callable[[int], bool],
    long_line_words: int,
    final_postings: Iterable[tuple[int, int]] | None = None,
) -> Timeline:
    """Replay one final line cluster in learning order, as the index sees it grow.

    Args:
        words: line (exact key) -> its words.
        edges: (line, line, time): the two lines' band keys agree; time is the rank of the
            article that brought the later of the two.
        postings: (line, article rank): the article holds the line.
        alive: ``alive(e, t)``: article ``e`` is still held when article ``t`` is learned.
        dead: the article is forgotten once the whole batch is learned.
        long_line_words: words from which a line is content.
        final_postings: (line, article) for the articles forgotten by the end: the lines of this
            cluster that their lines resolve to against the final index (a forgotten line is not
            found again, so a line of theirs may resolve to another line or to none). By default
            their own postings.

    Labels are the smallest line key of each cluster at each time.

    >>> tl = component_timeline({1: 9, 2: 9}, [(1, 2, 1)], [(1, 0), (2, 1)], lambda e, t: True, lambda d: False, 8)
    >>> tl.histories, tl.held, tl.roots
    ({2: [(1, 1)]}, [(1, 0)], [(0, 1, 0), (1, 1, 0)])
    """
    by_time: dict[int, list[tuple[int, int]]] = {}
    for a, b, t in edges:
        by_time.setdefault(t, []).append((a, b))
    held_by: dict[int, list[int]] = {}
    for key, rank in postings:
        held_by.setdefault(rank, []).append(key)
    out = Timeline()
    label: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    posted: dict[int, list[tuple[int, int]]] = {}  # label -> (line, article) postings so far

    def present(key: int) -> int:
        lab = label.get(key)
        if lab is None:
            lab = label[key] = key
            members[key] = [key]
            posted[key] = []
        return lab

    for t in sorted(set(held_by) | set(by_time)):
        for a, b in by_time.get(t, ()):
            la, lb = present(a), present(b)
            if la == lb:
                continue
            new, old = min(la, lb), max(la, lb)
            for m in members[old]:
                label[m] = new
                out.histories.setdefault(m, []).append((t, new))
            members[new].extend(members.pop(old))
            posted[new].extend(posted.pop(old))
        mine = held_by.get(t, ())
        for key in mine:
            posted[present(key)].append((key, t))
        roots = list(dict.fromkeys(label[k] for k in mine if words[k] >= long_line_words))
        unlisted = 0
        for root in roots:
            docs = _alive_postings(posted[root], t, alive)
            if docs is not None:
                out.held.extend((t, e) for e in set(docs) if e != t)
            else:
                unlisted += 1
        if roots:
            out.roots.append((t, len(roots), unlisted))
    # The forgotten articles, cleaned against the final clusters and the articles still held.
    if final_postings is None:
        final_postings = ((k, d) for d in held_by if dead(d) for k in held_by[d])
    resolved: dict[int, list[int]] = {}
    for key, d in final_postings:
        resolved.setdefault(d, []).append(key)
    forgotten = [d for d, keys in resolved.items() if any(words[k] >= long_line_words for k in keys)]
    if forgotten:  # the final cluster is one label now
        (final,) = set(label.values())
        final_docs = {e for _, e in posted[final] if not dead(e)}
        count = sum(1 for _, e in posted[final] if not dead(e))
        listed = count <= MAX_CANDIDATE_POSTINGS
        for d in forgotten:
            if listed:
                out.final_held.extend((d, e) for e in final_docs)
            out.final_roots.append((d, 1, int(not listed)))
    return out


def _alive_postings(posted: list[tuple[int, int]], t: int, alive: Callable[[int, int], bool]) -> list[int] | None:
    """The articles of the postings still held at time ``t``; None once there are more than
    ``MAX_CANDIDATE_POSTINGS`` (a banner line: not listed, and not scanned further)."""
    docs: list[int] = []
    for _, e in posted:
        if alive(e, t):
            docs.append(e)
            if len(docs) > MAX_CANDIDATE_POSTINGS:
                return None
    return docs


class TimelineStream:
    """:func:`component_timeline`, fed one event at a time in learning order: the replay of one
    final line cluster holding only what it needs, for a caller that streams the cluster's rows
    from a sort (``dedup.spark``) rather than holding them.

    State: per line of the cluster, its label, words and label history; per label, its lines and
    the postings of its *newest* ``MAX_CANDIDATE_POSTINGS + 1`` that are still held. That is
    enough: postings die oldest first (learning order is oldest ``published`` first, undated
    articles first and never forgotten), so when an older posting is still held all the newer
    ones are too, and the label has more than ``MAX_CANDIDATE_POSTINGS``: not listed, which is
    all the index decides then. Memory is bounded by the cluster's lines, not its articles.

    Feed :meth:`edges` and :meth:`article` in increasing time, edges of a time first, then
    :meth:`final` once. ``alive(e, t)`` of :func:`component_timeline` is here: ``e``'s stamp is
    undated (``-inf``), or ``t``'s newest stamp before it is, or ``stamp >= before - retention``.

    >>> s = TimelineStream(long_line_words=8, retention=None)
    >>> s.article(0, -math.inf, -math.inf, [(1, 9)]), s.edges(1, [(1, 2)]), s.article(1, 5.0, -math.inf, [(2, 9)])
    (([], 1, 0), None, ([0], 1, 0))
    >>> s.histories, s.final(-math.inf, [])
    ({2: [(1, 1)]}, ([], []))
    """

    __slots__ = ("_dated", "_label", "_long", "_members", "_retention", "_undated", "_words", "histories")

    def __init__(self, long_line_words: int, retention: float | None) -> None:
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
        """Keep the newest ``MAX_CANDIDATE_POSTINGS + 1`` postings of a label."""
        cap = MAX_CANDIDATE_POSTINGS + 1
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
        content clusters, and how many of them are not listed (:attr:`Timeline.roots`)."""
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
        None when there are more than ``MAX_CANDIDATE_POSTINGS``."""
        dated = self._dated[lab]
        while dated and dated[0][1] < floor:
            dated.popleft()
        undated = self._undated[lab]
        if len(undated) + len(dated) > MAX_CANDIDATE_POSTINGS:
            return None
        return undated + [e for e, _ in dated]

    def final(self, cutoff: float, postings: Iterable[tuple[int, int]]) -> tuple[list[tuple[int, int]], list[Any]]:
        """The articles forgotten by the end (stamped before ``cutoff``), with the lines of this
        cluster theirs resolve to (line, article): :attr:`Timeline.final_held` and
        :attr:`Timeline.final_roots`. Call once, after every article."""
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
