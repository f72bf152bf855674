"""Line clusters on Spark: the index's rule, computed without its learning order.

The index joins a new line to every line it holds whose band keys agree with it in at least
:func:`~dedup.decisions.min_agreeing_bands` bands (:mod:`dedup.index.clusters`), and keeps the
clusters with union-find; so once every article is learned, its clusters are the connected
components of "agrees in enough bands" over the distinct lines (exact keys), whatever the order
(a property test checks it against the index). Here, with no pair list quadratic in a band
bucket:

1. per band, the buckets of two lines or more (a group-by on (band, band key));
2. per line, the bands where it is in such a bucket; a line in ``m`` of them or more gets one
   composite key per ``m`` of those bands (the band numbers and their keys). Lines sharing a
   composite key agree in those ``m`` bands: every two are joined, and every joined pair shares
   one, so linking each line to the smallest line of each of its composite keys (a star, not
   the pairs) gives the same components;
3. the components of those stars (:mod:`dedup.spark.components`).
"""

from __future__ import annotations

from itertools import combinations
from typing import TYPE_CHECKING

from ..config import Config
from ..decisions import min_agreeing_bands
from .components import Components, connected_components

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["line_clusters"]


def line_clusters(fingerprints: DataFrame, config: Config, local_limit: int) -> Components:
    """The line clusters of 2+ lines: labels (``node``: an exact key, ``label``: its cluster).
    ``fingerprints``: rows with ``band_keys`` and ``bands`` (see :mod:`dedup.spark.fingerprint`);
    a key may come in several rows (from several tasks)."""
    from pyspark.sql import functions as F

    bands, need = config.bands, min_agreeing_bands(config)
    entries = fingerprints.select(F.posexplode("band_keys").alias("i", "key"), "bands")
    band_rows = entries.select("key", F.posexplode(F.slice("bands", F.col("i") * bands + 1, bands)).alias("b", "bk"))
    shared = (
        band_rows.groupBy("b", "bk")
        .agg(F.min("key").alias("k1"), F.max("key").alias("k2"))
        .where(F.col("k1") != F.col("k2"))
        .select("b", "bk")
    )
    per_line = (
        band_rows.join(shared, ["b", "bk"])
        .groupBy("key")
        .agg(F.array_sort(F.collect_set(F.struct("b", "bk"))).alias("nb"))
        .where(F.size("nb") >= need)
    )
    subsets = F.array(*[F.array(*[F.lit(i) for i in c]) for c in combinations(range(bands), need)])
    nb = F.col("nb")
    composite = F.transform(
        F.filter(subsets, lambda c: c[need - 1] < F.size(nb)),
        lambda c: F.array(
            *[nb[c[j]].getField("b").cast("long") for j in range(need)],
            *[nb[c[j]].getField("bk").cast("long") for j in range(need)],
        ),
    )
    keyed = per_line.select("key", F.explode(composite).alias("comp"))
    groups = (
        keyed.groupBy("comp")
        .agg(F.min("key").alias("rep"), F.max("key").alias("top"))
        .where(F.col("rep") != F.col("top"))
        .select("comp", "rep")
    )
    edges = keyed.join(groups, "comp").select(F.col("key").alias("a"), F.col("rep").alias("b"))
    return connected_components(edges, local_limit)
