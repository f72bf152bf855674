"""The corpus index's decisions as pure functions, called by the index (:mod:`dedup.index`)
whichever front door drives it (``clean_corpus``, the command, Spark): no decision, threshold or
formula is written twice.

- line clusters: two lines join one cluster when their band keys agree in
  :func:`min_agreeing_bands` bands;
- copies: :func:`same_story` over two articles' story anchors (:mod:`dedup.anchors`), its cheap
  count tests (:func:`could_be_same_story`, element-wise over every candidate), the syndication window
  (:func:`within_window`); how a copy compares with its canonical (:func:`canonical_overlap`);
- evidence: how one line recurs for one article (:func:`line_evidence`, :data:`NO_EVIDENCE`),
  among the stories within ``memory_days`` of it (:func:`within_memory`).

Each decision depends on the articles it compares and the settings, never on a "now": no date
of another article moves what an article is compared with.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from collections.abc import Set as AbstractSet

import numpy as np
import numpy.typing as npt

from .config import Config
from .dates import micros
from .evidence import EXAMPLES, LineEvidence

__all__ = [
    "EXAMPLES",
    "NO_EVIDENCE",
    "canonical_overlap",
    "could_be_same_story",
    "line_evidence",
    "micros_within_window",
    "min_agreeing_bands",
    "same_story",
    "story_similarity",
    "tail_run",
    "within_memory",
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


# ---- copies ----------------------------------------------------------------------------------
def same_story(a: Sequence[int], b: Sequence[int], config: Config) -> bool:
    """Whether two articles are copies of one story, from their distinct story anchors in text
    order. Symmetric.

    Copies share most of the shorter one's anchors (``story_containment``, two at least: one
    shared sentence is a quote) and a fair share of the longer one's (``copy_min_share_of_longer``:
    a roundup quoting one story among many is not its copy), unless the shorter one lies nearly
    whole inside the longer (``copy_excerpt_share``: an excerpt, an abridged version). What two
    different stories of one outlet share is a banner: one unbroken run at the end of both, which
    makes them copies only when it is nearly all of the longer one (``copy_edge_run_share``) or the
    whole of the shorter one (a page scraped twice, an excerpt at the end of a compilation).
    Articles of fewer than two anchors are compared by their whole text instead (by the caller).

    >>> c = Config()
    >>> same_story([1, 2, 3, 4], [1, 2, 3, 9], c)
    True
    >>> same_story([1, 5, 7, 8], [4, 6, 7, 8], c)  # a shared tail: a banner
    False
    >>> same_story([7, 8], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], c)  # whole inside: an excerpt
    True
    """
    set_a, set_b = set(a), set(b)
    shared = set_a & set_b
    if not could_be_same_story(len(shared), len(set_a), len(set_b), config):
        return False
    large = max(len(set_a), len(set_b))
    if tail_run(a, shared) and tail_run(b, shared):
        smaller = a if len(set_a) <= len(set_b) else b
        return smaller[0] in shared or len(shared) >= config.copy_edge_run_share * large
    return True


def could_be_same_story(
    shared: npt.ArrayLike, distinct_a: npt.ArrayLike, distinct_b: npt.ArrayLike, config: Config
) -> npt.NDArray[np.bool_]:
    """The count tests of :func:`same_story`: False where two articles of ``distinct_a`` and
    ``distinct_b`` distinct anchors sharing ``shared`` of them (or at most that many) cannot be
    copies. Element-wise over arrays, so the index tests every candidate at once, before reading
    any candidate's anchors; :func:`same_story` makes the same tests through it.

    >>> c = Config(); could_be_same_story([4, 12], 18, 20, c).tolist()
    [False, True]
    >>> bool(could_be_same_story(2, 2, 300, c))  # an excerpt of two anchors
    True
    """
    shared, a, b = np.asarray(shared), np.asarray(distinct_a), np.asarray(distinct_b)
    small, large = np.minimum(a, b), np.maximum(a, b)
    containment = shared >= np.maximum(2, np.ceil(config.story_containment * small - 1e-9))
    share = (shared >= config.copy_min_share_of_longer * large) | (shared >= config.copy_excerpt_share * small)
    ok: npt.NDArray[np.bool_] = (small >= 2) & containment & share
    return ok


def tail_run(seq: Sequence[int], shared: set[int]) -> bool:
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


def story_similarity(a: AbstractSet[int], b: AbstractSet[int]) -> float:
    """The Jaccard similarity of two articles' story anchor sets: how close two copies are (a
    copy joins the closest canonical copy it is verified against; ``Syndication.similarity``).

    >>> story_similarity({1, 2, 3, 4}, {1, 2, 9})
    0.4
    """
    union = len(a | b)
    return round(len(a & b) / union, 4) if union else 0.0


def canonical_overlap(
    anchors: Sequence[int],
    anchor_lines: Sequence[int],
    line_words: Sequence[int],
    text_key: int,
    theirs: frozenset[int],
    their_text_key: int,
    config: Config,
) -> tuple[float, float, float, tuple[int, ...], int]:
    """How an article compares with its canonical copy, by their story anchors: (similarity,
    containment, canonical containment, the content lines the canonical lacks, about how many
    words of the canonical are missing here).

    ``anchors`` and ``anchor_lines``: the article's anchors and the line each starts in;
    ``line_words``: words per line. A content line (``long_line_words``) is one the canonical lacks
    when most of its anchors are missing there. Articles of fewer than two anchors compare by
    their whole text.

    >>> canonical_overlap([1, 2, 3, 4], [0, 0, 1, 1], [9, 9], 5, frozenset({1, 2, 9}), 6, Config())
    (0.4, 0.5, 0.6667, (1,), 4)
    """
    mine = set(anchors)
    if len(mine) < 2 or len(theirs) < 2:
        same = float(text_key == their_text_key)
        return same, same, same, (), 0
    shared = mine & theirs
    missing: dict[int, list[bool]] = {}
    for anchor, line in zip(anchors, anchor_lines, strict=True):
        missing.setdefault(line, []).append(anchor not in theirs)
    adds = tuple(
        line
        for line, gone in sorted(missing.items())
        if line_words[line] >= config.long_line_words and 2 * sum(gone) > len(gone)
    )
    return (
        story_similarity(mine, theirs),
        round(len(shared) / len(mine), 4),
        round(len(shared) / len(theirs), 4),
        adds,
        len(theirs - mine) * config.story_anchor_rate,
    )


# ---- evidence --------------------------------------------------------------------------------
def within_memory(a: float, b: float, config: Config) -> bool:
    """Two articles' stamps (UTC seconds; ``inf`` or ``-inf``: undated) are within
    ``memory_days`` of each other, so one counts as evidence for the other (always, when either
    is undated or there is no memory limit).

    >>> within_memory(0.0, 86400.0 * 40, Config(memory_days=30)), within_memory(0.0, math.inf, Config(memory_days=30))
    (False, True)
    """
    days = config.memory_days
    return days is None or math.isinf(a) or math.isinf(b) or abs(a - b) <= days * 86400


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
) -> LineEvidence:
    """The evidence of one line cluster for one article.

    ``here``: stories of the article's outlet holding the cluster, its own story among them or
    not (``story_here``); ``examples``: the smallest doc ids of the other stories there, sorted;
    ``outlets``, ``recurring``: outlets holding it, and where it is in ``need`` stories or more.
    An article not ``learned`` counts for its outlet (``outlet_here``: already counted) and its
    story (``story_known``: it copies learned articles) all the same.

    >>> line_evidence(3, True, ["a", "b"], 2, 1, learned=True, story_known=True, outlet_here=True, need=3)
    LineEvidence(stories=2, outlets=2, examples=('a', 'b'), recurring_outlets=1)
    """
    others = here - story_here
    if not learned:
        outlets += not outlet_here
        counted = here + (story_known and not story_here)
        recurring += (counted >= need) - (here >= need)
    return LineEvidence(others, outlets, tuple(examples[:EXAMPLES]), recurring)
