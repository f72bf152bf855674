"""Repeats inside one article: exact (through the normal form), truncated, and near copies.

A line is a repeat when it repeats an earlier line that is *kept*. Deciding against kept
lines only makes cleaning idempotent: the kept lines before a line are the same in the
original and in the clean text, so cleaning the clean text finds nothing more.

Time is linear in the article: exact keys are a dict, truncated copies are found by grouping
word prefixes, and near copies come from MinHash band buckets, never from comparing all pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np

from .config import Config
from .fingerprint import U32Array, U64Array, band_keys, shingles
from .lines import Line
from .prepare import hasher_for, repeat_bands

__all__ = ["Repeat", "find_repeats"]

# A truncated copy is looked up by hashing at most this many leading words of earlier lines:
# teasers are cut after a sentence or two, and the cap bounds the work on huge lines.
_MAX_PREFIX_WORDS = 200
# At most this many kept lines are compared per LSH bucket or prefix key; buckets only grow
# past it on adversarial input (thousands of distinct lines sharing a band), never on articles.
_MAX_CANDIDATES = 64

_ELLIPSES = ("…", "...", "[…]", "[...]")
_LABEL_ENDS = (":", "：")


@dataclass(frozen=True, slots=True)
class Repeat:
    """Line ``index`` repeats the kept line ``of`` (indices into the article's lines)."""

    index: int
    of: int
    kind: Literal["exact", "truncated", "near"]
    similarity: float


def find_repeats(
    lines: Sequence[Line],
    eligible: Sequence[int],
    config: Config,
    repeat_keys: U64Array | None = None,
    openings: U32Array | None = None,
) -> dict[int, Repeat]:
    """Find the lines among ``eligible`` (indices into ``lines``, ascending) that repeat an
    earlier kept eligible line.

    ``repeat_keys``, when given, are the lines' near-repeat band keys under ``config`` (one row
    per line, as :func:`dedup.index.records.fingerprint_lines` computes them), so that a caller
    that has them already does not pay for shingling twice. ``openings``, when given, are the
    token hashes of the lines' first shingles (as ``fingerprint_lines`` computes them): a line
    truncates another only if their first words agree, so when no two lines share an opening,
    the search for truncated copies is skipped.

    >>> from dedup.lines import split_lines
    >>> ls = split_lines("Putin met Kerry in Sochi.\\nShare\\nPUTIN met Kerry in Sochi!")
    >>> find_repeats(ls, [0, 1, 2], Config())[2].of
    0
    """
    # Copies with the same normal form share every verdict, so only the first of each is judged.
    first: dict[str, int] = {}
    copies: list[tuple[int, int]] = []
    for i in eligible:
        # A label ("DONALD TRUMP:", "Q:", "For first timers:") introduces what follows and
        # legitimately recurs in transcripts, interviews and guides: never a repeat.
        if len(lines[i].normal) >= config.repeat_min_chars and not lines[i].text.endswith(_LABEL_ENDS):
            j = first.setdefault(lines[i].normal, i)
            if j != i:
                copies.append((i, j))
    unique = list(first.values())
    if openings is not None and _openings_differ(openings, unique, config):
        truncated_of: dict[int, list[int]] = {}  # no two lines open with the same words
    else:
        truncated_of = _truncation_candidates(lines, unique, config)
    near = _NearIndex(lines, unique, config, repeat_keys) if config.repeat_threshold is not None else None

    repeats: dict[int, Repeat] = {}
    # Without truncation candidates or lines sharing a near-repeat band, no unique line repeats.
    for i in unique if truncated_of or (near is not None and near.has_candidates) else ():
        longer = [j for j in truncated_of.get(i, ()) if j not in repeats]
        if longer:
            repeats[i] = Repeat(i, longer[0], "truncated", 1.0)
            continue
        match = near.match(i) if near is not None else None
        if match is not None:
            repeats[i] = Repeat(i, match[0], "near", match[1])
        elif near is not None:
            near.keep(i)
    for i, j in copies:
        earlier = repeats.get(j)
        repeats[i] = (
            Repeat(i, j, "exact", 1.0) if earlier is None else Repeat(i, earlier.of, earlier.kind, earlier.similarity)
        )
    return dict(sorted(repeats.items()))


def _truncation_candidates(lines: Sequence[Line], eligible: Sequence[int], config: Config) -> dict[int, list[int]]:
    """For each line that may be a truncated copy, the earlier lines it is a prefix of.

    A candidate's last word may be cut ("recog" for "recognise"), so the key is the words
    before it, and the last word is checked as a prefix of the longer line's word.
    """
    # Queries are grouped by the words before their last (at most _MAX_CANDIDATES per group),
    # and indexed by their first `shortest` words: a line whose opening words start no query
    # cannot contain one, so most lines cost one string slice and one dict look-up. Word runs
    # are slices of the normal form (words joined by single spaces), never lists of words.
    groups: dict[str, list[int]] = {}
    gaps_of: dict[int, int] = {}  # query -> its words before the last
    least = max(1, config.truncated_min_words)
    low, high = min(least, 5), max(least, 5)  # 5: the minimum of a line ending in an ellipsis
    for i in eligible:
        line = lines[i]
        normal = line.normal
        gaps = normal.count(" ")  # words - 1
        if gaps < low or gaps > _MAX_PREFIX_WORDS:
            continue
        if gaps < high and gaps < (5 if line.text.endswith(_ELLIPSES) else least):
            continue  # a query has 1+ words before its last
        same_head = groups.setdefault(normal[: normal.rfind(" ")], [])
        if len(same_head) < _MAX_CANDIDATES:
            same_head.append(i)
            gaps_of[i] = gaps
    if not groups:
        return {}
    shortest = min(head.count(" ") + 1 for head in groups)
    by_opening: dict[str, list[int]] = defaultdict(list)
    for head, ids in groups.items():
        by_opening[_opening(head, shortest)].extend(ids)
    found: dict[int, list[int]] = defaultdict(list)
    get = by_opening.get
    for j in eligible:
        normal = lines[j].normal
        parts = normal.split(" ", shortest)  # _opening(normal, shortest), inlined
        queries = get(normal if len(parts) <= shortest else normal[: len(normal) - len(parts[-1]) - 1])
        if not queries:
            continue
        gaps = -1
        for i in queries:
            if i <= j:
                continue
            if gaps < 0:
                gaps = normal.count(" ")
            k = gaps_of[i]  # words before the last
            if k <= gaps and len(found[i]) < _MAX_CANDIDATES and _is_truncation(lines[i], lines[j], k):
                found[i].append(j)
    return found


def _openings_differ(openings: U32Array, unique: Sequence[int], config: Config) -> bool:
    """No two of the ``unique`` lines share a first-shingle hash, so none is a truncated copy of
    another: a truncated copy shares at least its first ``min(truncated_min_words, 5)`` words
    with the longer line (see _truncation_candidates), hence its first shingle when that many
    words cover a shingle. False when they might not (small ``truncated_min_words``)."""
    if min(config.truncated_min_words, 5) < config.shingle_size:
        return False
    heads = openings[list(unique)].tolist()
    return len(set(heads)) == len(heads)


def _opening(normal: str, words: int) -> str:
    """The first ``words`` words of a normal form (all of it when it has fewer)."""
    parts = normal.split(" ", words)
    return normal if len(parts) <= words else normal[: len(normal) - len(parts[-1]) - 1]


def _is_truncation(short: Line, long: Line, k: int) -> bool:
    """``short``'s first k words are ``long``'s first k, and its last word starts ``long``'s next."""
    a, b = short.tokens, long.tokens
    return len(a) == k + 1 and a[:k] == b[:k] and b[k].startswith(a[k]) and short.normal != long.normal


class _NearIndex:
    """MinHash LSH buckets over the kept lines of one article.

    Bands of 4 rows make a pair at Jaccard 0.7 a candidate with probability 0.89 (8 bands) and
    0.99 at 0.8; candidates are verified with the exact Jaccard of their shingle sets. Lines
    sharing no band with any other line are settled up front, in numpy, and never enter the
    buckets.
    """

    def __init__(
        self, lines: Sequence[Line], unique: Sequence[int], config: Config, repeat_keys: U64Array | None
    ) -> None:
        assert config.repeat_threshold is not None
        self._threshold = config.repeat_threshold
        if not len(unique):
            keys: np.ndarray = np.empty((0, 1), np.uint64)
        elif repeat_keys is not None:
            keys = repeat_keys[list(unique)]
        else:
            grams = [shingles(lines[i].tokens, config.shingle_size) for i in unique]
            keys = band_keys(hasher_for(config).signatures(grams), repeat_bands(config))
        colliding = np.flatnonzero(_shares_a_band(keys)).tolist()
        self._keys: dict[int, list[int]] = {unique[r]: keys[r].tolist() for r in colliding}
        # Shingle sets only for the few lines that share a band with another line.
        self._grams: dict[int, frozenset[bytes]] = {
            unique[r]: frozenset(shingles(lines[unique[r]].tokens, config.shingle_size)) for r in colliding
        }
        self._buckets: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(keys.shape[1])]

    @property
    def has_candidates(self) -> bool:
        """Some line shares a band with another (else no line matches any)."""
        return bool(self._keys)

    def match(self, i: int) -> tuple[int, float] | None:
        """The most similar kept line at or above the threshold (earliest on ties), or None."""
        keys = self._keys.get(i)
        if keys is None:
            return None
        found: set[int] = set()
        for bucket, key in zip(self._buckets, keys, strict=False):
            found.update(bucket.get(key, ()))
        if not found:
            return None
        mine = self._grams[i]
        best, similarity = -1, -1.0
        for j in sorted(found):  # ascending, and ties keep the first: the earliest line wins
            theirs = self._grams[j]
            sim = len(mine & theirs) / len(mine | theirs)
            if sim > similarity:
                best, similarity = j, sim
        return (best, similarity) if similarity >= self._threshold else None

    def keep(self, i: int) -> None:
        keys = self._keys.get(i)
        if keys is None:
            return
        for bucket, key in zip(self._buckets, keys, strict=False):
            members = bucket[key]
            if len(members) < _MAX_CANDIDATES:
                members.append(i)


def _shares_a_band(keys: np.ndarray) -> np.ndarray:
    """Row mask: the row's key in some band equals another row's key in that band."""
    mask = np.zeros(keys.shape[0], dtype=bool)
    if keys.shape[0] < 2:
        return mask
    # One sort of every band column at once; equal neighbours in a sorted column collide.
    order = np.argsort(keys, axis=0)
    ranked = np.take_along_axis(keys, order, axis=0)
    equal = ranked[1:] == ranked[:-1]
    hit = np.zeros(keys.shape, dtype=bool)
    hit[1:] |= equal
    hit[:-1] |= equal
    mask[order[hit]] = True
    return mask
