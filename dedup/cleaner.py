"""Wiring only: text -> lines -> rules -> assembled CleanResult (with the corpus's evidence when
there is an index: :func:`clean_with_evidence`)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from .assemble import assemble
from .config import Config
from .credits import find_byline_credit, find_dateline_credit
from .decisions import canonical_overlap
from .errors import InvalidInputError
from .evidence import CanonicalCopy, LineEvidence
from .lines import split_lines
from .prepare import Prepared, check_text
from .rules import Article, Verdict, judge
from .syndication import Syndication
from .templates import PATTERNS_BY_NAME
from .types import CleanResult, OutsideWindow

if TYPE_CHECKING:
    from .index import Index

__all__ = ["build_result", "clean", "clean_with_evidence"]

_DEFAULT = Config()
# A dateline credit ("MOSCOW (Reuters) -") is looked for in this many leading paragraphs.
_DATELINE_LINES = 3


def clean(
    text: str, source: str | None = None, index: Index | None = None, config: Config | None = None
) -> CleanResult:
    """Clean one article: drop repeats, page furniture and wire credits, keep everything else.

    Args:
        text: the article as plain text, one paragraph per line.
        source: the outlet (e.g. ``"reuters.com"``); used with an index.
        index: a :class:`dedup.Index` that learns the article and knows the outlet's
            boilerplate (none: the article alone).
        config: settings; the defaults are measured on real articles.

    Returns:
        A CleanResult whose ``text`` is a subsequence of ``text``.

    >>> r = clean("Kerry, Lavrov may meet\\n\\nShare\\n\\nThe talks start on Monday.\\n\\nReuters")
    >>> r.text, r.credit, [x.rule for x in r.removals]
    ('Kerry, Lavrov may meet\\n\\nThe talks start on Monday.', 'Reuters', ['template', 'credit'])
    """
    check_text(text, "clean()")
    if config is None:
        config = _DEFAULT
    elif not isinstance(config, Config):
        raise InvalidInputError(
            f"config must be a dedup.Config, got {type(config).__name__}: build one with dedup.Config(...)"
        )
    if index is not None:  # learns the article too, as a scraper calling this per article wants
        return index.clean(text, source=source, config=config)
    lines = split_lines(text)
    verdicts = judge(Article(lines, config))
    return build_result(text, lines, verdicts, source=source)


def clean_with_evidence(
    p: Prepared,
    config: Config,
    evidence: Sequence[LineEvidence],
    canonical: CanonicalCopy | None,
    outside_window: OutsideWindow | None = None,
) -> CleanResult:
    """Clean a prepared article (:func:`dedup.prepare.prepare`) from what the corpus says of it:
    per line, its ``evidence``; its ``canonical`` copy (None when it has no copies); and what its
    dates left it not compared with.

    :class:`dedup.Index` asks its index for these; the Spark job joins the same values to each
    article on the executors.
    """
    fp = p.fingerprints
    article = Article(
        p.lines, config, evidence=evidence, source=p.source or None, repeat_keys=fp.repeat_keys, openings=fp.openings
    )
    verdicts = judge(article)
    syndication = None
    if canonical is not None:
        story = p.story
        similarity, containment, theirs, adds, lacks = canonical_overlap(
            story.anchors.tolist(),
            story.anchor_lines.tolist(),
            [line.word_count for line in p.lines],
            story.text_key,
            canonical.anchors,
            canonical.text_key,
            config,
        )
        lines = p.lines
        syndication = Syndication(
            canonical=canonical.canonical,
            members=canonical.members,
            similarity=similarity,
            containment=containment,
            canonical_containment=theirs,
            adds=tuple((lines[r].start, lines[r].end) for r in adds if r not in verdicts),
            lacks=lacks,
        )
    return build_result(
        p.text,
        p.lines,
        verdicts,
        source=p.source or None,
        doc_id=p.doc_id,
        duplicate_of=None if canonical is None or canonical.canonical == p.doc_id else canonical.canonical,
        syndication=syndication,
        outside_window=outside_window,
    )


def build_result(
    text: str,
    lines: Any,
    verdicts: dict[int, Verdict],
    *,
    source: str | None = None,
    doc_id: str | None = None,
    duplicate_of: str | None = None,
    syndication: Syndication | None = None,
    outside_window: OutsideWindow | None = None,
) -> CleanResult:
    """Assemble the result of an article whose verdicts are known."""
    clean_text, segments, removals = assemble(text, lines, verdicts)
    return CleanResult(
        text=clean_text,
        original=text,
        segments=segments,
        removals=removals,
        credit=_credit(lines, verdicts),
        duplicate_of=duplicate_of,
        id=doc_id,
        source=source,
        syndication=syndication,
        outside_window=outside_window,
    )


def _credit(lines: Any, verdicts: dict[int, Verdict]) -> str | None:
    # A credit line, else a byline naming an agency ("By Jill Colvin, Associated Press"), else a
    # dateline ("MOSCOW (Reuters) -") in the first kept paragraphs.
    for i in sorted(verdicts):
        if verdicts[i].rule == "credit":
            return str(verdicts[i].evidence["agencies"][0])
    for i in sorted(verdicts):
        verdict = verdicts[i]
        if verdict.rule == "template" and PATTERNS_BY_NAME[verdict.evidence["pattern"]].names_author:
            agency = find_byline_credit(lines[i].text)
            if agency is not None:
                return agency
    kept = [line for i, line in enumerate(lines) if i not in verdicts]
    for line in kept[:_DATELINE_LINES]:
        agency = find_dateline_credit(line.text)
        if agency is not None:
            return agency
    return None
