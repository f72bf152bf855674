"""A compact integer multimap for the in-memory index: bytes per entry, not kilobytes.

A Python dict costs about 100 bytes an entry; :class:`MultiMap` keeps sorted numpy arrays (key,
value) plus a small dict of recent inserts, so look-ups are binary searches, vectorised per
article. The other compact containers are in :mod:`dedup.index.lists` and
:mod:`dedup.index.unionfind`.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

__all__ = ["SMALL_PENDING", "MultiMap"]

# Inserts wait in a small dict until this many have gathered, then are merged into the
# sorted arrays in one pass (np.insert): memory stays at the arrays' bytes plus a bounded
# buffer, and a merge costs one copy of the arrays per this many inserts.
_PENDING = 4096
# The same for tables with an entry per recurring line or copy, not per line (texts, postings).
SMALL_PENDING = 1024


class MultiMap:
    """Integer key -> integer values, values of one key in insertion order.

    >>> m = MultiMap(np.uint32)
    >>> m.add(7, 1); m.add(7, 2); m.add(3, 9)
    >>> m.get(7), m.get(3), m.get(4)
    ([1, 2], [9], [])
    >>> m.get_many(np.array([3, 4, 7], np.uint32))
    [[9], [], [1, 2]]
    """

    def __init__(self, key_dtype: type[np.unsignedinteger], pending: int = _PENDING) -> None:
        self._dtype = np.dtype(key_dtype)
        self._pending_limit = pending  # small tables merge sooner: their pending dict costs more than a merge
        self._keys: npt.NDArray[np.unsignedinteger] = np.empty(0, self._dtype)
        self._vals: npt.NDArray[np.uint32] = np.empty(0, np.uint32)
        # key -> its value, or its values once it has two (an int costs a third of a list)
        self._pending: dict[int, int | list[int]] = {}
        self._pending_count = 0

    def __len__(self) -> int:
        return len(self._keys) + self._pending_count

    def add(self, key: int, value: int) -> None:
        self._pend(key, value)
        self._pending_count += 1
        if self._pending_count >= self._pending_limit:
            self._merge()

    def add_many(self, keys: npt.NDArray[np.unsignedinteger], values: list[int]) -> None:
        """:meth:`add` of each (key, value) pair, in order."""
        for key, value in zip(keys.tolist(), values, strict=True):
            self._pend(key, value)
        self._pending_count += len(values)
        if self._pending_count >= self._pending_limit:
            self._merge()

    def _pend(self, key: int, value: int) -> None:
        held = self._pending.get(key)
        if held is None:
            self._pending[key] = value
        elif isinstance(held, int):
            self._pending[key] = [held, value]
        else:
            held.append(value)

    def _pending_values(self, key: int) -> list[int]:
        held = self._pending.get(key)
        return [] if held is None else [held] if isinstance(held, int) else held

    def get(self, key: int) -> list[int]:
        """The values of one key (two binary searches, no per-call arrays)."""
        out: list[int] = []
        if len(self._keys):
            k = self._dtype.type(key)  # a Python int would make numpy cast the whole array
            lo = int(self._keys.searchsorted(k, "left"))
            if lo < len(self._keys) and self._keys[lo] == k:
                out = self._vals[lo : int(self._keys.searchsorted(k, "right"))].tolist()
        if self._pending and key in self._pending:
            out = out + self._pending_values(key)
        return out

    def count(self, key: int) -> int:
        """How many values one key has (``len(get(key))`` without listing them).

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.merge(); m.add(7, 2)
        >>> m.count(7), m.count(3)
        (2, 0)
        """
        n = 0
        if len(self._keys):
            k = self._dtype.type(key)
            n = int(self._keys.searchsorted(k, "right")) - int(self._keys.searchsorted(k, "left"))
        if self._pending:
            held = self._pending.get(key)
            if held is not None:
                n += 1 if isinstance(held, int) else len(held)
        return n

    def counts(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """:meth:`count` of each key, in one vectorised search.

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.merge(); m.add(7, 2); m.add(3, 9)
        >>> m.counts(np.array([7, 4, 3], np.uint32)).tolist()
        [2, 0, 1]
        """
        out = np.zeros(len(keys), np.int64)
        if len(self._keys) and len(keys):
            lo, hi = _search(self._keys, keys, "left", "right")
            out += hi - lo
        if self._pending:
            pending = self._pending
            for i, key in enumerate(keys.tolist()):
                held = pending.get(key)
                if held is not None:
                    out[i] += 1 if isinstance(held, int) else len(held)
        return out

    def get_many(self, keys: npt.NDArray[np.unsignedinteger]) -> list[list[int]]:
        """The values of each key, in one vectorised search of the arrays."""
        out: list[list[int]] = [[] for _ in range(len(keys))]
        if len(self._keys) and len(keys):
            lo, hi = _search(self._keys, keys, "left", "right")
            for i in np.flatnonzero(hi > lo).tolist():
                out[i] = self._vals[lo[i] : hi[i]].tolist()
        if self._pending:
            for i, key in enumerate(keys.tolist()):
                if key in self._pending:
                    out[i] = out[i] + self._pending_values(key)
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
            lo, hi = _search(self._keys, keys, "left", "right")
            counts = hi - lo
            rows = np.repeat(np.arange(len(keys)), counts)
            starts = np.repeat(lo - np.cumsum(counts) + counts, counts)
            vals = self._vals[starts + np.arange(len(rows))]
        if self._pending:  # recent inserts, after the arrays' values (insertion order)
            pending = self._pending
            found = [(i, key) for i, key in enumerate(keys.tolist()) if key in pending]  # most keys are not
            extra = [(i, v) for i, key in found for v in self._pending_values(key)]
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
        hit, at = self._first_positions(keys)
        out[hit] = self._vals[at[hit]]
        if self._pending:  # values of the arrays come first; pending ones only for keys without
            pending = self._pending
            for i in np.flatnonzero(out < 0).tolist():
                held = pending.get(int(keys[i]))
                if held is not None:
                    out[i] = held if isinstance(held, int) else held[0]
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
        """Bytes held by the arrays plus an estimate for the pending dict (~100 B an entry)."""
        return int(self._keys.nbytes + self._vals.nbytes) + 100 * self._pending_count

    def drop_values(self, values: npt.NDArray[np.uint32]) -> None:
        """Remove every entry whose value is in ``values`` (forgotten lines)."""
        self._merge()
        keep = ~np.isin(self._vals, values)
        self._keys, self._vals = self._keys[keep], self._vals[keep]

    def drop_keys(self, keys: npt.NDArray[np.unsignedinteger]) -> None:
        """Remove every entry whose key is in ``keys``."""
        self._merge()
        keep = ~np.isin(self._keys, keys)
        self._keys, self._vals = self._keys[keep], self._vals[keep]

    def pop_first_many(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """Remove and return the first value of each of the distinct ``keys`` (-1 when it has none).

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.add(7, 2); m.add(3, 9)
        >>> m.pop_first_many(np.array([7, 4, 3], np.uint32)).tolist(), m.get(7), m.get(3)
        ([1, -1, 9], [2], [])
        """
        self._merge()
        out = np.full(len(keys), -1, np.int64)
        hit, at = self._first_positions(keys)
        out[hit] = self._vals[at[hit]]
        if hit.any():
            self._keys, self._vals = np.delete(self._keys, at[hit]), np.delete(self._vals, at[hit])
        return out

    def _first_positions(
        self, keys: npt.NDArray[np.unsignedinteger]
    ) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp]]:
        """Which ``keys`` the sorted arrays hold, and where each key's first entry is."""
        if not (len(self._keys) and len(keys)):
            return np.zeros(len(keys), bool), np.zeros(len(keys), np.intp)
        (at,) = _search(self._keys, keys, "left")
        inside = at < len(self._keys)
        hit = np.zeros(len(keys), bool)
        hit[inside] = self._keys[at[inside]] == keys[inside]
        return hit, at

    def items(self) -> tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.uint32]]:
        """Every (key, value) pair as two arrays, sorted by key (values of a key in insertion order)."""
        self._merge()
        return self._keys, self._vals

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The table as two arrays (pending inserts merged first), for a checkpoint.

        >>> m = MultiMap(np.uint64); m.add(7, 1); m.add(3, 2)
        >>> again = MultiMap.from_arrays(m.to_arrays(), np.uint64)
        >>> again.get(7), again.get(3)
        ([1], [2])
        """
        self._merge()
        return {"keys": self._keys, "values": self._vals}

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, npt.NDArray[np.generic]], key_dtype: type[np.unsignedinteger], pending: int = _PENDING
    ) -> MultiMap:
        """The table :meth:`to_arrays` saved (arrays of the wrong type or length are refused)."""
        table = cls(key_dtype, pending)
        keys, values = arrays["keys"], arrays["values"]
        if keys.dtype != table._dtype or values.dtype != np.uint32 or keys.shape != values.shape or keys.ndim != 1:
            raise ValueError(f"a table of {keys.dtype}/{values.dtype} arrays, not {table._dtype}/uint32 of one length")
        table._keys, table._vals = keys.astype(table._dtype, copy=False), values.astype(np.uint32, copy=False)
        return table

    def insert_many(self, keys: npt.NDArray[np.unsignedinteger], values: npt.NDArray[np.uint32]) -> None:
        """:meth:`add` of each (key, value) pair in order, straight into the sorted arrays."""
        self._merge()
        self._insert(keys.astype(self._dtype, copy=False), values.astype(np.uint32, copy=False))

    def _merge(self) -> None:
        if not self._pending_count:
            return
        key_list: list[int] = []
        val_list: list[int] = []
        for key, held in self._pending.items():
            if isinstance(held, int):
                key_list.append(key)
                val_list.append(held)
            else:
                key_list.extend([key] * len(held))
                val_list.extend(held)
        keys, vals = np.array(key_list, self._dtype), np.array(val_list, np.uint32)
        self._pending = {}
        self._pending_count = 0
        self._insert(keys, vals)

    def _insert(self, keys: npt.NDArray[np.unsignedinteger], vals: npt.NDArray[np.uint32]) -> None:
        order = np.argsort(keys, kind="stable")
        keys, vals = keys[order], vals[order]
        # "right": a new value goes after the values its key already has (insertion order).
        at = np.searchsorted(self._keys, keys, "right")
        self._keys = np.insert(self._keys, at, keys)
        self._vals = np.insert(self._vals, at, vals)


# Keys searched at once from which they are searched in sorted order (see _search).
_SORT_SEARCH = 256


def _search(
    table: npt.NDArray[np.unsignedinteger], keys: npt.NDArray[np.unsignedinteger], *sides: str
) -> list[npt.NDArray[np.intp]]:
    """``np.searchsorted(table, keys, side)`` per side, with many keys searched in sorted order:
    the same positions, but neighbouring keys walk the same part of a large table (4x faster for
    40,000 keys in 4 million, where unsorted keys miss the cache at every step).

    >>> t = np.array([1, 3, 3, 9], np.uint32); k = np.array([9, 0, 3] * 100, np.uint32)
    >>> lo, hi = _search(t, k, "left", "right")
    >>> bool((lo == np.searchsorted(t, k, "left")).all() and (hi == np.searchsorted(t, k, "right")).all())
    True
    """
    if len(keys) < _SORT_SEARCH:
        return [np.searchsorted(table, keys, side) for side in sides]  # type: ignore[call-overload]
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    out = []
    for side in sides:
        at = np.empty(len(keys), np.intp)
        at[order] = np.searchsorted(table, ordered, side)  # type: ignore[call-overload]
        out.append(at)
    return out
