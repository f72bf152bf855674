"""Compact integer tables for the in-memory index: bytes per entry, not kilobytes.

A Python dict costs about 100 bytes an entry; these keep sorted numpy arrays (key, value)
plus a small dict of recent inserts, so look-ups are binary searches, vectorised per article.
"""

from __future__ import annotations

from array import array
from collections import defaultdict

import numpy as np
import numpy.typing as npt

__all__ = ["MultiMap", "UnionFind"]

# Inserts wait in a small dict until this many have gathered, then are merged into the
# sorted arrays in one pass (np.insert): memory stays at the arrays' bytes plus a bounded
# buffer, and a merge costs one copy of the arrays per this many inserts.
_PENDING = 4096


class MultiMap:
    """Integer key -> integer values, values of one key in insertion order.

    >>> m = MultiMap(np.uint32)
    >>> m.add(7, 1); m.add(7, 2); m.add(3, 9)
    >>> m.get(7), m.get(3), m.get(4)
    ([1, 2], [9], [])
    >>> m.get_many(np.array([3, 4, 7], np.uint32))
    [[9], [], [1, 2]]
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
        if self._pending_count >= _PENDING:
            self._merge()

    def add_many(self, keys: npt.NDArray[np.unsignedinteger], values: list[int]) -> None:
        """:meth:`add` of each (key, value) pair, in order."""
        pending = self._pending
        for key, value in zip(keys.tolist(), values, strict=True):
            pending[key].append(value)
        self._pending_count += len(values)
        if self._pending_count >= _PENDING:
            self._merge()

    def get(self, key: int) -> list[int]:
        return self.get_many(np.array([key], self._dtype))[0]

    def get_many(self, keys: npt.NDArray[np.unsignedinteger]) -> list[list[int]]:
        """The values of each key, in one vectorised search of the arrays."""
        out: list[list[int]] = [[] for _ in range(len(keys))]
        if len(self._keys) and len(keys):
            lo = np.searchsorted(self._keys, keys, "left")
            hi = np.searchsorted(self._keys, keys, "right")
            for i in np.flatnonzero(hi > lo).tolist():
                out[i] = self._vals[lo[i] : hi[i]].tolist()
        if self._pending:
            for i, key in enumerate(keys.tolist()):
                pending = self._pending.get(key)
                if pending:
                    out[i] = out[i] + pending
        return out

    def hits(self, keys: npt.NDArray[np.unsignedinteger]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint32]]:
        """Every (position in ``keys``, value) pair, as two flat arrays, in vectorised form.

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.add(7, 2); m.add(3, 9)
        >>> [a.tolist() for a in m.hits(np.array([7, 4, 3], np.uint32))]
        [[0, 0, 2], [1, 2, 9]]
        """
        rows = np.empty(0, np.int64)
        vals = np.empty(0, np.uint32)
        if len(self._keys) and len(keys):
            lo = np.searchsorted(self._keys, keys, "left")
            hi = np.searchsorted(self._keys, keys, "right")
            counts = hi - lo
            rows = np.repeat(np.arange(len(keys)), counts)
            starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
            vals = self._vals[starts + np.arange(len(rows))]
        if self._pending:  # recent inserts, after the arrays' values (insertion order)
            extra = [(i, v) for i, key in enumerate(keys.tolist()) for v in self._pending.get(key, ())]
            if extra:
                rows = np.concatenate((rows, np.array([i for i, _ in extra], np.int64)))
                vals = np.concatenate((vals, np.array([v for _, v in extra], np.uint32)))
        return rows, vals

    def first_values(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """The first value of each key (-1 when it has none): ``get_many``'s first values, without
        building a list per key or merging pending inserts.

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.add(7, 2); m.merge(); m.add(3, 9); m.add(7, 5)
        >>> m.first_values(np.array([7, 4, 3], np.uint32)).tolist()
        [1, -1, 9]
        """
        out = np.full(len(keys), -1, np.int64)
        if len(self._keys) and len(keys):
            at = np.searchsorted(self._keys, keys, "left")
            inside = at < len(self._keys)
            hit = np.zeros(len(keys), bool)
            hit[inside] = self._keys[at[inside]] == keys[inside]
            out[hit] = self._vals[at[hit]]
        if self._pending:  # values of the arrays come first; pending ones only for keys without
            pending = self._pending
            for i in np.flatnonzero(out < 0).tolist():
                values = pending.get(int(keys[i]))
                if values:
                    out[i] = values[0]
        return out

    def first_many(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """The first value of each key (-1 when it has none), after :meth:`merge`."""
        self.merge()
        return self.first_values(keys)

    def merge(self) -> None:
        """Move pending inserts into the sorted arrays (bulk callers read the arrays directly)."""
        self._merge()

    def first(self, key: int) -> int | None:
        values = self.get(key)
        return values[0] if values else None

    def nbytes(self) -> int:
        """Bytes held by the arrays plus an estimate for the pending dict (~150 B an entry)."""
        return int(self._keys.nbytes + self._vals.nbytes) + 150 * self._pending_count

    def drop_values(self, values: npt.NDArray[np.uint32]) -> None:
        """Remove every entry whose value is in ``values`` (forgotten lines)."""
        self._merge()
        keep = ~np.isin(self._vals, values)
        self._keys, self._vals = self._keys[keep], self._vals[keep]

    def insert_many(self, keys: npt.NDArray[np.unsignedinteger], values: npt.NDArray[np.uint32]) -> None:
        """:meth:`add` of each (key, value) pair in order, straight into the sorted arrays."""
        self._merge()
        self._insert(keys.astype(self._dtype, copy=False), values.astype(np.uint32, copy=False))

    def _merge(self) -> None:
        if not self._pending_count:
            return
        keys = np.fromiter((k for k, vs in self._pending.items() for _ in vs), self._dtype, self._pending_count)
        vals = np.fromiter((v for vs in self._pending.values() for v in vs), np.uint32, self._pending_count)
        self._pending = defaultdict(list)
        self._pending_count = 0
        self._insert(keys, vals)

    def _insert(self, keys: npt.NDArray[np.unsignedinteger], vals: npt.NDArray[np.uint32]) -> None:
        order = np.argsort(keys, kind="stable")
        keys, vals = keys[order], vals[order]
        # "right": a new value goes after the values its key already has (insertion order).
        at = np.searchsorted(self._keys, keys, "right")
        self._keys = np.insert(self._keys, at, keys)
        self._vals = np.insert(self._vals, at, vals)


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

    @property
    def parents(self) -> array[int]:
        """The parent array (read-only use: a root is its own parent)."""
        return self._parent

    def make_many(self, k: int) -> int:
        """Make ``k`` new singletons; returns the first one's number."""
        first = len(self._parent)
        self._parent.extend(range(first, first + k))
        return first

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
