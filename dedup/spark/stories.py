"""Copies and stories on Spark: the index's copy check (:mod:`dedup.index.stories`) as joins.

When the index learns an article (in learning order: ``stamp``, then id), it compares it with
the earlier articles that share one of its *listed* anchors (an anchor is listed for it while
at most ``copy_candidate_postings`` earlier articles hold it), prefilters them by counts, and keeps
those :func:`~dedup.decisions.same_story` accepts: within the syndication window its copies,
beyond it its far copies. The counts are only a prefilter (they bound the shared anchors from
above), so the links are the pairs that share an anchor among the first
``copy_candidate_postings + 1`` holders of it and tell one story. Here:

1. each anchor's first ``copy_candidate_postings + 1`` holders in learning order (a window
   limited per anchor on the map side, so a banner's anchor is never held whole);
2. the pairs of holders of each anchor (a join on the anchor: at most that many rows a side),
   counted per pair, prefiltered by the same counts (slightly looser);
3. :func:`~dedup.decisions.same_story` on each survivor, on the executors (Arrow batches);
4. articles of fewer than two anchors are copies of the earlier ones of the same whole text:
   they are one story per text (no pairs listed), their links worked out in their story;
5. stories are the connected components of the links; per story, the canonical copies are
   assigned with :func:`dedup.syndication.assign_canonicals`, the index's own function, and each
   article gets its far copies (:mod:`dedup.spark.canonicals`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..dates import micros
from ..decisions import micros_within_window, same_story
from .candidates import CANDIDATES, seed_pairs
from .components import Components, connected_components

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["LINKS", "copy_links", "story_labels"]

#: A link: the earlier article, the later, and whether a copy (within the window) or a far copy.
LINKS = "e long, d long, copy boolean"


def copy_links(articles: DataFrame, config: Config, tasks: int) -> DataFrame:
    """The copy links between articles of two anchors or more (``articles``: ``art``, ``stamp``,
    ``anchors``, ``published``), as rows of :data:`LINKS`; ``tasks``: the pair-counting tasks."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    longs = articles.where(F.size("anchors") >= 2)
    holders = longs.select(F.explode("anchors").alias("anchor"), "art", "stamp")
    first = Window.partitionBy("anchor").orderBy("stamp", "art")
    listed = (
        holders.withColumn("rn", F.row_number().over(first))
        .where(F.col("rn") <= config.copy_candidate_postings + 1)
        .select("anchor", "art", "rn")
    )
    meta = (
        longs.select("art", F.size("anchors").alias("n"))
        .join(listed.groupBy("art").agg(F.count("*").alias("listed")), "art")
        .select("art", "n", (F.col("n") - F.col("listed")).alias("u"))
    )
    rows = listed.join(meta, "art").repartition(tasks, "anchor").sortWithinPartitions("anchor", "rn")
    seeds = rows.mapInArrow(partial(seed_pairs, tasks=tasks, config=config), CANDIDATES).distinct()
    # Articles with unlisted anchors: their listed ones, for the check that a pair shares one.
    some = rows.where(F.col("u") > 0).groupBy("art").agg(F.collect_set("anchor").alias("listed"))
    info = longs.select("art", "anchors", "published").join(some, "art", "left")

    def side(name: str) -> DataFrame:
        return info.select(
            F.col("art").alias(name),
            F.col("anchors").alias(name + "a"),
            F.col("published").alias(name + "p"),
            F.col("listed").alias(name + "l"),
        )

    checked = seeds.join(side("e"), "e").join(side("d"), "d")
    shared = F.size(F.array_intersect("ea", "da"))
    small, large = F.least(F.size("ea"), F.size("da")), F.greatest(F.size("ea"), F.size("da"))
    slack = 1e-6  # a prefilter: looser than could_be_same_story, never stricter
    plausible = (shared >= F.greatest(F.lit(2), F.ceil(small * config.story_containment - 1e-9 - slack))) & (
        (shared >= large * config.copy_min_share_of_longer - slack)
        | (shared >= small * config.copy_excerpt_share - slack)
    )
    return checked.where(plausible).mapInArrow(partial(_verify, config=config), LINKS)


def _verify(batches: Iterable[Any], config: Config) -> Iterator[Any]:
    """mapInArrow: candidate pairs with both articles' anchors and dates -> the pairs that tell
    one story, as copies or far copies."""
    import pyarrow as pa

    days = config.syndication_window_days
    for batch in batches:
        cols = batch.to_pydict()
        es, ds, copies = [], [], []
        for e, d, ea, da, ep, dp, el, dl in zip(
            cols["e"], cols["d"], cols["ea"], cols["da"], cols["ep"], cols["dp"], cols["el"], cols["dl"], strict=True
        ):
            if not same_story(da, ea, config):
                continue
            if (el is not None or dl is not None) and not set(el or ea) & set(dl or da):
                continue  # no anchor they share is listed for both: the index never compared them
            es.append(e)
            ds.append(d)
            copies.append(
                days is None or ep is None or dp is None or micros_within_window(micros(dp), micros(ep), days)
            )
        yield pa.RecordBatch.from_pydict(
            {"e": pa.array(es, pa.int64()), "d": pa.array(ds, pa.int64()), "copy": pa.array(copies, pa.bool_())}
        )


def story_labels(articles: DataFrame, links: DataFrame, local_limit: int) -> tuple[DataFrame, Components]:
    """Per article of a story of two or more: (``art``, ``story``: its smallest article). Long
    articles by the components of their links; short ones (fewer than two anchors) by their text."""
    from pyspark.sql import functions as F

    comps = connected_components(links.select(F.col("e").alias("a"), F.col("d").alias("b")), local_limit)
    shorts = articles.where((F.size("anchors") < 2) & (F.col("text_key") != 0)).select("art", "text_key")
    texts = shorts.groupBy("text_key").agg(F.min("art").alias("story"), F.count("*").alias("n")).where("n >= 2")
    short_labels = shorts.join(texts, "text_key").select("art", "story")
    labels = comps.labels.select(F.col("node").alias("art"), F.col("label").alias("story")).unionByName(short_labels)
    return labels, comps
