"""Datasketch-compatible MinHash signatures and LSH band keys, for many lines at once.

A leaf module (numpy, :mod:`dedup.hashing` and datasketch only; datasketch is imported when the
first :class:`MinHasher` is built). :class:`MinHasher` computes the same signatures as
``datasketch.MinHash(num_perm, seed, hashfunc=token_hash, scheme="affine32")`` fed one shingle
at a time, bit for bit, but for many lines at once: every shingle of a chunk of lines is hashed
into one flat ``uint32`` array, the permutations are applied to blocks of a few thousand
shingles as one 2-D array, and each line's minimum is taken with ``np.minimum.reduceat``.

Example:
    >>> hasher = MinHasher(num_perm=16, seed=1)
    >>> sigs = hasher.signatures([shingles(["a", "b", "c", "d"]), shingles(["a", "b", "c"]), []])
    >>> sigs.shape, sigs.dtype.name
    ((3, 16), 'uint32')
    >>> 0.0 < estimated_jaccard(sigs[0], sigs[1]) < 1.0
    True
    >>> bool((sigs[2] == 0xFFFFFFFF).all())
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain, islice
from typing import Final

import numpy as np
import numpy.typing as npt
import xxhash

from .hashing import U32Array, U64Array, shingles

__all__ = ["MinHasher", "U32Array", "U64Array", "band_keys", "estimated_jaccard", "estimated_jaccard_rows", "shingles"]

# datasketch's empty-MinHash sentinel for scheme "affine32".
_EMPTY: Final = np.uint32(0xFFFFFFFF)

# MurmurHash3 fmix32 constants, as datasketch.minhash._FMIX_CONSTANTS[32].
_F32_S1: Final = np.uint32(16)
_F32_M1: Final = np.uint32(0x85EBCA6B)
_F32_S2: Final = np.uint32(13)
_F32_M2: Final = np.uint32(0xC2B2AE35)
_F32_S3: Final = np.uint32(16)

# MurmurHash3 fmix64 constants, used to chain a band's rows into one 64-bit key.
_F64_S: Final = np.uint64(33)
_F64_M1: Final = np.uint64(0xFF51AFD7ED558CCD)
_F64_M2: Final = np.uint64(0xC4CEB9FE1A85EC53)
# An arbitrary odd salt so that band 0 with r rows does not start from a small state.
_BAND_SALT: Final = np.uint64(0x9E3779B97F4A7C15)

_SHIFT32: Final = np.uint64(32)
_BAND_CHUNK_LINES: Final = 1024

# 4 MiB permutation blocks (8192 shingles at 128 permutations) measured fastest here, ~1.3x
# ahead of 1 MiB and 16 MiB: smaller blocks pay more per-block overhead, larger ones fall out
# of cache. `benchmarks/fingerprint_speed.py --sweep-blocks` re-measures.
_BLOCK_BYTES: Final = 1 << 22
# Lines per chunk in signatures(): bounds the flat hash array (~30 shingles a line)
# while keeping per-chunk Python overhead negligible.
_CHUNK_LINES: Final = 8192


def _fmix32(h: U32Array) -> U32Array:
    """MurmurHash3's 32-bit finalizer, the pre-mix datasketch's affine32 scheme applies."""
    h = h ^ (h >> _F32_S1)
    h *= _F32_M1
    h ^= h >> _F32_S2
    h *= _F32_M2
    h ^= h >> _F32_S3
    return h


def _fmix64_inplace(h: U64Array, tmp: U64Array) -> None:
    """MurmurHash3's 64-bit finalizer, in place (``tmp`` is scratch of the same shape)."""
    np.right_shift(h, _F64_S, out=tmp)
    h ^= tmp
    h *= _F64_M1
    np.right_shift(h, _F64_S, out=tmp)
    h ^= tmp
    h *= _F64_M2
    np.right_shift(h, _F64_S, out=tmp)
    h ^= tmp


class MinHasher:
    """datasketch-compatible MinHash for many lines at once.

    Row ``i`` of :meth:`signatures` is bit-identical to the ``hashvalues`` of
    ``datasketch.MinHash(num_perm, seed, hashfunc=token_hash, scheme="affine32")`` after
    ``update(s)`` for each shingle ``s`` of line ``i``.

    Args:
        num_perm: Number of permutations (signature length).
        seed: datasketch's permutation seed.
        block_size: Shingles per permutation block; ``None`` picks ~1 MiB blocks. Tests
            use tiny blocks so that lines straddle many block boundaries.
        chunk_lines: Lines hashed per chunk in :meth:`signatures` and
            :meth:`iter_signatures`, which bounds their working memory.

    Raises:
        ValueError: If ``num_perm``, ``block_size`` or ``chunk_lines`` is below 1.

    Example:
        >>> from datasketch import MinHash
        >>> from dedup.hashing import token_hash
        >>> m = MinHash(num_perm=32, seed=7, hashfunc=token_hash, scheme="affine32")
        >>> for s in [b"a b c", b"b c d"]:
        ...     m.update(s)
        >>> sig = MinHasher(num_perm=32, seed=7).signatures([[b"a b c", b"b c d"]])[0]
        >>> bool((sig == m.hashvalues).all())
        True
    """

    def __init__(
        self,
        num_perm: int,
        seed: int,
        *,
        block_size: int | None = None,
        chunk_lines: int = _CHUNK_LINES,
    ) -> None:
        if num_perm < 1:
            raise ValueError(f"num_perm must be at least 1, got {num_perm}; the default is 128")
        if block_size is not None and block_size < 1:
            raise ValueError(f"block_size must be at least 1 or None (automatic), got {block_size}")
        if chunk_lines < 1:
            raise ValueError(f"chunk_lines must be at least 1, got {chunk_lines}")
        self.num_perm: Final = num_perm
        self.seed: Final = seed
        self.block_size: Final = block_size if block_size is not None else max(64, _BLOCK_BYTES // (4 * num_perm))
        self.chunk_lines: Final = chunk_lines
        # Taken from datasketch rather than re-derived, so any change to its RNG use
        # shows up as a test failure instead of silently different signatures. Imported here:
        # datasketch's package imports scipy and redis (0.4-0.9 s), which `import dedup` need not.
        from datasketch import MinHash

        perms = np.asarray(MinHash(num_perm=num_perm, seed=seed, scheme="affine32").permutations, dtype=np.uint32)
        # Column vectors: the block is laid out (num_perm, shingles) because reduceat along
        # a contiguous axis measured 2-4x faster than along the strided one.
        self._a: U32Array = np.ascontiguousarray(perms[0]).reshape(num_perm, 1)
        self._b: U32Array = np.ascontiguousarray(perms[1]).reshape(num_perm, 1)

    @property
    def permutations(self) -> tuple[U32Array, U32Array]:
        """The ``(a, b)`` affine permutation parameters, each of shape ``(num_perm,)``."""
        return self._a.ravel().copy(), self._b.ravel().copy()

    def signatures(self, shingle_lists: Sequence[Sequence[bytes]]) -> U32Array:
        """MinHash signatures of many lines.

        Args:
            shingle_lists: One list of shingles per line (from :func:`shingles`).

        Returns:
            ``(len(shingle_lists), num_perm)`` uint32 array. A line without shingles gets
            the all-``0xFFFFFFFF`` row, as an empty datasketch MinHash.

        Example:
            >>> sigs = MinHasher(num_perm=8, seed=1).signatures([[b"x"], [b"x", b"x"], []])
            >>> bool((sigs[0] == sigs[1]).all()), sigs[2].tolist() == [0xFFFFFFFF] * 8
            (True, True)
        """
        out = np.empty((len(shingle_lists), self.num_perm), dtype=np.uint32)
        for start in range(0, len(shingle_lists), self.chunk_lines):
            chunk = shingle_lists[start : start + self.chunk_lines]
            self._signatures_chunk(chunk, out[start : start + len(chunk)])
        return out

    def iter_signatures(self, shingle_lists: Iterable[Sequence[bytes]]) -> Iterator[U32Array]:
        """Stream signatures chunk by chunk, for inputs too large to hold at once.

        Args:
            shingle_lists: Any iterable of per-line shingle lists; consumed lazily.

        Yields:
            ``(k, num_perm)`` uint32 arrays, ``k <= chunk_lines``, in input order.

        Example:
            >>> hasher = MinHasher(num_perm=4, seed=1, chunk_lines=2)
            >>> [c.shape for c in hasher.iter_signatures(iter([[b"a"]] * 5))]
            [(2, 4), (2, 4), (1, 4)]
        """
        it = iter(shingle_lists)
        while chunk := list(islice(it, self.chunk_lines)):
            out = np.empty((len(chunk), self.num_perm), dtype=np.uint32)
            self._signatures_chunk(chunk, out)
            yield out

    def _signatures_chunk(self, chunk: Sequence[Sequence[bytes]], out: U32Array) -> None:
        lengths = np.fromiter(map(len, chunk), dtype=np.int64, count=len(chunk))
        offsets = np.zeros(len(chunk) + 1, dtype=np.int64)
        np.cumsum(lengths, out=offsets[1:])
        # map() over the flattened chunk leaves the xxh32 call as the only per-shingle
        # Python-level work; no per-line loop, no intermediate list.
        hashes = np.fromiter(
            map(xxhash.xxh32_intdigest, chain.from_iterable(chunk)),
            dtype=np.uint32,
            count=int(offsets[-1]),
        )
        self._core(hashes, offsets, out)

    def signatures_from_hashes(self, hashes: npt.ArrayLike, offsets: npt.ArrayLike) -> U32Array:
        """MinHash signatures from pre-computed token hashes in CSR layout.

        Args:
            hashes: Flat array of 32-bit token hashes (:func:`token_hash` values) of all
                lines, line after line. Any integer dtype with values in ``[0, 2**32)``.
            offsets: ``(n + 1,)`` non-decreasing integer array, ``offsets[0] == 0`` and
                ``offsets[-1] == len(hashes)``: line ``i`` is
                ``hashes[offsets[i]:offsets[i + 1]]``.

        Returns:
            ``(n, num_perm)`` uint32 array, equal to :meth:`signatures` on the same lines.

        Raises:
            ValueError: If the arrays are not as described.

        Example:
            >>> hasher = MinHasher(num_perm=8, seed=1)
            >>> lines = [[b"a", b"b"], [], [b"c"]]
            >>> from dedup.hashing import token_hash
            >>> h = [token_hash(s) for line in lines for s in line]
            >>> sigs = hasher.signatures_from_hashes(h, [0, 2, 2, 3])
            >>> bool((sigs == hasher.signatures(lines)).all())
            True
        """
        h = _as_uint32(hashes)
        off = np.asarray(offsets)
        if off.ndim != 1 or off.size < 1 or off.dtype.kind not in "iu":
            raise ValueError(
                "offsets must be a 1-D integer array of n + 1 line boundaries (CSR indptr), "
                f"got shape {off.shape} and dtype {off.dtype}"
            )
        off = off.astype(np.int64, copy=False)
        if off[0] != 0 or off[-1] != h.size or bool(np.any(off[1:] < off[:-1])):
            raise ValueError(
                "offsets must be non-decreasing, start at 0 and end at len(hashes) "
                f"({h.size}); got first {int(off[0])}, last {int(off[-1])}"
            )
        out = np.empty((off.size - 1, self.num_perm), dtype=np.uint32)
        self._core(h, off, out)
        return out

    def _core(self, hashes: U32Array, offsets: npt.NDArray[np.int64], out: U32Array) -> None:
        """Fill ``out`` (n, num_perm) from validated CSR hashes; the vectorised kernel."""
        out.fill(_EMPTY)
        total = hashes.size
        if total == 0:
            return
        mixed = _fmix32(hashes)
        nonempty = np.flatnonzero(offsets[1:] > offsets[:-1])
        # Strictly increasing, as reduceat needs: an empty line's start equals the next
        # line's, and reduceat would return a stray element for it instead of nothing.
        starts = offsets[:-1][nonempty]
        block = self.block_size
        buf = np.empty((self.num_perm, min(block, total)), dtype=np.uint32)
        for lo in range(0, total, block):
            hi = min(lo + block, total)
            view = buf[:, : hi - lo]
            # uint32 wraparound is the "mod 2**32" of datasketch's affine32 scheme.
            np.multiply(self._a, mixed[lo:hi], out=view)
            np.add(view, self._b, out=view)
            i0, i1 = np.searchsorted(starts, (lo, hi))
            seg = starts[i0:i1] - lo
            carried = i0 == starts.size or starts[i0] != lo
            if carried:
                # The block opens in the middle of a line begun in an earlier block.
                seg = np.concatenate((np.zeros(1, dtype=seg.dtype), seg))
            mins = np.minimum.reduceat(view, seg, axis=1).T
            if carried:
                row = out[nonempty[i0 - 1]]
                np.minimum(row, mins[0], out=row)
                mins = mins[1:]
            out[nonempty[i0:i1]] = mins


def _as_uint32(values: npt.ArrayLike) -> U32Array:
    """``values`` as a 1-D uint32 array, refusing anything a cast would silently wrap."""
    arr = np.asarray(values)
    if arr.dtype == np.uint32 and arr.ndim == 1:
        return arr
    if arr.size == 0 and arr.ndim == 1:
        return arr.astype(np.uint32)
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise ValueError(
            f"hashes must be a 1-D integer array of 32-bit hashes, got shape {arr.shape} and dtype {arr.dtype}"
        )
    if int(arr.min()) < 0 or int(arr.max()) > 0xFFFFFFFF:
        raise ValueError("hashes must lie in [0, 2**32); use token_hash() (xxh32) for 32-bit token hashes")
    return arr.astype(np.uint32)


def band_keys(signatures: npt.ArrayLike, bands: int) -> U64Array:
    """64-bit LSH band keys of MinHash signatures.

    Band ``j`` covers the ``r = num_perm // bands`` consecutive values starting at column
    ``j * r`` (as datasketch's ``MinHashLSH``; leftover columns are unused). Its values are
    packed two per 64-bit word and chained through MurmurHash3's fmix64, a bijection,
    starting from a state derived from ``j`` and ``r``: equal bands in different positions
    get different keys, and for ``r <= 2`` distinct bands never collide. The arithmetic is
    on integer values, not bytes, so keys are the same on every platform and process.

    Args:
        signatures: ``(n, num_perm)`` uint32 signatures, or one ``(num_perm,)`` signature.
        bands: Number of bands, between 1 and ``num_perm``.

    Returns:
        ``(n, bands)`` uint64 array (``(bands,)`` for a single signature).

    Raises:
        ValueError: If ``bands`` is out of range or the signatures are not uint32.

    Example:
        >>> sigs = MinHasher(num_perm=8, seed=1).signatures([[b"a"], [b"a"], [b"b"]])
        >>> keys = band_keys(sigs, bands=4)
        >>> keys.shape, keys.dtype.name
        ((3, 4), 'uint64')
        >>> bool((keys[0] == keys[1]).all()), bool((keys[0] == keys[2]).any())
        (True, False)
    """
    sig = np.asarray(signatures)
    if sig.dtype != np.uint32 or sig.ndim not in (1, 2):
        raise ValueError(
            f"signatures must be a uint32 array of shape (n, num_perm) or (num_perm,), "
            f"got shape {sig.shape} and dtype {sig.dtype}"
        )
    if sig.ndim == 1:
        single: U64Array = band_keys(sig.reshape(1, -1), bands)[0]
        return single
    n, num_perm = sig.shape
    if not 1 <= bands <= num_perm:
        raise ValueError(f"bands must be between 1 and num_perm ({num_perm}), got {bands}")
    rows = num_perm // bands
    state = np.arange(bands, dtype=np.uint64) << _SHIFT32
    state |= np.uint64(rows)
    state ^= _BAND_SALT
    _fmix64_inplace(state, np.empty_like(state))
    out = np.empty((n, bands), dtype=np.uint64)
    # Small row chunks keep the (rows, chunk, bands) grid and the running keys in L1/L2:
    # 4-6x faster than one pass over all lines.
    for lo in range(0, n, _BAND_CHUNK_LINES):
        part = sig[lo : lo + _BAND_CHUNK_LINES, : bands * rows]
        m = part.shape[0]
        # Row-major per band position, so each step below reads one contiguous (m, bands) slab.
        grid = np.ascontiguousarray(part.reshape(m, bands, rows).transpose(2, 0, 1), dtype=np.uint64)
        keys = out[lo : lo + m]
        keys[:] = state
        word = np.empty((m, bands), dtype=np.uint64)
        tmp = np.empty_like(word)
        for k in range(0, rows, 2):
            np.left_shift(grid[k], _SHIFT32, out=word)
            if k + 1 < rows:
                word |= grid[k + 1]
            keys ^= word
            _fmix64_inplace(keys, tmp)
    return out


def estimated_jaccard(sig_a: npt.ArrayLike, sig_b: npt.ArrayLike) -> float:
    """Estimated Jaccard similarity of two signatures: the fraction of equal positions.

    Equals datasketch's ``MinHash.jaccard`` on the same hash values.

    Args:
        sig_a: ``(num_perm,)`` signature.
        sig_b: ``(num_perm,)`` signature of the same length and seed.

    Returns:
        A float in ``[0, 1]``.

    Raises:
        ValueError: If the shapes differ or are not 1-D and non-empty.

    Example:
        >>> estimated_jaccard(np.array([1, 2, 3, 4]), np.array([1, 2, 0, 0]))
        0.5
    """
    a = np.asarray(sig_a)
    b = np.asarray(sig_b)
    if a.shape != b.shape or a.ndim != 1 or a.size == 0:
        raise ValueError(f"signatures must be non-empty 1-D arrays of equal length, got {a.shape} and {b.shape}")
    return float(np.count_nonzero(a == b)) / float(a.size)


def estimated_jaccard_rows(sigs_a: npt.ArrayLike, sigs_b: npt.ArrayLike) -> npt.NDArray[np.float64]:
    """Row-wise :func:`estimated_jaccard` of two ``(n, num_perm)`` signature arrays.

    Args:
        sigs_a: ``(n, num_perm)`` signatures.
        sigs_b: ``(n, num_perm)`` signatures; row ``i`` is compared with row ``i`` of ``sigs_a``.

    Returns:
        ``(n,)`` float64 array.

    Raises:
        ValueError: If the shapes differ or are not 2-D with at least one column.

    Example:
        >>> estimated_jaccard_rows(np.array([[1, 2], [3, 4]]), np.array([[1, 0], [3, 4]])).tolist()
        [0.5, 1.0]
    """
    a = np.asarray(sigs_a)
    b = np.asarray(sigs_b)
    if a.shape != b.shape or a.ndim != 2 or a.shape[1] == 0:
        raise ValueError(f"signature arrays must be 2-D of equal shape (n, num_perm), got {a.shape} and {b.shape}")
    equal: npt.NDArray[np.float64] = np.count_nonzero(a == b, axis=1).astype(np.float64)
    equal /= float(a.shape[1])
    return equal
