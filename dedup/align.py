"""Align two sequences of lines, as ``difflib`` does, in time that grows linearly with long inputs.

``difflib.SequenceMatcher`` finds the longest matching block, then recurses on each side of it;
on two long extractions of one page that share many short runs (a paragraph, a share button, a
paragraph, ...) every level scans the whole rest, so a 1.6 MB page took 16 s and a 2.5 MB one
minutes. :func:`opcodes` gives difflib's own answer where that is cheap (inputs up to
:data:`DIFFLIB_CELLS` line pairs, which every page of the extraction benchmarks is, by a factor
of four), and otherwise aligns the way ``patience diff`` does: the lines found exactly once in each
input, in the longest run that keeps their order, are anchors; the stretches between anchors are
aligned the same way, and difflib finishes the small ones. A stretch still too large after
:data:`MAX_LEVELS` rounds, with no line unique to both sides, is left unmatched (a replacement).
"""

from __future__ import annotations

import difflib
from bisect import bisect_left
from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Literal

__all__ = ["DIFFLIB_CELLS", "MAX_LEVELS", "Opcode", "opcodes"]

#: Inputs up to this many line pairs (len(a) * len(b)) are aligned by difflib itself.
DIFFLIB_CELLS = 250_000
#: Rounds of anchoring before a large stretch without anchors is left unmatched.
MAX_LEVELS = 4

Opcode = tuple[Literal["replace", "delete", "insert", "equal"], int, int, int, int]


def opcodes(a: Sequence[Hashable], b: Sequence[Hashable]) -> list[Opcode]:
    """``difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``, linear on long inputs.

    >>> opcodes(["x", "p1", "y", "p2"], ["p1", "p2"])
    [('delete', 0, 1, 0, 0), ('equal', 1, 2, 0, 1), ('delete', 2, 3, 1, 1), ('equal', 3, 4, 1, 2)]
    >>> big = [f"line {k}" for k in range(3000)]
    >>> opcodes(big, big[:1000] + ["new"] + big[1000:])
    [('equal', 0, 1000, 0, 1000), ('insert', 1000, 1000, 1000, 1001), ('equal', 1000, 3000, 1001, 3001)]
    """
    if len(a) * len(b) <= DIFFLIB_CELLS:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    blocks: list[tuple[int, int, int]] = []
    _match(a, 0, len(a), b, 0, len(b), 0, blocks)
    return _to_opcodes(_merged(blocks), len(a), len(b))


def _match(
    a: Sequence[Hashable],
    alo: int,
    ahi: int,
    b: Sequence[Hashable],
    blo: int,
    bhi: int,
    level: int,
    out: list[tuple[int, int, int]],
) -> None:
    """Append the matching blocks of a[alo:ahi] and b[blo:bhi] to ``out``, in order."""
    head = 0  # the common start and end match as they are
    while alo + head < ahi and blo + head < bhi and a[alo + head] == b[blo + head]:
        head += 1
    if head:
        out.append((alo, blo, head))
        alo, blo = alo + head, blo + head
    tail = 0
    while alo < ahi - tail and blo < bhi - tail and a[ahi - tail - 1] == b[bhi - tail - 1]:
        tail += 1
    ahi, bhi = ahi - tail, bhi - tail
    if alo < ahi and blo < bhi:
        if (ahi - alo) * (bhi - blo) <= DIFFLIB_CELLS:
            matcher = difflib.SequenceMatcher(None, a[alo:ahi], b[blo:bhi], autojunk=False)
            out.extend((alo + i, blo + j, n) for i, j, n in matcher.get_matching_blocks() if n)
        elif level < MAX_LEVELS:
            i, j = alo, blo
            for ai, bj in _anchors(a, alo, ahi, b, blo, bhi):
                _match(a, i, ai, b, j, bj, level + 1, out)
                out.append((ai, bj, 1))
                i, j = ai + 1, bj + 1
            if (i, j) != (alo, blo):  # without anchors, the stretch stays unmatched
                _match(a, i, ahi, b, j, bhi, level + 1, out)
    if tail:
        out.append((ahi, bhi, tail))


def _anchors(
    a: Sequence[Hashable], alo: int, ahi: int, b: Sequence[Hashable], blo: int, bhi: int
) -> list[tuple[int, int]]:
    """Lines found once in a[alo:ahi] and once in b[blo:bhi], the longest run of them in the same
    order in both (patience sorting: n log n)."""
    in_a = Counter(a[alo:ahi])
    in_b = Counter(b[blo:bhi])
    where_b = {line: j for j, line in enumerate(b[blo:bhi], blo) if in_b[line] == 1 and in_a[line] == 1}
    pairs = [(i, where_b[line]) for i, line in enumerate(a[alo:ahi], alo) if line in where_b]
    # Longest increasing run of b positions, with back links.
    tops: list[int] = []  # per length, the b position ending the best run
    ends: list[int] = []  # per length, the index in pairs ending it
    back: list[int] = []
    for k, (_, j) in enumerate(pairs):
        n = bisect_left(tops, j)
        back.append(ends[n - 1] if n else -1)
        if n == len(tops):
            tops.append(j)
            ends.append(k)
        else:
            tops[n], ends[n] = j, k
    chain = []
    k = ends[-1] if ends else -1
    while k >= 0:
        chain.append(pairs[k])
        k = back[k]
    return chain[::-1]


def _merged(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for i, j, n in blocks:
        if out and out[-1][0] + out[-1][2] == i and out[-1][1] + out[-1][2] == j:
            pi, pj, pn = out[-1]
            out[-1] = (pi, pj, pn + n)
        else:
            out.append((i, j, n))
    return out


def _to_opcodes(blocks: list[tuple[int, int, int]], la: int, lb: int) -> list[Opcode]:
    # As difflib.SequenceMatcher.get_opcodes does from its matching blocks.
    out: list[Opcode] = []
    i = j = 0
    for ai, bj, size in [*blocks, (la, lb, 0)]:
        if i < ai and j < bj:
            out.append(("replace", i, ai, j, bj))
        elif i < ai:
            out.append(("delete", i, ai, j, bj))
        elif j < bj:
            out.append(("insert", i, ai, j, bj))
        i, j = ai + size, bj + size
        if size:
            out.append(("equal", ai, i, bj, j))
    return out
