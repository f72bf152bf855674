"""Forgetting, on request: ``Index.forget(before=...)`` drops the articles published before a date
(their postings, anchors, copy links, and the lines no other article holds), so a long-running
index stays as large as the span of time its owner wants it to cover.

The index never forgets by itself: no article's date moves what another article is compared
with. A forget request is a record of the log, so every process replaying it forgets at the same
point; an article cleaned afterwards whose date could have matched forgotten ones says so in its
result (``CleanResult.outside_window.forgotten_before``).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from .state import IndexState

__all__ = ["Forgetting"]


class Forgetting:
    """The forget requests applied: the latest cutoff, and how many articles were forgotten."""

    def __init__(self, state: IndexState) -> None:
        self._s = state
        self.before: float | None = None  # articles stamped before this were forgotten
        self.forgotten = 0

    def forget_before(self, cutoff: float) -> int:
        """Forget every dated article stamped before ``cutoff`` (UTC seconds); returns how many."""
        s = self._s
        a = s.articles
        stamps = np.frombuffer(a.stamp, np.float64)
        dead = np.frombuffer(a.dead, np.uint8)
        old = np.flatnonzero(np.isfinite(stamps) & (stamps < cutoff) & (dead == 0)).tolist()
        self.before = cutoff if self.before is None else max(self.before, cutoff)
        if not old:
            return 0
        for d in old:
            a.forget(d)
            s.spreads.forget_article(d)
        self.forgotten += len(old)
        orphans = s.postings.drop(old)  # lines no live article holds any more
        s.stories.drop(old)
        if orphans:
            s.clusters.drop(orphans)
        return len(old)

    def limits(self, stamp: float, reach_days: float | None) -> bool:
        """Whether an article stamped ``stamp`` (``inf``: undated) might have been compared with
        forgotten articles: some were forgotten, and one of them could lie within ``reach_days`` of
        it (None: any distance counts)."""
        if self.before is None or not self.forgotten:
            return False
        if math.isinf(stamp) or reach_days is None:
            return True
        return stamp - reach_days * 86400 < self.before

    # ---- checkpoint -------------------------------------------------------------------
    def to_arrays(self) -> dict[str, npt.NDArray[np.generic]]:
        return {
            "before": np.array([] if self.before is None else [self.before], np.float64),
            "forgotten": np.array([self.forgotten], np.int64),
        }

    def restore(self, arrays: dict[str, npt.NDArray[np.generic]]) -> None:
        before = arrays["before"].tolist()
        self.before = float(before[0]) if before else None
        self.forgotten = int(arrays["forgotten"][0])
