"""Forgetting: the index keeps the articles published at most ``retention_days`` before the newest
article it holds, so a long-running index stays bounded.

An article older than that is dead at once: never evidence, a candidate copy or a cluster member
again; and so is a line once every article holding it is dead (a new identical or similar line is
a new line). Dead articles are dropped in batches, which frees their postings, copy links and the
lines no live article holds; dropping changes no result, only memory.
"""

from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from .decisions import retention_seconds

if TYPE_CHECKING:
    from .state import IndexState

__all__ = ["Forgetting"]

# Forgotten articles are dropped in batches of at least this many (and 5% of the index).
_MIN_FORGET_BATCH = 256


class Forgetting:
    """The dated articles by time, the newest date learned, and the dead articles not dropped yet."""

    def __init__(self, state: IndexState) -> None:
        self._s = state
        self.retention = retention_seconds(state.config)
        self.by_time: list[int] = []  # heap of time_key(published timestamp, article)
        self.newest: float | None = None
        self.doomed: list[int] = []  # dead articles whose postings are not dropped yet

    def too_old(self, stamp: float | None) -> bool:
        """An article stamped ``stamp`` is older than what the index keeps (it is not learned)."""
        return (
            stamp is not None
            and self.retention is not None
            and self.newest is not None
            and stamp < self.newest - self.retention
        )

    def batch_forgets(self, stamps: list[float | None]) -> bool:
        """Learning articles of these stamps would reject or forget one (the bulk path then steps
        aside for the one-at-a-time path)."""
        dated = [t for t in stamps if t is not None]
        if self.retention is None or not dated:
            return False
        newest = max(dated) if self.newest is None else max(self.newest, *dated)
        oldest = min(dated) if not self.by_time else min(stamp_of(self.by_time[0]), *dated)
        return oldest < newest - self.retention

    def learned(self, d: int, stamp: float | None) -> None:
        """Article ``d`` stamped ``stamp`` was learned: forget what is now too old."""
        if stamp is None:
            return
        heapq.heappush(self.by_time, time_key(stamp, d))
        if self.newest is None or stamp > self.newest:
            self.newest = stamp
            self._expire()

    def _expire(self) -> None:
        if self.retention is None or self.newest is None:
            return
        s = self._s
        cutoff = self.newest - self.retention
        while self.by_time and stamp_of(self.by_time[0]) < cutoff:
            d = heapq.heappop(self.by_time) & 0xFFFFFFFF
            s.articles.forget(d)
            self.doomed.append(d)
            s.spreads.forget_article(d)
            s.stories.forget_caches()
            s.clusters.dead.update(
                line for line in s.postings.lines_of(d) if not s.postings.held_by_live(line, s.articles.dead)
            )
        if len(self.doomed) >= max(_MIN_FORGET_BATCH, len(s.articles.num) // 20):
            self._drop(self.doomed)
            self.doomed = []

    def _drop(self, docs: list[int]) -> None:
        """Free what dead articles held: postings, copy links, and lines no live article has."""
        s = self._s
        orphans = s.postings.drop(docs)
        s.stories.drop(docs)
        if orphans:
            s.clusters.drop(orphans)

    def lasting_after(self, newest: float) -> float:
        """The earliest stamp an article must have to still be held once the index has learned
        articles up to ``newest`` (a record prepared now must not count a line as known when every
        article holding it will be forgotten before the record is learned)."""
        assert self.retention is not None
        return max(newest, self.newest if self.newest is not None else newest) - self.retention + 1.0

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        keys = sorted(self.by_time)
        return {
            "by_time_micros": np.array([k >> 32 for k in keys], np.int64),
            "by_time_article": np.array([k & 0xFFFFFFFF for k in keys], np.uint32),
            "newest": np.array([] if self.newest is None else [self.newest], np.float64),
            "doomed": np.array(self.doomed, np.uint32),
        }

    def restore(self, arrays: dict[str, npt.NDArray[np.generic]]) -> None:
        """Load what :meth:`to_arrays` saved (a sorted list is a heap)."""
        self.by_time = [
            int(t) << 32 | int(d)
            for t, d in zip(arrays["by_time_micros"].tolist(), arrays["by_time_article"].tolist(), strict=True)
        ]
        newest = arrays["newest"].tolist()
        self.newest = float(newest[0]) if newest else None
        self.doomed = [int(d) for d in arrays["doomed"].tolist()]


def time_key(stamp: float, d: int) -> int:
    """A heap entry ordered as (stamp, d) is, in one int (a third of a tuple's memory).

    Timestamps of datetimes are whole microseconds over 10**6, so ``stamp_of`` gives back the
    very same float.

    >>> stamp_of(time_key(1764067200.123456, 7)), time_key(1.5, 7) & 0xFFFFFFFF
    (1764067200.123456, 7)
    """
    return round(stamp * 1_000_000) << 32 | d


def stamp_of(key: int) -> float:
    return (key >> 32) / 1_000_000
