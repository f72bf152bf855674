"""The corpus index's decisions as pure functions, called by the embedded index
(:mod:`dedup.index.state` and its parts) and by the Spark job (:mod:`dedup.spark_global`) alike:
no decision, threshold or formula is written twice.

The embedded index learns articles one at a time, in learning order (oldest first, then by id:
:func:`dedup.dates.learning_key`). What it decides depends on that order in two ways, which the
Spark job reproduces exactly (with :class:`dedup.index.timeline.TimelineStream`):

- an article is checked for copies against the line clusters known *when it arrives*: the lines
  of the articles before it and its own. Line clusters are the connected components of the graph
  of lines whose band keys agree in :func:`min_agreeing_bands` bands; an edge exists from the
  moment its later line arrives;
- articles older than ``retention_days`` before the newest one learned are forgotten
  (:func:`retention_seconds`, :func:`forgotten_before`): they stop being candidates, and the
  postings of forgotten articles leave the evidence.

The copy test itself (:func:`same_story`), its cheap pre-filters (:func:`candidate_floor`,
:func:`could_be_same_story`), the syndication window (:func:`within_window`), the evidence of one
line (:func:`line_evidence`, :data:`NO_EVIDENCE`) and the comparison with the canonical copy
(:func:`canonical_overlap`) are the functions both paths call.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Sequence

from ..config import Config
from ..dates import micros
from ..evidence import EXAMPLES, LineEvidence

__all__ = [
    "EXAMPLES",
    "NO_EVIDENCE",
    "candidate_floor",
    "canonical_overlap",
    "could_be_same_story",
    "held_at",
    "line_evidence",
    "micros_within_window",
    "min_agreeing_bands",
    "retention_seconds",
    "same_story",
    "tail_run",
    "within_window",
]

#: The evidence of a line the index does not hold (or that has no words): in no other story, at
#: its own outlet only.
NO_EVIDENCE = LineEvidence(0, 1, ())


def min_agreeing_bands(config: Config) -> int:
    """Bands in which two lines' keys must agree for the lines to join one cluster: the bands
    that agree at Jaccard ``cluster_threshold`` (``bands * threshold ** rows``), rounded up.

    >>> min_agreeing_bands(Config()), min_agreeing_bands(Config(cluster_threshold=0.9))
    (3, 6)
    """
    return max(1, math.ceil(config.bands * config.cluster_threshold**config.rows - 1e-9))


def retention_seconds(config: Config) -> float | None:
    """``retention_days`` in seconds (None: the index never forgets)."""
    days = config.retention_days
    return None if days is None else days * 86400


def held_at(stamp: float, newest: float, retention: float | None) -> bool:
    """Whether an article stamped ``stamp`` (UTC seconds; undated: ``inf`` or ``-inf``) is still
    held once the index has learned an article stamped ``newest`` (undated: ``-inf``): the index
    forgets what is older than ``retention`` before the newest article it holds.

    >>> held_at(10.0, 100.0, 50.0), held_at(60.0, 100.0, 50.0), held_at(-math.inf, 100.0, 50.0)
    (False, True, True)
    """
    return retention is None or math.isinf(stamp) or newest == -math.inf or stamp >= newest - retention


def candidate_floor(roots: int, config: Config) -> float:
    """Content clusters a candidate must share with an article of ``roots`` distinct content
    clusters before it is compared line by line (what :func:`same_story` needs at least).

    >>> c = Config(); candidate_floor(1, c), candidate_floor(5, c), candidate_floor(40, c)
    (0, 2, 8.0)
    """
    return max(2, config.copy_min_share_of_longer * roots) if roots >= 2 else 0


def same_story(
    a: Sequence[Hashable],
    b: Sequence[Hashable],
    a_all: Iterable[Hashable],
    b_all: Callable[[], set[Hashable]],
    config: Config,
) -> bool:
    """Whether two articles are copies of one story, from their content clusters in order
    (``a``, ``b``) and all their line clusters (``a_all``; ``b_all`` is asked for only when needed).

    Copies share most of the shorter one's content lines. What two different stories of one
    outlet share is a banner: one unbroken run at the end of both, which makes them copies only
    when it is nearly all of both. The test is symmetric.

    >>> same_story([1, 2, 3], [1, 2, 9], [1, 2, 3], lambda: {1, 2, 9}, Config())
    True
    >>> same_story([1, 7, 8], [4, 7, 8], [1, 7, 8], lambda: {4, 7, 8}, Config())  # a shared tail: a banner
    False
    """
    set_a, set_b = set(a), set(b)
    if len(set_a) < 2 or len(set_b) < 2:
        # Too little content to compare: only a full copy (the page scraped twice) counts.
        return set(a_all) == b_all()
    shared = set_a & set_b
    # Two shared lines at least: one shared paragraph is a quote, not a copy.
    need = max(2, math.ceil(config.story_containment * min(len(set_a), len(set_b)) - 1e-9))
    if len(shared) < need or len(shared) < config.copy_min_share_of_longer * max(len(set_a), len(set_b)):
        return False
    if tail_run(a, shared) and tail_run(b, shared):
        return len(shared) >= config.copy_edge_run_share * max(len(set_a), len(set_b))
    return True


def could_be_same_story(shared_at_most: int, distinct_a: int, distinct_b: int, clusters_a: int, config: Config) -> bool:
    """False only when :func:`same_story` is surely False for two articles of ``distinct_a`` and
    ``distinct_b`` distinct content clusters that share at most ``shared_at_most`` of them, the
    first having ``clusters_a`` distinct line clusters in all: the count tests ``same_story``
    starts with, for a caller that knows the counts but has not built the sets (the index, for
    the many candidates an outlet banner brings).

    >>> c = Config(); could_be_same_story(4, 18, 20, 25, c), could_be_same_story(12, 18, 20, 25, c)
    (False, True)
    >>> could_be_same_story(1, 1, 9, 4, c), could_be_same_story(1, 1, 3, 4, c)  # full copies only
    (False, True)
    """
    if distinct_a < 2 or distinct_b < 2:
        # same_story then asks for the same line clusters in both: b's include its content ones
        return distinct_b <= clusters_a
    need = max(2, math.ceil(config.story_containment * min(distinct_a, distinct_b) - 1e-9))
    return shared_at_most >= need and shared_at_most >= config.copy_min_share_of_longer * max(distinct_a, distinct_b)


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
    return micros_within_window(micros(a), micros(b), days)


def micros_within_window(a: int, b: int, days: float) -> bool:
    """:func:`within_window` of two times in whole microseconds (see :func:`dedup.dates.micros`),
    for callers that parse each date once: the very same float comparison."""
    return abs(a - b) / 1_000_000 <= days * 86400


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
