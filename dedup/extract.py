"""Merge two extractions of one page line by line: a precise one and a recall-first one.

trafilatura's ``favor_precision`` output is the better article text on most pages (aeb F1 0.964
against 0.960 for its default mode, both without comments), but on some pages it loses almost
everything, and it also drops a few body paragraphs that a recall-first extractor keeps
(:mod:`dedup.html` uses readability's reading of the page, or trafilatura's default mode when the
precise one failed). The merge keeps the precise output as the spine and adds a line found only
in the recall output when it has strong evidence of being body text: it sits *inside* the
article (between lines both kept) and reads like a sentence (several words, terminal
punctuation). When the precise output holds less than :data:`MIN_PRECISE_SHARE` of the recall
output's words, it has failed (:func:`precise_failed`) and the recall output is used as it is.

A third extraction can then give back a *section* the merge lacks: when a whole-page extractor
(readability) holds, at one place, a run of at least :data:`SECTION_MIN_PARAGRAPHS` distinct
body paragraphs (sentences of :data:`SECTION_MIN_WORDS`+ words) of which the merged text has
nothing, that run is added where it aligns. Isolated lines (photo captions, a promo sentence)
and one caption printed four times never make such a run.

Everything here is plain text in, plain text out: no HTML, no per-site rules.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

import regex

from .align import opcodes

__all__ = [
    "MIN_PRECISE_SHARE",
    "SECTION_MIN_PARAGRAPHS",
    "SECTION_MIN_WORDS",
    "MergedLine",
    "merge_extractions",
    "merged_text",
    "precise_failed",
    "recover_sections",
]

#: Below this share of the recall output's words, the precise output is taken to have failed.
MIN_PRECISE_SHARE = 0.1
#: A recall-only line needs this many words to count as a sentence of the body.
SENTENCE_MIN_WORDS = 8
#: A lost section is at least this many distinct paragraphs in a row ...
SECTION_MIN_PARAGRAPHS = 4
#: ... each a sentence of at least this many words.
SECTION_MIN_WORDS = 15

_WORD = regex.compile(r"\w+")
# _carried: words a line is looked for by, and how often they may occur without the rest.
_HEAD_WORDS = 8
_MAX_MISSES = 1000
_SENTENCE_END = regex.compile(r"[.!?。！？…\"”»]\s*$")

#: Where a merged line comes from: ``both`` outputs, the ``precise`` one only, or the ``recall``
#: one only (kept on evidence); ``fallback`` when the precise output failed; ``section`` for a
#: paragraph of a lost section given back by a third extraction (:func:`recover_sections`).
Origin = Literal["both", "precise", "recall", "fallback", "section"]


@dataclass(frozen=True, slots=True)
class MergedLine:
    """One line of the merged text and the extraction it came from."""

    text: str
    origin: Origin


def merged_text(
    recall: str, precise: str, alternative: Sequence[str] = (), page_text: str | Callable[[], str] = ""
) -> str:
    """The merged article text (see :func:`merge_extractions`), with the sections that only
    ``alternative`` holds given back (see :func:`recover_sections`, which ``page_text`` serves).

    >>> merged_text("Menu\\nFirst paragraph here.\\nSecond one.", "First paragraph here.\\nSecond one.")
    'First paragraph here.\\nSecond one.'
    """
    merged = merge_extractions(recall, precise)
    if alternative:
        merged = recover_sections(merged, alternative, page_text)
    return "\n".join(line.text for line in merged)


def merge_extractions(recall: str, precise: str) -> tuple[MergedLine, ...]:
    """Merge a recall-first and a precision-first extraction of one page, keeping line order.

    Lines of the precise output are kept; a line only the recall output has is kept when it lies
    between lines both outputs share and reads like a sentence of at least
    :data:`SENTENCE_MIN_WORDS` words; a recall line whose words the precise output already
    carries (re-wrapped) is not added twice.

    Args:
        recall: the recall-first extraction (trafilatura's default or ``favor_recall`` mode).
        precise: the precision-first extraction (``favor_precision``).

    Returns:
        The merged lines, each with its origin; the recall lines alone (origin ``fallback``) when
        the precise output has less than :data:`MIN_PRECISE_SHARE` of the recall output's words.

    >>> recall = "Home | News\\nThe mayor spoke on Monday.\\nShe said the budget would pass by June.\\nIt did."
    >>> precise = "The mayor spoke on Monday.\\nIt did."
    >>> [(m.origin, m.text) for m in merge_extractions(recall, precise)]  # doctest: +NORMALIZE_WHITESPACE
    [('both', 'The mayor spoke on Monday.'), ('recall', 'She said the budget would pass by June.'),
     ('both', 'It did.')]
    """
    rec = [line for line in recall.split("\n") if line.strip()]
    pre = [line for line in precise.split("\n") if line.strip()]
    if precise_failed(recall, precise):
        return tuple(MergedLine(line, "fallback") for line in rec)
    ops = opcodes(rec, pre)
    # Recall-only sentences inside the article, unless the precise output carries their words.
    inside = {i for op, i1, i2, *_ in ops[1:-1] if op != "equal" for i in range(i1, i2) if _is_sentence(rec[i])}
    carried = _carried(_WORD.findall(" ".join(pre).lower()), [rec[i] for i in sorted(inside)])
    out: list[MergedLine] = []
    for op, i1, i2, j1, j2 in ops:
        if op == "equal":
            out.extend(MergedLine(line, "both") for line in rec[i1:i2])
            continue
        out.extend(MergedLine(rec[i], "recall") for i in range(i1, i2) if i in inside and rec[i] not in carried)
        out.extend(MergedLine(line, "precise") for line in pre[j1:j2])
    return tuple(out)


def precise_failed(recall: str, precise: str) -> bool:
    """Whether the precise extraction has failed: it holds less than :data:`MIN_PRECISE_SHARE`
    of the recall-first one's words.

    >>> article = "The council passed the budget on Monday after a debate that ran late into the night."
    >>> precise_failed(article * 2, "Menu"), precise_failed(article, "The council passed it.")
    (True, False)
    >>> precise_failed("", "")  # nothing to compare with: not failed (the caller sees both empty)
    False
    """
    return len(_WORD.findall(precise)) < MIN_PRECISE_SHARE * len(_WORD.findall(recall))


def recover_sections(
    merged: Sequence[MergedLine], alternative: Sequence[str], page_text: str | Callable[[], str] = ""
) -> tuple[MergedLine, ...]:
    """Give back the sections of an article that the merged extraction lost and another one kept.

    ``alternative`` is a third extraction of the page, one paragraph per line (readability's,
    for instance). The two are aligned line by line; at each place where ``alternative`` has lines
    the merged text lacks, those lines are added (origin ``section``) when at least
    :data:`SECTION_MIN_PARAGRAPHS` distinct ones read as body sentences of
    :data:`SECTION_MIN_WORDS`+ words; only those sentence lines are added, and none whose words the
    merged text already carries. Nothing is added to an empty merge (the page has no article).
    When the two share no line at all (the other extractor kept another part of the page), the
    alignment cannot place the section: it goes after the merged text when its first line comes
    later in ``page_text``, else before.

    Args:
        merged: the output of :func:`merge_extractions`.
        alternative: the other extraction's paragraphs, in page order.
        page_text: the page's visible text, to order a section that nothing anchors (or a function
            giving it, called only then).

    Returns:
        The merged lines with the recovered sections in place.

    >>> body = ["The plan was announced on Monday by the minister in a short statement to reporters."]
    >>> lost = [f"Paragraph {n} of the second half explains what the plan will change for the towns of the region."
    ...         for n in range(1, 5)]
    >>> merged = merge_extractions("\\n".join(body), "\\n".join(body))
    >>> [m.origin for m in recover_sections(merged, body + lost)]
    ['both', 'section', 'section', 'section', 'section']
    >>> [m.origin for m in recover_sections(merged, body + lost[:3])]  # three paragraphs: no evidence
    ['both']
    >>> page = " ".join(body + lost)  # readability kept only the second half: the page gives the order
    >>> [m.origin for m in recover_sections(merged, lost, page)]
    ['both', 'section', 'section', 'section', 'section']
    """
    lines = list(merged)
    if not lines:
        return ()
    ours = [_normal(line.text) for line in lines]
    theirs = [line for line in alternative if line.strip()]
    ops = opcodes([_normal(x) for x in theirs], ours)
    sentences = [
        x for op, i1, i2, *_ in ops if op != "equal" for x in theirs[i1:i2] if _is_sentence(x, SECTION_MIN_WORDS)
    ]
    carried = _carried(_WORD.findall(" ".join(line.text for line in lines).lower()), sentences)
    out: list[MergedLine] = []
    for op, i1, i2, j1, j2 in ops:
        if op != "equal":
            candidates = [
                line for line in theirs[i1:i2] if _is_sentence(line, SECTION_MIN_WORDS) and line not in carried
            ]
            if len({_normal(line) for line in candidates}) >= SECTION_MIN_PARAGRAPHS:
                out.extend(MergedLine(line, "section") for line in candidates)
        out.extend(lines[j1:j2])
    if (
        len(out) > len(lines)
        and all(op != "equal" for op, *_ in ops)
        and _comes_later(out[0].text, lines[0].text, page_text)
    ):
        out = lines + out[: len(out) - len(lines)]
    return tuple(out)


def _comes_later(line: str, other: str, page_text: str | Callable[[], str]) -> bool:
    # Whether ``line`` occurs after ``other`` in the page (False when either cannot be found), by
    # their first words: the page's text may split or join them differently further on.
    page = _normal(page_text if isinstance(page_text, str) else page_text())
    at, other_at = page.find(_head(line)), page.find(_head(other))
    return at >= 0 and other_at >= 0 and at > other_at


def _head(line: str, words: int = 8) -> str:
    return " " + " ".join(_WORD.findall(line.lower())[:words]) + " "


def _carried(words: list[str], lines: Sequence[str]) -> set[str]:
    """The lines of ``lines`` whose words occur in a row in ``words`` (``_normal(line) in
    _normal(text)``), found in one pass over ``words`` whatever the number of lines.

    A line is looked for where its first :data:`_HEAD_WORDS` words occur; a line whose head occurs
    more than :data:`_MAX_MISSES` times without the rest following is taken as carried (text that
    repetitive is not worth adding).

    >>> sorted(_carried("a b c d e f g h i j".split(), ["B c d e f g h i j.", "C d e f g h i j k.", "x"]))
    ['B c d e f g h i j.']
    """
    wanted: dict[tuple[str, ...], list[tuple[str, list[str]]]] = {}
    found: set[str] = set()
    joined = None
    for line in dict.fromkeys(lines):
        own = _WORD.findall(line.lower())
        if len(own) >= _HEAD_WORDS:
            wanted.setdefault(tuple(own[:_HEAD_WORDS]), []).append((line, own))
        elif own:  # short lines (not asked for by this module): a plain search
            joined = joined if joined is not None else " " + " ".join(words) + " "
            if " " + " ".join(own) + " " in joined:
                found.add(line)
    misses: dict[str, int] = {}
    for i in range(len(words) - _HEAD_WORDS + 1) if wanted else ():
        waiting = wanted.get(tuple(words[i : i + _HEAD_WORDS]))
        if not waiting:
            continue
        for line, own in list(waiting):
            if words[i : i + len(own)] != own:
                misses[line] = misses.get(line, 0) + 1
                if misses[line] <= _MAX_MISSES:
                    continue
            found.add(line)
            waiting.remove((line, own))
    return found


def _is_sentence(line: str, min_words: int = SENTENCE_MIN_WORDS) -> bool:
    return len(_WORD.findall(line)) >= min_words and _SENTENCE_END.search(line) is not None


def _normal(text: str) -> str:
    # Words only, space-delimited at both ends, so that `in` finds whole-word runs.
    return " " + " ".join(_WORD.findall(text.lower())) + " "
