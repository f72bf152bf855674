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
    n = len(lines)
    removed = sorted(i for i in verdicts if 0 <= i < n)
    last_kept, k = n - 1, len(removed) - 1
    while k >= 0 and removed[k] == last_kept:
        last_kept, k = last_kept - 1, k - 1
    pieces: list[str] = []
    segments: list[Segment] = []
    removals: list[Removal] = []
    clean_len = 0
    lo = 0
    # A run of kept lines is one segment (each line owns the whitespace up to the next), so the
    # work is per removed line and per run, not per line.
    for i in [*removed, n]:
        if lo < i:  # kept lines lo .. i - 1
            start = lines[lo].start  # leading blank space of the article is trimmed
            # so is the blank space after the last kept line
            end = lines[i - 1].end if i - 1 == last_kept else lines[i].start
            segments.append(Segment(clean_len, clean_len + end - start, start, end))
            pieces.append(text[start:end])
            clean_len += end - start
        lo = i + 1
        if i == n:
            break
        verdict = verdicts[i]
        start = 0 if i == 0 else lines[i].start
        end = lines[i + 1].start if i + 1 < n else len(text)
        if last_kept >= 0 and i == last_kept + 1:
            start = lines[last_kept].end  # every line from here on is removed
        if removals and removals[-1].end == start and verdicts.get(i - 1) is verdict:
            prev_r = removals.pop()
            removals.append(Removal(prev_r.start, end, prev_r.rule, prev_r.reason, prev_r.evidence))
        else:
            removals.append(Removal(start, end, verdict.rule, verdict.reason, verdict.evidence))
    return "".join(pieces), tuple(segments), tuple(removals)
