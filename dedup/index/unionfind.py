"""Disjoint sets over 0..n-1 whose roots are their smallest members (order-independent)."""

from __future__ import annotations

from array import array
from collections.abc import Mapping

import numpy as np
import numpy.typing as npt

__all__ = ["UnionFind"]


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

    def find_many(self, xs: npt.NDArray[np.integer]) -> npt.NDArray[np.uint32]:
        """:meth:`find` of each of ``xs`` at once (paths are followed, not shortened).

        >>> uf = UnionFind(); uf.make_many(5); uf.union(4, 3), uf.union(3, 1)
        0
        (3, 1)
        >>> uf.find_many(np.array([4, 2, 1])).tolist()
        [1, 2, 1]
        """
        parent = np.frombuffer(self._parent, np.uint32)
        roots: npt.NDArray[np.uint32] = parent[xs]
        while True:
            up: npt.NDArray[np.uint32] = parent[roots]
            if np.array_equal(up, roots):
                return roots
            roots = up

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

    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {"parents": np.frombuffer(self._parent, np.uint32)}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, npt.NDArray[np.generic]]) -> UnionFind:
        """The sets :meth:`to_arrays` saved.

        >>> uf = UnionFind(); uf.make_many(3); uf.union(2, 1)
        0
        1
        >>> UnionFind.from_arrays(uf.to_arrays()).find(2)
        1
        """
        parents = arrays["parents"]
        if parents.dtype != np.uint32 or parents.ndim != 1 or (len(parents) and int(parents.max()) >= len(parents)):
            raise ValueError("a union-find parent array out of range")
        out = cls()
        out._parent = array("I", parents.tobytes())
        return out
