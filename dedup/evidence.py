"""What the corpus says of an article: per line, how it recurs (:class:`LineEvidence`); for the
article, its canonical copy when it has copies (:class:`CanonicalCopy`) and the articles of the
same text left out of the comparison by their dates (:class:`FarCopies`); and how the article
compares with its canonical (:class:`SyndicationMatch`, worked out when it is cleaned).

Values only: the index (:mod:`dedup.index`) and the Spark job compute them, the rules
(:mod:`dedup.rules`) and the cleaner read them.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["EXAMPLES", "CanonicalCopy", "FarCopies", "LineEvidence", "SyndicationMatch"]

#: Doc ids quoted as evidence per line.
EXAMPLES = 3


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
    """What the index knows of an article's cluster of copies; ``adds`` are line indices."""

    canonical: str
    members: int
    similarity: float
    containment: float
    canonical_containment: float
    adds: tuple[int, ...]
    lacks: int


@dataclass(frozen=True, slots=True)
class CanonicalCopy:
    """An article's canonical copy: its id, how many copies it has (itself included), its story
    anchors and the key of its whole text (:mod:`dedup.anchors`)."""

    canonical: str
    members: int
    anchors: frozenset[int]
    text_key: int


@dataclass(frozen=True, slots=True)
class FarCopies:
    """Articles that share an article's story text but were published further apart than the
    syndication window, so they were not compared as copies: how many, and the smallest ids."""

    count: int
    examples: tuple[str, ...]
