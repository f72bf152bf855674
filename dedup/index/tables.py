"""Compact integer tables for the in-memory index: bytes per entry, not kilobytes.

A Python dict costs about 100 bytes an entry; these keep sorted numpy arrays (key, value)
plus a small dict of recent inserts that is merged in when it grows past a quarter of the
arrays, so inserts stay amortised O(log n) and look-ups are binary searches.
"""

from __future__ import annotations

from array import array
from collections import defaultdict

import numpy as np
import numpy.typing as npt

__all__ = ["MultiMap", "UnionFind"]

_MIN_PENDING = 1 << 14


class MultiMap:
    """Integer key -> integer values, values of one key in insertion order.

    >>> m = MultiMap(np.uint32)
    >>> m.add(7, 1); m.add(7, 2); m.add(3, 9)
    >>> m.get(7), m.get(3), m.get(4)
    ([1, 2], [9], [])
    """

    def __init__(self, key_dtype: type[np.unsignedinteger]) -> None:
        self._dtype = np.dtype(key_dtype)
        self._keys: npt.NDArray[np.unsignedinteger] = np.empty(0, self._dtype)
        self._vals: npt.NDArray[np.uint32] = np.empty(0, np.uint32)
        self._pending: defaultdict[int, list[int]] = defaultdict(list)
        self._pending_count = 0

    def __len__(self) -> int:
        return len(self._keys) + self._pending_count

    def add(self, key: int, value: int) -> None:
        self._pending[key].append(value)
        self._pending_count += 1
        if self._pending_count > max(_MIN_PENDING, len(self._keys) // 4):
            self._merge()

    def get(self, key: int) -> list[int]:
        out: list[int] = []
        if len(self._keys):
            k = self._dtype.type(key)
            lo = int(np.searchsorted(self._keys, k, "left"))
            hi = int(np.searchsorted(self._keys, k, "right"))
            if hi > lo:
                out = self._vals[lo:hi].tolist()
        pending = self._pending.get(key)
        return out + pending if pending else out

    def first(self, key: int) -> int | None:
        values = self.get(key)
        return values[0] if values else None

    def nbytes(self) -> int:
        """Bytes held by the arrays plus an estimate for the pending dict (~100 B an entry)."""
        return int(self._keys.nbytes + self._vals.nbytes) + 100 * self._pending_count

    def _merge(self) -> None:
        keys = np.fromiter((k for k, vs in self._pending.items() for _ in vs), self._dtype, self._pending_count)
        vals = np.fromiter((v for vs in self._pending.values() for v in vs), np.uint32, self._pending_count)
        all_keys = np.concatenate([self._keys, keys])
        all_vals = np.concatenate([self._vals, vals])
        # Stable: the merged arrays come first, so values of a key keep their insertion order.
        order = np.argsort(all_keys, kind="stable")
        self._keys, self._vals = all_keys[order], all_vals[order]
        self._pending = defaultdict(list)
        self._pending_count = 0


class UnionFind:
    """Disjoint sets over 0..n-1; the root of a set is its smallest member, so the partition
    and its representatives do not depend on the order of unions.

    >>> uf = UnionFind(); [uf.make() for _ in range(4)]
    [0, 1, 2, 3]
    >>> uf.union(3, 1), uf.union(2, 3), uf.find(2)
    (1, 1, 1)
    """

    def __init__(self) -> None:
        self._parent = array("I")

    def __len__(self) -> int:
        return len(self._parent)

    def make(self) -> int:
        self._parent.append(len(self._parent))
        return len(self._parent) - 1

    def find(self, x: int) -> int:
        parent = self._parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]  # path halving
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> int:
        """Join the sets of a and b; returns the new root (the smaller of the two roots)."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if rb < ra:
            ra, rb = rb, ra
        self._parent[rb] = ra
        return ra

    def nbytes(self) -> int:
        return self._parent.itemsize * len(self._parent)
