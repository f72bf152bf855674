"""Hashing of lines and shingles: word shingles, the exact key of a normal form, the token hash
MinHash reads (xxh32, as datasketch's ``hashfunc``), and the same hashes for many lines at once
in numpy (bit for bit those of ``xxhash``, a test checks it).

A leaf module: numpy and xxhash only.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from typing import Final

import numpy as np
import numpy.typing as npt
import xxhash

__all__ = [
    "U32Array",
    "U64Array",
    "exact_key",
    "exact_keys_of",
    "flat_shingle_hashes",
    "shingles",
    "token_hash",
    "xxh32_slices",
]

U32Array = npt.NDArray[np.uint32]
U64Array = npt.NDArray[np.uint64]

# xxh32's primes, its four lanes' seeds (seed 0), and shift counts, as numpy scalars.
_XXH_P1: Final = np.uint32(0x9E3779B1)
_XXH_P2: Final = np.uint32(0x85EBCA77)
_XXH_P3: Final = np.uint32(0xC2B2AE3D)
_XXH_P4: Final = np.uint32(0x27D4EB2F)
_XXH_P5: Final = np.uint32(0x165667B1)
_XXH_LANE_SEEDS: Final = (
    np.uint32((0x9E3779B1 + 0x85EBCA77) & 0xFFFFFFFF),
    np.uint32(0x85EBCA77),
    np.uint32(0),
    np.uint32(-0x9E3779B1 & 0xFFFFFFFF),
)
_U8, _U13, _U15, _U16, _U24 = (np.uint32(k) for k in (8, 13, 15, 16, 24))
# Shingles from which flat_shingle_hashes hashes in numpy (below, one xxhash call each is faster).
_NUMPY_HASH_MIN: Final = 4096


def shingles(tokens: Sequence[str], n: int = 3) -> list[bytes]:
    """Word n-grams of already-normalised tokens, as UTF-8 bytes.

    Each n-gram is its tokens joined by one space. A line with fewer than ``n`` tokens
    (but at least one) gives a single shingle of all its tokens, so short lines still
    get a signature; no tokens give ``[]``. Duplicates are kept: MinHash is set-based.
    Lone surrogates are encoded with ``surrogatepass`` instead of raising.

    Args:
        tokens: The line's tokens, already normalised (case-folded, say).
        n: Tokens per shingle, at least 1.

    Returns:
        The shingles in line order.

    Raises:
        ValueError: If ``n`` is less than 1.

    Example:
        >>> shingles(["a", "b", "c", "d"])
        [b'a b c', b'b c d']
        >>> shingles(["x", "y"]), shingles([])
        ([b'x y'], [])
    """
    if n < 1:
        raise ValueError(f"shingle size n must be at least 1, got {n}; use n=3 for word trigrams")
    k = len(tokens)
    if k == 0:
        return []
    if k <= n:
        return [" ".join(tokens).encode("utf-8", "surrogatepass")]
    try:
        # Shingling runs once per token and is a large share of the whole pipeline: the
        # f-string cases beat " ".join on a tuple, and strict encode() beats surrogatepass;
        # lone surrogates are rare enough to pay for a retry.
        if n == 3:
            return [f"{a} {b} {c}".encode() for a, b, c in zip(tokens, tokens[1:], tokens[2:], strict=False)]
        if n == 2:
            return [f"{a} {b}".encode() for a, b in pairwise(tokens)]
        return [" ".join(g).encode() for g in zip(*(tokens[i:] for i in range(n)), strict=False)]
    except UnicodeEncodeError:
        return [
            " ".join(g).encode("utf-8", "surrogatepass") for g in zip(*(tokens[i:] for i in range(n)), strict=False)
        ]


def exact_key(normal: str) -> int:
    """64-bit key of a line's normal form, for exact-duplicate detection.

    Args:
        normal: The normalised line. Lone surrogates and NUL are hashed, not rejected.

    Returns:
        ``xxhash.xxh64_intdigest`` of the UTF-8 (``surrogatepass``) bytes, an unsigned int.

    Example:
        >>> exact_key("abc") == exact_key("abc") != exact_key("abd")
        True
        >>> 0 <= exact_key("\\ud800\\x00") < 2**64
        True
    """
    return xxhash.xxh64_intdigest(normal.encode("utf-8", "surrogatepass"))


def token_hash(shingle: bytes) -> int:
    """32-bit hash of one shingle: the ``hashfunc`` to give datasketch for matching signatures.

    Args:
        shingle: One shingle, as returned by :func:`shingles`.

    Returns:
        ``xxhash.xxh32_intdigest(shingle)`` (seed 0), an unsigned 32-bit int.

    Example:
        >>> token_hash(b"a b c") == xxhash.xxh32_intdigest(b"a b c")
        True
    """
    return xxhash.xxh32_intdigest(shingle)


def flat_shingle_hashes(normals: Sequence[str], n: int = 3) -> tuple[U32Array, npt.NDArray[np.int64]]:
    """Token hashes of every shingle of many normal forms, in CSR layout, without a Python
    loop per shingle.

    The normal forms (tokens joined by single spaces, as :func:`dedup.lines.normalize` makes
    them) are encoded once as one buffer; token boundaries come from numpy, and each shingle is
    a slice of the buffer hashed through ``map`` (C loops only). Equal to hashing
    ``shingles(normal.split(" "), n)`` line by line with :func:`token_hash`.

    Args:
        normals: Normal forms: no leading, trailing or double spaces, no newlines.
        n: Tokens per shingle, at least 1.

    Returns:
        ``(hashes, offsets)`` for :meth:`MinHasher.signatures_from_hashes`: line ``i``'s shingle
        hashes are ``hashes[offsets[i]:offsets[i + 1]]``.

    Example:
        >>> h, off = flat_shingle_hashes(["a b c d", "", "x"])
        >>> off.tolist(), h.tolist() == [token_hash(s) for s in (b"a b c", b"b c d", b"x")]
        ([0, 2, 2, 3], True)
    """
    buf, line_start, line_end = _joined(normals)
    lines = len(normals)
    arr = np.frombuffer(buf, np.uint8)
    # UTF-8 continuation and lead bytes are >= 0x80, so these bytes are always separators.
    sep = np.flatnonzero((arr == 0x20) | (arr == 0x0A))
    tok_start = np.concatenate(([0], sep + 1))
    tok_end = np.concatenate((sep, [len(buf)]))
    line_of_token = np.zeros(len(tok_start), np.int64)
    np.cumsum(arr[sep] == 0x0A, out=line_of_token[1:])
    raw = np.bincount(line_of_token, minlength=lines)  # an empty line has one empty token
    first = np.zeros(lines, np.int64)
    np.cumsum(raw[:-1], out=first[1:])
    k = np.where(line_start == line_end, 0, raw)
    per_line = np.where(k > n, k - n + 1, np.minimum(k, 1))
    offsets = np.zeros(lines + 1, np.int64)
    np.cumsum(per_line, out=offsets[1:])
    total = int(offsets[-1])
    owner = np.repeat(np.arange(lines), per_line)
    tok = first[owner] + (np.arange(total) - offsets[:-1][owner])
    starts = tok_start[tok]
    ends = tok_end[tok + np.minimum(k, n)[owner] - 1]
    if total < _NUMPY_HASH_MIN:  # one article (a streaming clean): numpy's per-call set-up dominates
        hashes = np.fromiter(
            map(xxhash.xxh32_intdigest, map(buf.__getitem__, map(slice, starts.tolist(), ends.tolist()))),
            np.uint32,
            total,
        )
        return hashes, offsets
    return xxh32_slices(buf, starts, ends), offsets


def xxh32_slices(buf: bytes, starts: npt.NDArray[np.int64], ends: npt.NDArray[np.int64]) -> U32Array:
    """``xxhash.xxh32_intdigest(buf[s:e])`` (seed 0) of every slice, computed in numpy.

    The xxh32 algorithm step by step over all slices at once: 16-byte stripes into four lanes for
    slices of 16 bytes or more, then 4-byte words, then single bytes, then the avalanche; every
    step runs on the rows that still have input. Unaligned little-endian words are read from a
    table of the 32-bit word starting at each byte of ``buf``.

    >>> data = b"the cat sat on a mat in the sun today"
    >>> got = xxh32_slices(data, np.array([0, 4, 0, 8]), np.array([3, 15, 37, 8]))
    >>> got.tolist() == [xxhash.xxh32_intdigest(data[s:e]) for s, e in ((0, 3), (4, 15), (0, 37), (8, 8))]
    True
    """
    arr = np.frombuffer(buf + b"\0\0\0", np.uint8).astype(np.uint32)
    word = arr[:-3] | (arr[1:-2] << _U8) | (arr[2:-1] << _U16) | (arr[3:] << _U24)
    length = ends - starts
    stripes = length >> 4
    h = np.full(len(starts), _XXH_P5, np.uint32)
    long_rows = np.flatnonzero(stripes > 0)
    if len(long_rows):
        lanes = [np.full(len(long_rows), seed, np.uint32) for seed in _XXH_LANE_SEEDS]
        pos, left = starts[long_rows], stripes[long_rows]
        for s in range(int(left.max())):
            act = np.flatnonzero(left > s)
            at = pos[act] + 16 * s
            for k, lane in enumerate(lanes):
                lane[act] = _rotl(lane[act] + word[at + 4 * k] * _XXH_P2, 13) * _XXH_P1
        h[long_rows] = _rotl(lanes[0], 1) + _rotl(lanes[1], 7) + _rotl(lanes[2], 12) + _rotl(lanes[3], 18)
    h += length.astype(np.uint32)
    pos = starts + 16 * stripes
    rem = length - 16 * stripes
    for k in range(3):  # 4-byte words
        act = np.flatnonzero(rem >= 4 * (k + 1))
        h[act] = _rotl(h[act] + word[pos[act] + 4 * k] * _XXH_P3, 17) * _XXH_P4
    pos += 4 * (rem >> 2)
    rem &= 3
    for k in range(3):  # single bytes
        act = np.flatnonzero(rem > k)
        h[act] = _rotl(h[act] + arr[pos[act] + k] * _XXH_P5, 11) * _XXH_P1
    h ^= h >> _U15
    h *= _XXH_P2
    h ^= h >> _U13
    h *= _XXH_P3
    h ^= h >> _U16
    return h


def _rotl(x: U32Array, r: int) -> U32Array:
    return (x << np.uint32(r)) | (x >> np.uint32(32 - r))


def exact_keys_of(normals: Sequence[str]) -> U64Array:
    """:func:`exact_key` of many normal forms at once.

    >>> exact_keys_of(["abc", ""]).tolist() == [exact_key("abc"), exact_key("")]
    True
    """
    buf, line_start, line_end = _joined(normals)
    return np.fromiter(
        map(xxhash.xxh64_intdigest, map(buf.__getitem__, map(slice, line_start.tolist(), line_end.tolist()))),
        np.uint64,
        len(normals),
    )


def _joined(normals: Sequence[str]) -> tuple[bytes, npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The normal forms as one UTF-8 buffer joined by newlines, with each one's byte span."""
    buf = "\n".join(normals).encode("utf-8", "surrogatepass")
    nl = np.flatnonzero(np.frombuffer(buf, np.uint8) == 0x0A)
    if len(nl) != max(0, len(normals) - 1):
        raise ValueError("normal forms must not contain newlines")
    line_start = np.concatenate(([0], nl + 1)).astype(np.int64)
    line_end = np.concatenate((nl, [len(buf)])).astype(np.int64)
    return buf, line_start[: len(normals)], line_end[: len(normals)]
