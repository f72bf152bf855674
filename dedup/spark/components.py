"""Connected components of a graph held as a DataFrame of edges, for the line clusters and the
stories of the Spark job.

A graph of at most ``local_limit`` edges is solved in one task with union-find (its memory is
bounded by that limit). A larger one runs the alternating large-star / small-star algorithm of
Kiveris et al. ("Connected Components in MapReduce and Beyond", SoCC 2014), each step a
group-by (aggregated on the map side) and a join against one row per node (which Spark's
adaptive execution splits when a node is hot), never a group held whole; it converges in
O(log^2 n) rounds, and stops with an error that names the rounds if it has not after
``max_rounds``. Either way each node's label is the smallest node of its component.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import DedupError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["Components", "ComponentsDidNotConverge", "connected_components"]

LABELS = "node long, label long"


class ComponentsDidNotConverge(DedupError, RuntimeError):
    """The components loop ran out of rounds: a bug, or a graph far beyond what was tested."""


@dataclass(frozen=True, slots=True)
class Components:
    """The labels (``node``, ``label``: the smallest node of its component), the edges given, and
    the rounds run (0: solved in one task)."""

    labels: DataFrame
    edges: int
    rounds: int


def connected_components(edges: DataFrame, local_limit: int, max_rounds: int = 40) -> Components:
    """Components of the undirected graph of ``edges`` (columns ``a``, ``b``: longs); nodes
    without edges are not listed. ``edges`` is materialised here; the labels are persisted."""
    from pyspark.sql import functions as F

    e = edges.select(F.least("a", "b").alias("src"), F.greatest("a", "b").alias("dst"))
    e = e.where(F.col("src") != F.col("dst")).distinct().localCheckpoint()
    n = e.count()
    if n <= local_limit:
        labels = e.repartition(1).mapInArrow(_union_find, LABELS).localCheckpoint()
        return Components(labels, n, 0)
    rounds = 0
    while True:
        rounds += 1
        if rounds > max_rounds:
            raise ComponentsDidNotConverge(
                f"connected components did not converge in {max_rounds} rounds ({n} edges): "
                "please report this with the corpus's size"
            )
        e = _small_star(_large_star(e)).localCheckpoint()
        if _is_star_forest(e):
            break
    centers = e.select(F.col("src").alias("node"), F.col("src").alias("label")).distinct()
    labels = e.select(F.col("dst").alias("node"), F.col("src").alias("label")).unionByName(centers)
    return Components(labels.localCheckpoint(), n, rounds)


def _large_star(e: DataFrame) -> DataFrame:
    """Edges (src < dst) -> every strictly larger neighbour of a node joined to the node's
    smallest neighbour (itself included): edges (src > dst)."""
    from pyspark.sql import functions as F

    both = e.select("src", "dst").unionByName(e.select(F.col("dst").alias("src"), F.col("src").alias("dst")))
    least = both.groupBy("src").agg(F.min("dst").alias("m")).select("src", F.least("src", "m").alias("m"))
    return e.join(least, "src").select(F.col("dst").alias("src"), F.col("m").alias("dst")).distinct()


def _small_star(e: DataFrame) -> DataFrame:
    """Edges (src > dst) -> every smaller neighbour of a node, and the node, joined to its
    smallest neighbour: edges (src < dst)."""
    from pyspark.sql import functions as F

    least = e.groupBy("src").agg(F.min("dst").alias("m"))
    joined = e.join(least, "src").select(F.col("m").alias("src"), "dst").where(F.col("src") != F.col("dst"))
    return joined.unionByName(least.select(F.col("m").alias("src"), F.col("src").alias("dst"))).distinct()


def _is_star_forest(e: DataFrame) -> bool:
    """Every node is a centre or a leaf of one centre (the fixed point of both steps)."""
    from pyspark.sql import functions as F

    roles = e.select(F.col("dst").alias("node"), F.lit(1).alias("leaf")).unionByName(
        e.select(F.col("src").alias("node"), F.lit(0).alias("leaf"))
    )
    per = roles.groupBy("node").agg(F.sum("leaf").alias("leaf"), F.min("leaf").alias("centre"))
    bad = per.where((F.col("leaf") > 1) | ((F.col("leaf") >= 1) & (F.col("centre") == 0)))
    return not bad.limit(1).collect()


def _union_find(batches: Iterable[Any]) -> Iterator[Any]:
    """mapInArrow over one partition holding every edge: (node, smallest node of its component)."""
    import numpy as np
    import pyarrow as pa

    src: list[Any] = []
    dst: list[Any] = []
    for batch in batches:
        src.append(batch.column(0).to_numpy())
        dst.append(batch.column(1).to_numpy())
    if not src:
        return
    a, b = np.concatenate(src), np.concatenate(dst)
    nodes, inverse = np.unique(np.concatenate((a, b)), return_inverse=True)
    pairs = inverse.reshape(2, -1)
    parent = list(range(len(nodes)))  # over positions in sorted order: the root is the smallest node

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in zip(pairs[0].tolist(), pairs[1].tolist(), strict=True):
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    roots = np.fromiter((find(x) for x in range(len(nodes))), np.int64, len(nodes))
    yield pa.RecordBatch.from_pydict({"node": pa.array(nodes), "label": pa.array(nodes[roots])})
