"""The rule the Spark job's line clusters rely on (dedup/spark/clusters.py): once every article is
learned, the index's line clusters are the connected components of "agrees in at least
min_agreeing_bands bands" over the distinct lines, whatever the learning order, one article at a
time or in bulk."""

from __future__ import annotations

from itertools import combinations

import numpy as np
from hypothesis import given

from dedup import Config
from dedup.decisions import min_agreeing_bands
from dedup.index.records import DocRecord
from dedup.index.state import IndexState
from tests.strategies import band_corpora


def record(n: int, keys: list[int], bands: dict[int, tuple[int, ...]]) -> DocRecord:
    return DocRecord(
        doc_id=f"d{n}",
        source="",
        published=None,
        keys=np.array(keys, np.uint64),
        bands=np.array([bands[k] for k in keys], np.uint32).reshape(len(keys), 8),
        words=np.full(len(keys), 5, np.uint16),
        texts=("",) * len(keys),
        anchors=np.zeros(0, np.uint32),
        text_key=0,
    )


def components(bands: dict[int, tuple[int, ...]], keys: set[int], need: int) -> set[frozenset[int]]:
    parent = {k: k for k in keys}

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    for a, b in combinations(sorted(keys), 2):
        if sum(x == y for x, y in zip(bands[a], bands[b], strict=True)) >= need:
            parent[find(a)] = find(b)
    groups: dict[int, set[int]] = {}
    for k in keys:
        groups.setdefault(find(k), set()).add(k)
    return {frozenset(g) for g in groups.values()}


def index_clusters(state: IndexState) -> set[frozenset[int]]:
    """The index's clusters, as sets of line ids."""
    groups: dict[int, set[int]] = {}
    for line in range(len(state.clusters)):
        groups.setdefault(state.clusters.find(line), set()).add(line)
    return {frozenset(g) for g in groups.values()}


@given(band_corpora())
def test_line_clusters_are_the_components_of_agreeing_lines_in_any_order(
    corpus: tuple[dict[int, tuple[int, ...]], list[list[int]]],
) -> None:
    bands, docs = corpus
    config = Config()
    need = min_agreeing_bands(config)
    held = {k for doc in docs for k in doc}
    want = components(bands, held, need)
    for order in (docs, docs[::-1]):
        for bulk in (False, True):
            state = IndexState(config)
            recs = [record(n, keys, bands) for n, keys in enumerate(order)]
            if bulk:
                state.apply_many(recs)
            else:
                for rec in recs:
                    state.apply(rec)
            line_key: dict[int, int] = {}
            for rec, nums in zip(recs, [state.clusters.known_lines(r) for r in recs], strict=True):
                line_key.update(zip(nums, rec.keys.tolist(), strict=True))
            got = {frozenset(line_key[line] for line in group) for group in index_clusters(state)}
            assert got == want
