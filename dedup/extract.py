"""Merge two extractions of one page line by line: a precise one and a recall-first one.

trafilatura's ``favor_precision`` output is the better article text on most pages (aeb F1 0.964
against 0.960 for its default mode, both without comments), but on some pages it loses almost
everything, and it also drops a few body paragraphs that the default mode keeps. The merge keeps
the precise output as the spine and adds a line found only in the recall output when it has
strong evidence of being body text: it sits *inside* the article (between lines both modes
kept) and reads like a sentence (several words, terminal punctuation). When the precise output
holds less than :data:`MIN_PRECISE_SHARE` of the recall output's words, it has failed and the
recall output is used as it is.

Everything here is plain text in, plain text out: no HTML, no per-site rules.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

import regex

__all__ = ["MIN_PRECISE_SHARE", "MergedLine", "merge_extractions", "merged_text"]

#: Below this share of the recall output's words, the precise output is taken to have failed.
MIN_PRECISE_SHARE = 0.1
#: A recall-only line needs this many words to count as a sentence of the body.
SENTENCE_MIN_WORDS = 8

_WORD = regex.compile(r"\w+")
_SENTENCE_END = regex.compile(r"[.!?。！？…\"”»]\s*$")

#: Where a merged line comes from: ``both`` outputs, the ``precise`` one only, or the ``recall``
#: one only (kept on evidence); ``fallback`` when the precise output failed.
Origin = Literal["both", "precise", "recall", "fallback"]


@dataclass(frozen=True, slots=True)
class MergedLine:
    """One line of the merged text and the extraction it came from."""

    text: str
    origin: Origin


def merged_text(recall: str, precise: str) -> str:
    """The merged article text (see :func:`merge_extractions`).

    >>> merged_text("Menu\\nFirst paragraph here.\\nSecond one.", "First paragraph here.\\nSecond one.")
    'First paragraph here.\\nSecond one.'
    """
    return "\n".join(line.text for line in merge_extractions(recall, precise))


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
    if _word_count(pre) < MIN_PRECISE_SHARE * _word_count(rec):
        return tuple(MergedLine(line, "fallback") for line in rec)
    precise_words = _normal(" ".join(pre))
    out: list[MergedLine] = []
    ops = difflib.SequenceMatcher(None, rec, pre, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            out.extend(MergedLine(line, "both") for line in rec[i1:i2])
            continue
        interior = 0 < n < len(ops) - 1
        for line in rec[i1:i2]:
            normal = _normal(line)
            if normal.strip() and normal not in precise_words and interior and _is_sentence(line):
                out.append(MergedLine(line, "recall"))
        out.extend(MergedLine(line, "precise") for line in pre[j1:j2])
    return tuple(out)


def _is_sentence(line: str) -> bool:
    return len(_WORD.findall(line)) >= SENTENCE_MIN_WORDS and _SENTENCE_END.search(line) is not None


def _normal(text: str) -> str:
    # Words only, space-delimited at both ends, so that `in` finds whole-word runs.
    return " " + " ".join(_WORD.findall(text.lower())) + " "


def _word_count(lines: list[str]) -> int:
    return sum(len(_WORD.findall(line)) for line in lines)
