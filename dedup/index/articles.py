"""The articles an index holds: id, outlet, publication time, and whether forgotten.

Articles are numbered in the order they are learned; the number is their row in every per-article
table of the index (their lines in :mod:`dedup.index.postings`, their story in
:mod:`dedup.index.stories`).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Mapping
from typing import Any

import numpy as np
import numpy.typing as npt

from .lists import StrList

__all__ = ["Articles"]


class Articles:
    """Per article: its id, outlet number, ``published`` as given, timestamp (``inf``: undated),
    and a flag once forgotten. Forgotten articles keep their row (their number stays taken) but
    leave :attr:`num`.

    >>> a = Articles(); a.add("x1", "example.com", None, None), a.add("x2", "", "2018-07-16", 1.5)
    (0, 1)
    >>> a.outlets, a.num["x2"], a.stamp[0]
    (['example.com', ''], 1, inf)
    """

    def __init__(self) -> None:
        self.num: dict[str, int] = {}  # id -> number, for the articles held
        self.ids: list[str] = []
        self.outlet = array("I")
        self.published = StrList()  # as given (ISO), None: undated
        self.stamp = array("d")  # UTC timestamp, inf: undated
        self.dead = bytearray()  # 1 once forgotten
        self.outlets: list[str] = []
        self._outlet_num: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def add(self, doc_id: str, source: str, published: str | None, stamp: float | None) -> int:
        """Append an article; returns its number."""
        d = len(self.ids)
        self.num[doc_id] = d
        self.ids.append(doc_id)
        self.outlet.append(self.outlet_number(source, create=True))
        self.published.append(published)
        self.stamp.append(math.inf if stamp is None else stamp)
        self.dead.append(0)
        return d

    def outlet_number(self, source: str, *, create: bool = False) -> int:
        """The number of an outlet (-1 when unknown and not ``create``)."""
        num = self._outlet_num.get(source)
        if num is None:
            if not create:
                return -1
            num = self._outlet_num[source] = len(self.outlets)
            self.outlets.append(source)
        return num

    def forget(self, d: int) -> None:
        self.dead[d] = 1
        del self.num[self.ids[d]]

    def nbytes(self) -> int:
        return self.published.nbytes() + 16 * len(self.ids) + len(self.dead)

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> tuple[dict[str, npt.NDArray[np.generic]], dict[str, Any]]:
        arrays: dict[str, npt.NDArray[np.generic]] = {
            "outlet": np.frombuffer(self.outlet, np.uint32),
            "stamp": np.frombuffer(self.stamp, np.float64),
            "dead": np.frombuffer(self.dead, np.uint8),
            **{f"published.{k}": v for k, v in self.published.to_arrays().items()},
        }
        return arrays, {"ids": self.ids, "outlets": self.outlets}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]], meta: Mapping[str, Any]) -> Articles:
        """The articles :meth:`to_arrays` saved.

        >>> a = Articles(); _ = a.add("x1", "example.com", "2018-07-16", 1.5); a.forget(0)
        >>> b = Articles.from_arrays(*a.to_arrays()); b.ids, b.num, b.outlets, b.published[0]
        (['x1'], {}, ['example.com'], '2018-07-16')
        """
        out = cls()
        ids, outlets = meta["ids"], meta["outlets"]
        if not (isinstance(ids, list) and isinstance(outlets, list)):
            raise ValueError("article ids and outlets must be lists")
        out.ids = [str(x) for x in ids]
        out.outlets = [str(x) for x in outlets]
        out._outlet_num = {name: k for k, name in enumerate(out.outlets)}
        out.outlet = array("I", _flat(arrays["outlet"], np.uint32, len(ids)).tobytes())
        out.stamp = array("d", _flat(arrays["stamp"], np.float64, len(ids)).tobytes())
        out.dead = bytearray(_flat(arrays["dead"], np.uint8, len(ids)).tobytes())
        out.published = StrList.from_arrays(
            {k[len("published.") :]: v for k, v in arrays.items() if k.startswith("published.")}
        )
        if len(out.published) != len(ids) or (len(out.outlet) and max(out.outlet) >= len(out.outlets)):
            raise ValueError("article tables of different lengths")
        out.num = {doc_id: d for d, doc_id in enumerate(out.ids) if not out.dead[d]}
        return out


def _flat(values: npt.NDArray[np.generic], dtype: type[np.generic], n: int) -> npt.NDArray[np.generic]:
    if values.dtype != np.dtype(dtype) or values.shape != (n,):
        raise ValueError(f"an array of {values.dtype}{values.shape} where {np.dtype(dtype)}[{n}] was expected")
    return values
