"""Near copies: kept lines that share most word 3-shingles with a line, found through MinHash
band buckets (never by comparing all pairs), and the band buckets of all lines for families.

Bands of 4 rows make a pair at Jaccard 0.7 a candidate with probability 0.89 (8 bands) and 0.99
at 0.8; candidates are verified with the exact Jaccard of their shingle sets. The work per line
is bounded: a bucket holds at most ``_BUCKET_CAP`` kept lines, the candidates with the most
agreeing bands are verified first and at most ``_VERIFIED`` of them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np

from ..config import Config
from ..fingerprint import U64Array, band_keys, shingles
from ..lines import Line
from ..prepare import hasher_for, repeat_bands

__all__ = ["NearIndex", "Shingles", "jaccard"]

# Kept lines per bucket; a bucket only fills up on adversarial input (thousands of distinct lines
# sharing a band), never on articles.
_BUCKET_CAP = 32
# Candidates whose exact Jaccard is computed per line, those agreeing on the most bands first.
_VERIFIED = 6


class Shingles:
    """The shingle sets of an article's lines, computed once each when first asked for."""

    def __init__(self, lines: Sequence[Line], config: Config) -> None:
        self._lines, self._size = lines, config.shingle_size
        self._sets: dict[int, frozenset[bytes]] = {}

    def __getitem__(self, i: int) -> frozenset[bytes]:
        found = self._sets.get(i)
        if found is None:
            found = self._sets[i] = frozenset(shingles(self._lines[i].tokens, self._size))
        return found


def jaccard(a: frozenset[bytes], b: frozenset[bytes]) -> float:
    """Exact Jaccard similarity of two shingle sets (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def band_keys_of(
    lines: Sequence[Line], unique: Sequence[int], config: Config, repeat_keys: U64Array | None
) -> np.ndarray:
    """The near-repeat band keys of the ``unique`` lines, one row each (computed unless given)."""
    if not len(unique):
        return np.empty((0, 1), np.uint64)
    if repeat_keys is not None:
        return repeat_keys[list(unique)]
    grams = [shingles(lines[i].tokens, config.shingle_size) for i in unique]
    return band_keys(hasher_for(config).signatures(grams), repeat_bands(config))


class NearIndex:
    """MinHash LSH buckets over the kept lines of one article.

    Lines sharing no band with any other line are settled up front, in numpy, and never enter the
    buckets.
    """

    def __init__(self, unique: Sequence[int], keys: np.ndarray, threshold: float, sets: Shingles) -> None:
        self._threshold, self._sets = threshold, sets
        colliding = np.flatnonzero(shares_a_band(keys)).tolist()
        self._keys: dict[int, list[int]] = {unique[r]: keys[r].tolist() for r in colliding}
        self._buckets: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(keys.shape[1])]

    @property
    def has_candidates(self) -> bool:
        """Some line shares a band with another (else no line matches any)."""
        return bool(self._keys)

    def candidates(self, i: int) -> Iterator[tuple[int, float]]:
        """Kept lines at or above the threshold, most similar first (earliest on ties), with
        their Jaccard similarity to line ``i``."""
        keys = self._keys.get(i)
        if keys is None:
            return iter(())
        agree: dict[int, int] = defaultdict(int)
        for bucket, key in zip(self._buckets, keys, strict=False):
            for j in bucket.get(key, ()):
                agree[j] += 1
        if not agree:
            return iter(())
        mine, sets = self._sets[i], self._sets
        tried = sorted(agree, key=lambda j: (-agree[j], j))[:_VERIFIED]
        found = [(j, jaccard(mine, sets[j])) for j in tried]
        return iter(sorted(((j, s) for j, s in found if s >= self._threshold), key=lambda js: (-js[1], js[0])))

    def keep(self, i: int) -> None:
        keys = self._keys.get(i)
        if keys is None:
            return
        for bucket, key in zip(self._buckets, keys, strict=False):
            members = bucket[key]
            if len(members) < _BUCKET_CAP:
                members.append(i)


def shares_a_band(keys: np.ndarray) -> np.ndarray:
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
