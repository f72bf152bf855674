"""Verdicts -> clean text, kept segments and removals (deletion only, whole lines only).

Each line owns its text plus the whitespace after it, up to the next line. A removed line's
removal therefore takes its separator with it, and the separators between kept lines are the
original newlines. Removed lines after the last kept line also take the separator before them,
so the clean text never ends in a dangling newline; blank space at the very start and end of an
article is trimmed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from .lines import Line
from .rules import Verdict
from .types import Removal, Segment

__all__ = ["assemble"]


def assemble(
    text: str, lines: Sequence[Line], verdicts: Mapping[int, Verdict]
) -> tuple[str, tuple[Segment, ...], tuple[Removal, ...]]:
    """Cut the removed lines out of ``text``.

    Consecutive lines that share one Verdict object (a banner block) become one removal.

    >>> from dedup.lines import split_lines
    >>> ls = split_lines("Title\\n\\nShare\\n\\nBody.\\n")
    >>> clean, segs, rems = assemble("Title\\n\\nShare\\n\\nBody.\\n", ls, {1: Verdict("template", "share widget")})
    >>> clean, [(r.start, r.end) for r in rems]
    ('Title\\n\\nBody.', [(7, 14)])
    """
    kept = [i for i in range(len(lines)) if i not in verdicts]
    last_kept = kept[-1] if kept else -1
    pieces: list[str] = []
    segments: list[Segment] = []
    removals: list[Removal] = []
    clean_len = 0
    for i, line in enumerate(lines):
        start = 0 if i == 0 else line.start
        end = lines[i + 1].start if i + 1 < len(lines) else len(text)
        verdict = verdicts.get(i)
        if verdict is None:
            start = line.start  # leading blank space of the article is trimmed
            if i == last_kept:
                end = line.end  # so is the blank space after the last kept line
            if segments and segments[-1].orig_end == start:
                prev = segments.pop()
                segments.append(Segment(prev.clean_start, clean_len + end - start, prev.orig_start, end))
            else:
                segments.append(Segment(clean_len, clean_len + end - start, start, end))
            pieces.append(text[start:end])
            clean_len += end - start
            continue
        if last_kept >= 0 and i == last_kept + 1:
            start = lines[last_kept].end  # every line from here on is removed
        if removals and removals[-1].end == start and verdicts.get(i - 1) is verdict:
            prev_r = removals.pop()
            removals.append(Removal(prev_r.start, end, prev_r.rule, prev_r.reason, prev_r.evidence))
        else:
            removals.append(Removal(start, end, verdict.rule, verdict.reason, verdict.evidence))
    return "".join(pieces), tuple(segments), tuple(removals)
