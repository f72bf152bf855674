"""Candidate copy pairs without a row per shared anchor: counted per task, pruned by pigeonhole.

The index's count test needs, per pair (earlier ``e``, later ``d``), the listed anchors they
share plus ``d``'s unlisted ones, at least ``max(2, ceil(story_containment * smaller))``.
Shipping one row per (pair, shared anchor) through a shuffle costs as many rows as the index
has postings hits (30 million on a re-mixed corpus of 4,680 articles). Instead the listed
holders are partitioned by anchor, and each task counts, with numpy, how many of its anchors
each pair of holders shares (its anchors taken in ``_CHUNKS`` chunks, so that the pairs of only
one chunk are listed at a time, the counts summed over the chunks). A pair whose total reaches
the bar shares at least ``ceil(bar / tasks)`` anchors in one task (pigeonhole), so only the pairs
reaching that in some task leave it. Their true shared anchors are then counted exactly
(:mod:`dedup.spark.stories`); the result is a superset of the pairs the index's prefilter passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt

from ..config import Config

__all__ = ["CANDIDATES", "seed_pairs"]

CANDIDATES = "e long, d long"
# Anchor chunks per task: bounds a task's pair list (the pairs of 1/_CHUNKS of its anchors at a time).
_CHUNKS = 8
_Longs = npt.NDArray[np.int64]
# Pair counts of several chunks are summed once they outnumber the running sums by this many.
_MERGE_AT = 1 << 22


def seed_pairs(batches: Iterable[Any], tasks: int, config: Config) -> Iterator[Any]:
    """mapInArrow over one partition of listed holders (``anchor``, ``art``, ``rn``, ``n``:
    the article's distinct anchors, ``u``: its unlisted ones), sorted by (anchor, rn): the pairs
    (earlier, later) that may pass the count test."""
    import pyarrow as pa

    cols: dict[str, list[Any]] = {k: [] for k in ("anchor", "art", "rn", "n", "u")}
    for batch in batches:
        for k in cols:
            cols[k].append(batch.column(k).to_numpy())
    if not cols["art"] or not sum(len(x) for x in cols["art"]):
        return
    anchor, art, rn, n, u = (np.concatenate(cols[k]) for k in ("anchor", "art", "rn", "n", "u"))
    arts, local = np.unique(art, return_inverse=True)
    size = np.zeros(len(arts), np.int64)
    size[local] = n
    unlisted = np.zeros(len(arts), np.int64)
    unlisted[local] = u
    order = np.lexsort((rn, anchor))
    anchor, local = anchor[order], local[order]
    # Anchors are hashes sampled by their value modulo the anchor rate: mixed before chunking.
    chunk = ((anchor.astype(np.int64) & 0xFFFFFFFF) * 0x9E3779B1 & 0xFFFFFFFF) % _CHUNKS
    keys, counts = np.zeros(0, np.int64), np.zeros(0, np.int64)
    pending: list[tuple[_Longs, _Longs]] = []
    for c in range(_CHUNKS):
        mine = np.flatnonzero(chunk == c)
        if len(mine) >= 2:
            pending.append(_pairs(anchor[mine], local[mine]))
        if c == _CHUNKS - 1 or sum(len(k) for k, _ in pending) > len(keys) + _MERGE_AT:
            keys, counts = _merge([(keys, counts), *pending])
            pending = []
    if not len(keys):
        return
    e, d = keys // (1 << 31), keys % (1 << 31)
    small = np.minimum(size[e], size[d])
    bar = np.maximum(2, np.ceil(config.story_containment * small - 1e-6)) - unlisted[d]
    keep = counts >= np.maximum(1, np.ceil(bar / tasks))
    yield pa.RecordBatch.from_pydict({"e": pa.array(arts[e[keep]]), "d": pa.array(arts[d[keep]])})


def _merge(parts: list[tuple[_Longs, _Longs]]) -> tuple[_Longs, _Longs]:
    """Sets of (pair key, count), summed per key."""
    keys = np.concatenate([k for k, _ in parts])
    counts = np.concatenate([c for _, c in parts])
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.zeros(0, np.int64)
    return keys[starts], np.add.reduceat(counts, starts) if len(keys) else counts


def _pairs(anchor: npt.NDArray[np.int32], holder: _Longs) -> tuple[_Longs, _Longs]:
    """(pair keys: earlier * 2**31 + later, anchors shared) of every pair of holders of one
    anchor, counted over the anchors given (rows grouped by anchor, each group in learning order)."""
    starts = np.flatnonzero(np.concatenate(([True], anchor[1:] != anchor[:-1])))
    sizes = np.diff(np.append(starts, len(anchor)))
    found: list[npt.NDArray[np.int64]] = []
    for g in np.unique(sizes[sizes > 1]).tolist():
        members = holder[starts[sizes == g][:, None] + np.arange(g)]
        x, y = np.triu_indices(g, k=1)
        found.append(members[:, x].ravel() * (1 << 31) + members[:, y].ravel())
    if not found:
        empty = np.zeros(0, np.int64)
        return empty, empty
    keys, counts = np.unique(np.concatenate(found), return_counts=True)
    return keys, counts.astype(np.int64)
