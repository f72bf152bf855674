"""Compact growing containers for the in-memory index, one flat buffer each instead of a
Python object per item: integer lists (an article's lines), texts by key (recurring lines) and
optional strings (publication times).
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping

import numpy as np
import numpy.typing as npt

from .tables import SMALL_PENDING, MultiMap

__all__ = ["FlatLists", "StrList", "TextStore", "groups_from_arrays", "groups_to_arrays"]


class FlatLists:
    """A growing list of integer lists (per article: its line ids) in one flat ``array('I')``
    plus offsets: 4 bytes a value and 8 an item, not a Python object per item.

    >>> f = FlatLists(); f.append([4, 5]); f.append([]); f.append([6])
    >>> [f[i] for i in range(len(f))]
    [[4, 5], [], [6]]
    >>> f.clear_many([0]); [f[i] for i in range(len(f))]
    [[], [], [6]]
    """

    def __init__(self) -> None:
        self._values = array("I")
        self._starts = array("Q", [0])

    def __len__(self) -> int:
        return len(self._starts) - 1

    def append(self, values: Iterable[int]) -> None:
        self._values.extend(values)
        self._starts.append(len(self._values))

    def __getitem__(self, i: int) -> list[int]:
        return self._values[self._starts[i] : self._starts[i + 1]].tolist()

    def sizes(self, items: npt.NDArray[np.integer]) -> npt.NDArray[np.int64]:
        """``len(self[i])`` of each item, without reading the values.

        >>> f = FlatLists(); f.append([4, 5]); f.append([]); f.append([6])
        >>> f.sizes(np.array([2, 0, 1])).tolist()
        [1, 2, 0]
        """
        starts = np.frombuffer(self._starts, np.uint64)  # a view: gone before the table grows again
        sizes: npt.NDArray[np.int64] = (starts[items + 1] - starts[items]).astype(np.int64)
        return sizes

    def gather(self, items: list[int]) -> tuple[npt.NDArray[np.uint32], npt.NDArray[np.int64]]:
        """The values of the given items, concatenated, and for each value the position in
        ``items`` of the item it belongs to (copies: the table may grow afterwards).

        >>> f = FlatLists(); f.append([4, 5]); f.append([]); f.append([6])
        >>> values, owners = f.gather([2, 0]); values.tolist(), owners.tolist()
        ([6, 4, 5], [0, 1, 1])
        """
        starts = np.frombuffer(self._starts, np.uint64)
        first = starts[items].astype(np.int64)
        end = starts[np.asarray(items, np.int64) + 1].astype(np.int64)
        sizes = end - first
        owners = np.repeat(np.arange(len(items), dtype=np.int64), sizes)
        # each value's offset: its item's start, plus its rank inside the item
        ranks = np.arange(len(owners), dtype=np.int64) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        values = np.frombuffer(self._values, np.uint32)[first[owners] + ranks]
        return values, owners

    def clear_many(self, items: Iterable[int]) -> None:
        """Empty the given items and free their values (one compaction pass over the buffer)."""
        starts = np.array(self._starts, np.int64)
        sizes = np.diff(starts)
        keep_item = np.ones(len(sizes), bool)
        keep_item[np.fromiter(items, np.int64)] = False
        values = np.array(self._values, np.uint32)[np.repeat(keep_item, sizes)]
        sizes[~keep_item] = 0
        self._values = _u32_array(values)
        self._starts = _u64_array(np.concatenate(([0], np.cumsum(sizes))))

    def nbytes(self) -> int:
        return self._values.itemsize * len(self._values) + self._starts.itemsize * len(self._starts)

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {"values": np.frombuffer(self._values, np.uint32), "starts": np.frombuffer(self._starts, np.uint64)}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> FlatLists:
        """The lists :meth:`to_arrays` saved.

        >>> f = FlatLists(); f.append([4, 5]); f.append([6])
        >>> [FlatLists.from_arrays(f.to_arrays())[i] for i in range(2)]
        [[4, 5], [6]]
        """
        out = cls()
        out._values = _u32_array(_checked(arrays["values"], np.uint32))
        out._starts = _u64_array(_checked(arrays["starts"], np.uint64))
        if not len(out._starts) or out._starts[-1] != len(out._values):
            raise ValueError("list offsets that do not end at the values' end")
        return out


class TextStore:
    """Texts of some integer keys (recurring lines) as UTF-8 in one buffer: a sorted table of
    key -> slot and an offset per slot, instead of a dict of ``str`` (~100 bytes an entry).

    >>> t = TextStore(); t.add(9, "Donate now"); t.add(2, "Café")
    >>> t.get(2), t.get(9), t.get(5)
    ('Café', 'Donate now', None)
    >>> t.discard_many([9]); t.get(9), t.get(2)
    (None, 'Café')
    """

    def __init__(self) -> None:
        self._slots = MultiMap(np.uint32, SMALL_PENDING)
        self._buf = bytearray()
        self._starts = array("Q", [0])  # slot -> start in the buffer; slot k ends where k + 1 starts
        self._garbage = 0  # bytes of discarded texts still in the buffer

    def __len__(self) -> int:
        return len(self._slots)

    def add(self, key: int, text: str) -> None:
        """Keep ``text`` for ``key`` (a key is added once: the caller tracks which it holds)."""
        self._slots.add(key, len(self._starts) - 1)
        self._buf += text.encode("utf-8")
        self._starts.append(len(self._buf))

    def get(self, key: int) -> str | None:
        slot = self._slots.first_values(np.array([key], np.uint32))[0]
        if slot < 0:
            return None
        return self._buf[self._starts[slot] : self._starts[slot + 1]].decode("utf-8")

    def discard_many(self, keys: Iterable[int]) -> None:
        """Forget the texts of ``keys``; the buffer is compacted once half of it is garbage."""
        gone = np.fromiter(keys, np.uint32)
        if not len(gone):
            return
        starts = self._starts
        for slot in self._slots.first_values(gone).tolist():
            if slot >= 0:
                self._garbage += starts[slot + 1] - starts[slot]
        self._slots.drop_keys(gone)
        if self._garbage * 2 > len(self._buf):
            self._compact()

    def _compact(self) -> None:
        keys, slots = self._slots.items()
        buf, starts = bytearray(), array("Q", [0])
        old_buf, old_starts = self._buf, self._starts
        for slot in slots.tolist():
            buf += old_buf[old_starts[slot] : old_starts[slot + 1]]
            starts.append(len(buf))
        self._slots = MultiMap(np.uint32, SMALL_PENDING)
        self._slots.insert_many(keys, np.arange(len(keys), dtype=np.uint32))
        self._buf, self._starts, self._garbage = buf, starts, 0

    def nbytes(self) -> int:
        return self._slots.nbytes() + len(self._buf) + self._starts.itemsize * len(self._starts)

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        self._compact()
        keys, slots = self._slots.items()
        return {
            "keys": keys,
            "slots": slots,
            "text": np.frombuffer(self._buf, np.uint8),
            "starts": np.frombuffer(self._starts, np.uint64),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> TextStore:
        """The texts :meth:`to_arrays` saved.

        >>> t = TextStore(); t.add(9, "Donate now"); t.add(2, "Café"); t.discard_many([9])
        >>> again = TextStore.from_arrays(t.to_arrays()); again.get(2), again.get(9)
        ('Café', None)
        """
        out = cls()
        out._slots = MultiMap.from_arrays({"keys": arrays["keys"], "values": arrays["slots"]}, np.uint32, SMALL_PENDING)
        out._buf = bytearray(_checked(arrays["text"], np.uint8).tobytes())
        out._starts = _u64_array(_checked(arrays["starts"], np.uint64))
        if not len(out._starts) or out._starts[-1] != len(out._buf):
            raise ValueError("text offsets that do not end at the buffer's end")
        return out


class StrList:
    """A growing list of optional strings (per article: its published time) as UTF-8 in one
    buffer plus offsets, instead of a ``str`` object (~50 bytes of overhead) per item.

    >>> s = StrList(); s.append("2026-11-25T10:00:00+00:00"); s.append(None); s.append("été")
    >>> s[0], s[1], s[2], len(s)
    ('2026-11-25T10:00:00+00:00', None, 'été', 3)
    """

    def __init__(self) -> None:
        self._buf = bytearray()
        self._starts = array("Q", [0])
        self._none = bytearray()  # item -> 1 when it is None

    def __len__(self) -> int:
        return len(self._none)

    def append(self, text: str | None) -> None:
        if text is not None:
            self._buf += text.encode("utf-8")
        self._starts.append(len(self._buf))
        self._none.append(text is None)

    def __getitem__(self, i: int) -> str | None:
        if self._none[i]:
            return None
        return self._buf[self._starts[i] : self._starts[i + 1]].decode("utf-8")

    def nbytes(self) -> int:
        return len(self._buf) + self._starts.itemsize * len(self._starts) + len(self._none)

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {
            "text": np.frombuffer(self._buf, np.uint8),
            "starts": np.frombuffer(self._starts, np.uint64),
            "none": np.frombuffer(self._none, np.uint8),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> StrList:
        """The strings :meth:`to_arrays` saved.

        >>> s = StrList(); s.append("été"); s.append(None)
        >>> again = StrList.from_arrays(s.to_arrays()); again[0], again[1]
        ('été', None)
        """
        out = cls()
        out._buf = bytearray(_checked(arrays["text"], np.uint8).tobytes())
        out._starts = _u64_array(_checked(arrays["starts"], np.uint64))
        out._none = bytearray(_checked(arrays["none"], np.uint8).tobytes())
        if len(out._starts) != len(out._none) + 1 or out._starts[-1] != len(out._buf):
            raise ValueError("string offsets that do not fit the buffer")
        return out


def _u32_array(values: npt.NDArray[np.integer]) -> array[int]:
    out = array("I")
    out.frombytes(values.astype(np.uint32).tobytes())
    return out


def _u64_array(values: npt.NDArray[np.integer]) -> array[int]:
    out = array("Q")
    out.frombytes(values.astype(np.uint64).tobytes())
    return out


def _checked(values: npt.NDArray[np.generic], dtype: type[np.integer]) -> npt.NDArray[np.integer]:
    """``values`` if it is a flat array of ``dtype``; a checkpoint of another layout is refused."""
    if values.dtype != np.dtype(dtype) or values.ndim != 1:
        raise ValueError(f"an array of {values.dtype} where {np.dtype(dtype)} was expected")
    return values.astype(dtype, copy=False)


def groups_to_arrays(groups: dict[int, list[int]]) -> dict[str, npt.NDArray[np.generic]]:
    """A dict of int -> int lists (cluster or story members) as three flat arrays, for a checkpoint.

    >>> groups_from_arrays(groups_to_arrays({5: [5, 9], 2: [2, 3, 4]})), groups_from_arrays(groups_to_arrays({}))
    ({2: [2, 3, 4], 5: [5, 9]}, {})
    """
    keys = sorted(groups)
    return {
        "keys": np.array(keys, np.uint32),
        "sizes": np.array([len(groups[k]) for k in keys], np.uint64),
        "values": np.array([v for k in keys for v in groups[k]], np.uint32),
    }


def groups_from_arrays(arrays: Mapping[str, npt.NDArray[np.generic]]) -> dict[int, list[int]]:
    """The dict :func:`groups_to_arrays` saved."""
    keys = _checked(arrays["keys"], np.uint32).tolist()
    sizes = _checked(arrays["sizes"], np.uint64).astype(np.int64)
    values = _checked(arrays["values"], np.uint32).tolist()
    if len(sizes) != len(keys) or int(sizes.sum()) != len(values):
        raise ValueError("grouped lists whose sizes do not add up")
    ends = np.cumsum(sizes).tolist()
    starts = [0, *ends[:-1]] if ends else []
    return {k: values[a:b] for k, a, b in zip(keys, starts, ends, strict=True)}
