"""A compact integer multimap for the in-memory index: bytes per entry, not kilobytes.

A Python dict costs about 100 bytes an entry; :class:`MultiMap` keeps a few sorted runs of numpy
arrays (key, value) plus a small dict of recent inserts, so look-ups are binary searches,
vectorised per article, and inserting never rewrites the whole table. The other compact
containers are in :mod:`dedup.index.lists` and :mod:`dedup.index.unionfind`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import numpy.typing as npt

__all__ = ["SMALL_PENDING", "MultiMap", "counted"]

# Inserts wait in a small dict until this many have gathered, then become a sorted run: memory
# stays at the arrays' bytes plus a bounded buffer.
_PENDING = 4096
# The same for tables with an entry per recurring line or copy, not per line (texts, postings).
SMALL_PENDING = 1024


class MultiMap:
    """Integer key -> integer values, values of one key in insertion order.

    Log-structured: a few sorted runs of (key, value) arrays, oldest first, plus a small dict of
    recent inserts. When the dict fills up it becomes a new run, and the newest runs are merged
    while the one before is at most ``_GROWTH`` times the newest: run sizes fall geometrically,
    so a table of n entries has about log(n) runs, an entry is copied about log(n) times over its
    life (never the whole table per merge), and a look-up is one binary search per run.

    >>> m = MultiMap(np.uint32)
    >>> m.add(7, 1); m.add(7, 2); m.add(3, 9)
    >>> m.get(7), m.get(3), m.get(4)
    ([1, 2], [9], [])
    >>> m.get_many(np.array([3, 4, 7], np.uint32))
    [[9], [], [1, 2]]
    """

    def __init__(self, key_dtype: type[np.unsignedinteger], pending: int = _PENDING) -> None:
        self._dtype = np.dtype(key_dtype)
        self._pending_limit = pending  # small tables flush sooner: their pending dict costs more than a run
        # Sorted runs, oldest first: (keys, values); values of a key in insertion order inside a run.
        self._runs: list[tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.uint32]]] = []
        self._fences: list[npt.NDArray[np.unsignedinteger] | None] = []  # per run (see _fences_of)
        self._run_entries = 0
        # key -> its value, or its values once it has two (an int costs a third of a list)
        self._pending: dict[int, int | list[int]] = {}
        self._pending_count = 0

    def __len__(self) -> int:
        return self._run_entries + self._pending_count

    def add(self, key: int, value: int) -> None:
        self._pend(key, value)
        self._pending_count += 1
        if self._pending_count >= self._pending_limit:
            self._flush()

    def add_many(self, keys: npt.NDArray[np.unsignedinteger], values: list[int]) -> None:
        """:meth:`add` of each (key, value) pair, in order."""
        for key, value in zip(keys.tolist(), values, strict=True):
            self._pend(key, value)
        self._pending_count += len(values)
        if self._pending_count >= self._pending_limit:
            self._flush()

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
        """The values of one key (two binary searches a run, no per-call arrays)."""
        out: list[int] = []
        if self._runs:
            k = self._dtype.type(key)  # a Python int would make numpy cast the whole array
            for keys, vals in self._runs:
                lo = int(keys.searchsorted(k, "left"))
                if lo < len(keys) and keys[lo] == k:
                    out += vals[lo : int(keys.searchsorted(k, "right"))].tolist()
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
        if self._runs:
            k = self._dtype.type(key)
            for keys, _ in self._runs:
                n += int(keys.searchsorted(k, "right")) - int(keys.searchsorted(k, "left"))
        if self._pending:
            held = self._pending.get(key)
            if held is not None:
                n += 1 if isinstance(held, int) else len(held)
        return n

    def counts(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """:meth:`count` of each key, in one vectorised search per run.

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.merge(); m.add(7, 2); m.add(3, 9)
        >>> m.counts(np.array([7, 4, 3], np.uint32)).tolist()
        [2, 0, 1]
        """
        return self.hits(keys, _none)[2]

    def get_many(self, keys: npt.NDArray[np.unsignedinteger]) -> list[list[int]]:
        """The values of each key, in one vectorised search per run."""
        rows, vals, _ = self.hits(keys)
        out: list[list[int]] = [[] for _ in range(len(keys))]
        for row, value in zip(rows.tolist(), vals.tolist(), strict=True):
            out[row].append(value)
        return out

    def hits(
        self,
        keys: npt.NDArray[np.unsignedinteger],
        select: Callable[[npt.NDArray[np.int64]], npt.NDArray[np.bool_]] | None = None,
    ) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
        """Every (position in ``keys``, value) pair as two flat arrays, by position and then in
        insertion order, and how many values each key has. With ``select`` (the keys' counts ->
        which keys to read), only the values of the selected keys are read: the tables are
        searched once, and the values of the others are never touched.

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.merge(); m.add(7, 2); m.add(3, 9)
        >>> [a.tolist() for a in m.hits(np.array([7, 4, 3], np.uint32))]
        [[0, 0, 2], [1, 2, 9], [2, 0, 1]]
        >>> [a.tolist() for a in m.hits(np.array([7, 4, 3], np.uint32), lambda counts: counts <= 1)]
        [[2], [9], [2, 0, 1]]
        """
        n = len(keys)
        counts = np.zeros(n, np.int64)
        spans = []
        if self._runs and n:
            order, ordered = _sorted_keys(keys)
            for (run_keys, run_vals), fences in zip(self._runs, self._fences, strict=True):
                lo, hi = _search(run_keys, keys, order, ordered, fences=fences)
                counts += hi - lo
                spans.append((lo, hi, run_vals))
        pending: list[tuple[int, int]] = []  # (position, value) of recent inserts, after the runs' values
        if self._pending:
            table = self._pending
            for i, key in enumerate(keys.tolist()):  # most keys are not pending
                held = table.get(key)
                if held is not None:
                    if isinstance(held, int):
                        pending.append((i, held))
                    else:
                        pending.extend((i, v) for v in held)
                    counts[i] += 1 if isinstance(held, int) else len(held)
        keep = None if select is None else select(counts)
        if keep is not None and not keep.any():
            return np.empty(0, np.int64), np.empty(0, np.uint32), counts
        row_parts: list[npt.NDArray[np.int64]] = []
        val_parts: list[npt.NDArray[np.uint32]] = []
        for lo, hi, run_vals in spans:
            found = hi - lo
            if keep is not None:
                found = np.where(keep, found, 0)
            total = int(found.sum())
            if not total:
                continue
            rows = np.arange(n).repeat(found)  # array methods: no numpy function dispatch per call
            starts = (lo - found.cumsum() + found).repeat(found)
            row_parts.append(rows)
            val_parts.append(run_vals[starts + np.arange(total)])
        if pending:
            if keep is not None:
                pending = [(i, v) for i, v in pending if keep[i]]
            if pending:
                row_parts.append(np.array([i for i, _ in pending], np.int64))
                val_parts.append(np.array([v for _, v in pending], np.uint32))
        if not row_parts:
            return np.empty(0, np.int64), np.empty(0, np.uint32), counts
        if len(row_parts) == 1:
            return row_parts[0], val_parts[0], counts
        rows_all, vals_all = np.concatenate(row_parts), np.concatenate(val_parts)
        by_row = np.argsort(rows_all, kind="stable")  # older runs first within a position
        return rows_all[by_row], vals_all[by_row], counts

    def first_values(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """The first value of each key (-1 when it has none): ``get_many``'s first values, without
        building a list per key.

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.add(7, 2); m.merge(); m.add(3, 9); m.add(7, 5)
        >>> m.first_values(np.array([7, 4, 3], np.uint32)).tolist()
        [1, -1, 9]
        """
        out = np.full(len(keys), -1, np.int64)
        if self._runs and len(keys):
            order, ordered = _sorted_keys(keys)
            for run_keys, run_vals in self._runs:  # oldest first: the first run holding a key has its first value
                missing = np.flatnonzero(out < 0)
                if not len(missing):
                    break
                if len(missing) < len(keys):
                    hit, at = _first_positions(run_keys, keys[missing], *_sorted_keys(keys[missing]))
                    out[missing[hit]] = run_vals[at[hit]]
                else:
                    hit, at = _first_positions(run_keys, keys, order, ordered)
                    out[hit] = run_vals[at[hit]]
        if self._pending:  # values of the runs come first; pending ones only for keys without
            pending = self._pending
            for i in np.flatnonzero(out < 0).tolist():
                held = pending.get(int(keys[i]))
                if held is not None:
                    out[i] = held if isinstance(held, int) else held[0]
        return out

    def first_many(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """The first value of each key (-1 when it has none)."""
        return self.first_values(keys)

    def merge(self) -> None:
        """Turn pending inserts into a run (bulk callers then search the runs only)."""
        self._flush()

    def first(self, key: int) -> int | None:
        values = self.get(key)
        return values[0] if values else None

    def nbytes(self) -> int:
        """Bytes held by the runs plus an estimate for the pending dict (~100 B an entry)."""
        return sum(int(k.nbytes + v.nbytes) for k, v in self._runs) + 100 * self._pending_count

    def runs(self) -> int:
        """How many sorted runs the table is in (pending inserts aside)."""
        return len(self._runs)

    def drop_values(self, values: npt.NDArray[np.uint32]) -> None:
        """Remove every entry whose value is in ``values`` (forgotten lines)."""
        keys, vals = self._compacted()
        keep = ~np.isin(vals, values)
        self._set_one_run(keys[keep], vals[keep])

    def drop_keys(self, keys: npt.NDArray[np.unsignedinteger]) -> None:
        """Remove every entry whose key is in ``keys``."""
        table_keys, vals = self._compacted()
        keep = ~np.isin(table_keys, keys)
        self._set_one_run(table_keys[keep], vals[keep])

    def pop_first_many(self, keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.int64]:
        """Remove and return the first value of each of the distinct ``keys`` (-1 when it has none).

        >>> m = MultiMap(np.uint32); m.add(7, 1); m.add(7, 2); m.add(3, 9)
        >>> m.pop_first_many(np.array([7, 4, 3], np.uint32)).tolist(), m.get(7), m.get(3)
        ([1, -1, 9], [2], [])
        """
        table_keys, vals = self._compacted()
        out = np.full(len(keys), -1, np.int64)
        if not (len(table_keys) and len(keys)):
            return out
        hit, at = _first_positions(table_keys, keys, *_sorted_keys(keys))
        out[hit] = vals[at[hit]]
        if hit.any():
            self._set_one_run(np.delete(table_keys, at[hit]), np.delete(vals, at[hit]))
        return out

    def items(self) -> tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.uint32]]:
        """Every (key, value) pair as two arrays, sorted by key (values of a key in insertion
        order); the table is compacted into one run on the way."""
        return self._compacted()

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        """The table as two arrays (compacted into one sorted run first), for a checkpoint.

        >>> m = MultiMap(np.uint64); m.add(7, 1); m.add(3, 2)
        >>> again = MultiMap.from_arrays(m.to_arrays(), np.uint64)
        >>> again.get(7), again.get(3)
        ([1], [2])
        """
        keys, vals = self._compacted()
        return {"keys": keys, "values": vals}

    @classmethod
    def from_arrays(
        cls, arrays: Mapping[str, npt.NDArray[np.generic]], key_dtype: type[np.unsignedinteger], pending: int = _PENDING
    ) -> MultiMap:
        """The table :meth:`to_arrays` saved (arrays of the wrong type or length are refused)."""
        table = cls(key_dtype, pending)
        keys, values = arrays["keys"], arrays["values"]
        if keys.dtype != table._dtype or values.dtype != np.uint32 or keys.shape != values.shape or keys.ndim != 1:
            raise ValueError(f"a table of {keys.dtype}/{values.dtype} arrays, not {table._dtype}/uint32 of one length")
        table._set_one_run(keys.astype(table._dtype, copy=False), values.astype(np.uint32, copy=False))
        return table

    def insert_many(self, keys: npt.NDArray[np.unsignedinteger], values: npt.NDArray[np.uint32]) -> None:
        """:meth:`add` of each (key, value) pair in order, as one new run."""
        self._flush()
        self._push(keys.astype(self._dtype, copy=False), values.astype(np.uint32, copy=False))

    # ---- runs ---------------------------------------------------------------------------
    def _flush(self) -> None:
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
        self._push(keys, vals)

    def _push(self, keys: npt.NDArray[np.unsignedinteger], vals: npt.NDArray[np.uint32]) -> None:
        """Add a run of the newest entries (any order of keys), then merge the newest runs while
        the one before the newest is not much larger."""
        if not len(keys):
            return
        order = np.argsort(keys, kind="stable")
        runs, fences = self._runs, self._fences
        runs.append((keys[order], vals[order]))
        fences.append(_fences_of(runs[-1][0]))
        self._run_entries += len(keys)
        while len(runs) > 1 and len(runs[-2][0]) <= _GROWTH * len(runs[-1][0]):
            newer = runs.pop()
            older = runs.pop()
            runs.append(_merged(older, newer))
            del fences[-2:]
            fences.append(_fences_of(runs[-1][0]))

    def _compacted(self) -> tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.uint32]]:
        """Every entry in one run (pending inserts included), which becomes the table."""
        self._flush()
        runs = self._runs
        while len(runs) > 1:
            newer = runs.pop()
            runs.append(_merged(runs.pop(), newer))
        self._fences = [_fences_of(keys) for keys, _ in runs]
        if not runs:
            return np.empty(0, self._dtype), np.empty(0, np.uint32)
        return runs[0]

    def _set_one_run(self, keys: npt.NDArray[np.unsignedinteger], vals: npt.NDArray[np.uint32]) -> None:
        self._runs = [(keys, vals)] if len(keys) else []
        self._fences = [_fences_of(keys)] if len(keys) else []
        self._run_entries = len(keys)


def counted(values: npt.NDArray[np.unsignedinteger]) -> tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.intp]]:
    """``np.unique(values, return_counts=True)`` without its overhead (one sort, one pass).

    >>> [a.tolist() for a in counted(np.array([5, 2, 5, 9, 2, 5], np.uint32))]
    [[2, 5, 9], [2, 3, 1]]
    """
    ordered = np.sort(values)
    if not len(ordered):
        return ordered, np.empty(0, np.intp)
    starts = np.flatnonzero(np.concatenate(([True], ordered[1:] != ordered[:-1])))
    return ordered[starts], np.diff(np.append(starts, len(ordered)))


def _none(counts: npt.NDArray[np.int64]) -> npt.NDArray[np.bool_]:
    return np.zeros(len(counts), bool)


# A run is merged into the one before it while that one holds at most this many times its entries:
# consecutive runs then differ in size by more than this factor.
_GROWTH = 4


def _merged(
    older: tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.uint32]],
    newer: tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.uint32]],
) -> tuple[npt.NDArray[np.unsignedinteger], npt.NDArray[np.uint32]]:
    """Two sorted runs as one; a key's values from ``older`` come before those from ``newer``."""
    # "right": a newer value goes after the values its key already has (insertion order).
    at = np.searchsorted(older[0], newer[0], "right")
    return np.insert(older[0], at, newer[0]), np.insert(older[1], at, newer[1])


def _first_positions(
    table: npt.NDArray[np.unsignedinteger],
    keys: npt.NDArray[np.unsignedinteger],
    order: npt.NDArray[np.intp] | None,
    ordered: npt.NDArray[np.unsignedinteger],
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.intp]]:
    """Which ``keys`` the sorted ``table`` holds, and where each key's first entry is."""
    (at,) = _search(table, keys, order, ordered, sides=("left",))
    inside = at < len(table)
    hit = np.zeros(len(keys), bool)
    hit[inside] = table[at[inside]] == keys[inside]
    return hit, at


# Keys searched at once from which they are searched in sorted order (see _search).
_SORT_SEARCH = 256


def _sorted_keys(
    keys: npt.NDArray[np.unsignedinteger],
) -> tuple[npt.NDArray[np.intp] | None, npt.NDArray[np.unsignedinteger]]:
    """The order that sorts ``keys`` and the sorted keys, for :func:`_search` (None and the keys
    themselves when they are few)."""
    if len(keys) < _SORT_SEARCH:
        return None, keys
    order = np.argsort(keys, kind="stable")
    return order, keys[order]


# A run of this many entries or more keeps every _BLOCK-th key (its fences): a few keys are then
# searched among the fences (small enough to stay in the CPU cache) and within one block of the
# run, not by a binary search through all of it, whose last steps each miss the cache.
_BLOCK = 32
_FENCED = 1 << 16


def _fences_of(keys: npt.NDArray[np.unsignedinteger]) -> npt.NDArray[np.unsignedinteger] | None:
    """The last key of each whole block of a large sorted run (None for a small run)."""
    return keys[_BLOCK - 1 :: _BLOCK].copy() if len(keys) >= _FENCED else None


def _fenced_bounds(
    table: npt.NDArray[np.unsignedinteger],
    fences: npt.NDArray[np.unsignedinteger],
    keys: npt.NDArray[np.unsignedinteger],
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """``np.searchsorted(table, keys, side)`` for both sides: the blocks before the one a key's
    first entry is in all hold smaller keys, so its position is the block's start plus the
    entries of that block below the key; its end is found in the same block unless its entries
    run past it (then by a plain search).

    >>> t = np.repeat(np.arange(0, 300, 3, dtype=np.uint32), 7); k = np.arange(310, dtype=np.uint32)
    >>> lo, hi = _fenced_bounds(t, t[_BLOCK - 1 :: _BLOCK], k)
    >>> bool((lo == t.searchsorted(k, "left")).all() and (hi == t.searchsorted(k, "right")).all())
    True
    """
    n = len(table)
    block_at = fences.searchsorted(keys, "left")
    start = block_at * _BLOCK
    block = table[np.minimum(start[:, None] + _OFFSETS, n - 1)]  # past the end: the last key again
    column = keys[:, None]
    past = np.maximum(start + _BLOCK - n, 0)  # entries read past the end, each the last key
    last = table[n - 1]
    lo: npt.NDArray[np.intp] = start + np.count_nonzero(block < column, axis=1) - past * (last < keys)
    hi: npt.NDArray[np.intp] = start + np.count_nonzero(block <= column, axis=1) - past * (last <= keys)
    beyond = block[:, -1] == keys  # the key's entries may run into the next blocks
    if beyond.any():
        hi[beyond] = table.searchsorted(keys[beyond], "right")
    return lo, hi


_OFFSETS = np.arange(_BLOCK)


def _search(
    table: npt.NDArray[np.unsignedinteger],
    keys: npt.NDArray[np.unsignedinteger],
    order: npt.NDArray[np.intp] | None,
    ordered: npt.NDArray[np.unsignedinteger],
    sides: tuple[str, ...] = ("left", "right"),
    fences: npt.NDArray[np.unsignedinteger] | None = None,
) -> list[npt.NDArray[np.intp]]:
    """``np.searchsorted(table, keys, side)`` per side, with many keys searched in sorted order
    (``order`` and ``ordered`` from :func:`_sorted_keys`): the same positions, but neighbouring
    keys walk the same part of a large table (4x faster for 40,000 keys in 4 million, where
    unsorted keys miss the cache at every step).

    >>> t = np.array([1, 3, 3, 9], np.uint32); k = np.array([9, 0, 3] * 100, np.uint32)
    >>> lo, hi = _search(t, k, *_sorted_keys(k))
    >>> bool((lo == np.searchsorted(t, k, "left")).all() and (hi == np.searchsorted(t, k, "right")).all())
    True
    """
    if order is None:
        if fences is not None and len(keys) and sides == ("left", "right"):  # a few keys in a large run
            return list(_fenced_bounds(table, fences, keys))
        return [table.searchsorted(keys, side) for side in sides]  # type: ignore[call-overload]
    out = []
    for side in sides:
        at = np.empty(len(keys), np.intp)
        at[order] = table.searchsorted(ordered, side)  # type: ignore[call-overload]
        out.append(at)
    return out
