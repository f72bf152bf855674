"""Line evidence on Spark: how each line cluster spreads over outlets and stories, as
:mod:`dedup.index.spreads` works it out, and per article the evidence of its recurring lines.

A cluster's spread is, per outlet, the stories holding it (each with its smallest doc id) and
the outlets where it is in ``boilerplate_min_stories`` stories or more. Here, with group-bys
aggregated on the map side and a window limited per group on the map side (never a group
held whole):

- the keys held by two articles or more, or in a cluster of two lines or more (the others are
  in one article: their evidence is the lone line's, which the cleaning fills in);
- per (cluster, outlet, story): its smallest doc id; per (cluster, outlet): how many stories,
  and the ``EXAMPLES + 1`` smallest (doc id, story); per cluster: outlets, recurring outlets;
- per (article, outlet asked for): per recurring key, the fields of
  :func:`~dedup.decisions.line_evidence` for a learned article. The outlet asked for is the
  article's own, or another row's with the same id (that row is judged for its own outlet, with
  the learned article's story).

Doc ids compare as Spark strings (UTF-8 bytes), the order of Python's ``str``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..config import Config
from ..evidence import EXAMPLES

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["line_evidence_rows"]


def line_evidence_rows(
    occurrences: DataFrame, clusters: DataFrame, articles: DataFrame, asked: DataFrame | None, config: Config
) -> DataFrame:
    """Per (``art``, ``outlet``): ``ev``, an array of (key, stories, outlets, recurring, examples).

    ``occurrences``: (``art``, ``key``), each article's distinct keys; ``clusters``: (``node``,
    ``label``) for the keys in clusters of 2+ lines; ``articles``: (``art``, ``id``, ``outlet``,
    ``story``); ``asked``: (``art``, ``outlet``) rows judged for another outlet than the article's
    (None: there are none)."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    need = config.boilerplate_min_stories
    held = occurrences.groupBy("key").agg(F.count("*").alias("n")).where("n >= 2").select("key")
    labels = clusters.select(F.col("node").alias("key"), F.col("label").alias("cluster"))
    recurring = held.join(labels, "key", "full_outer").select("key", F.coalesce("cluster", "key").alias("cluster"))
    occ = occurrences.join(recurring, "key").join(articles, "art")  # art, key, cluster, id, outlet, story
    firsts = occ.groupBy("cluster", "outlet", "story").agg(F.min("id").alias("first"))
    here = firsts.groupBy("cluster", "outlet").agg(F.count("*").alias("here"))
    smallest = Window.partitionBy("cluster", "outlet").orderBy("first")
    top = (
        firsts.withColumn("rn", F.row_number().over(smallest))
        .where(F.col("rn") <= EXAMPLES + 1)
        .groupBy("cluster", "outlet")
        .agg(F.array_sort(F.collect_list(F.struct("first", "story"))).alias("top"))
    )
    spread = here.groupBy("cluster").agg(
        F.count("*").alias("outlets"), F.sum((F.col("here") >= need).cast("long")).alias("recurring")
    )
    per_outlet = here.join(top, ["cluster", "outlet"]).join(spread, "cluster")

    def examples(story: str) -> Any:
        others = F.filter("top", lambda t: t.getField("story") != F.col(story))
        return F.slice(F.transform(others, lambda t: t.getField("first")), 1, EXAMPLES)

    own = occ.join(per_outlet, ["cluster", "outlet"]).select(
        "art",
        "outlet",
        F.struct(
            "key",
            (F.col("here") - 1).alias("stories"),
            "outlets",
            "recurring",
            examples("story").alias("examples"),
        ).alias("e"),
    )
    if asked is not None:
        own = own.unionByName(_asked(occ, asked, firsts, per_outlet, spread, examples))
    return own.groupBy("art", "outlet").agg(F.collect_list("e").alias("ev"))


def _asked(
    occ: DataFrame, asked: DataFrame, firsts: DataFrame, per_outlet: DataFrame, spread: DataFrame, examples: Any
) -> DataFrame:
    """The evidence rows of articles judged for another outlet than their own."""
    from pyspark.sql import functions as F

    mine = occ.select("art", "key", "cluster", "story").join(asked, "art")
    there = per_outlet.select("cluster", "outlet", "here", "top")
    inside = firsts.select("cluster", "outlet", "story", F.lit(1).alias("inside"))
    rows = mine.join(there, ["cluster", "outlet"], "left").join(inside, ["cluster", "outlet", "story"], "left")
    rows = rows.join(spread, "cluster")
    stories = F.coalesce("here", F.lit(0)) - F.coalesce("inside", F.lit(0))
    ex = F.coalesce(examples("story"), F.array().cast("array<string>"))
    return rows.select(
        "art",
        "outlet",
        F.struct("key", stories.alias("stories"), "outlets", "recurring", ex.alias("examples")).alias("e"),
    )
