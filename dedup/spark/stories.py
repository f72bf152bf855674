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
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..dates import micros
from ..decisions import micros_within_window, same_story
from .components import Components, connected_components

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["LINKS", "copy_links", "story_labels"]

#: A link: the earlier article, the later, and whether a copy (within the window) or a far copy.
LINKS = "e long, d long, copy boolean"


def copy_links(articles: DataFrame, config: Config) -> DataFrame:
    """The copy links between articles of two anchors or more (``articles``: ``art``, ``stamp``,
    ``anchors``, ``published``), as rows of :data:`LINKS`."""
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
    e, d = listed.alias("e"), listed.alias("d")
    pairs = (
        e.join(d, "anchor")
        .where(F.col("e.rn") < F.col("d.rn"))
        .groupBy(F.col("e.art").alias("e"), F.col("d.art").alias("d"))
        .agg(F.count("*").alias("shared"))
    )
    sizes = longs.select("art", F.size("anchors").alias("n")).join(
        listed.groupBy("art").agg(F.count("*").alias("listed")), "art"
    )
    se = sizes.select(F.col("art").alias("e"), F.col("n").alias("ne"))
    sd = sizes.select(F.col("art").alias("d"), F.col("n").alias("nd"), F.col("listed").alias("ld"))
    sized = pairs.join(se, "e").join(sd, "d")
    # At most this many anchors are shared: the listed ones counted, and every unlisted one.
    bound = F.col("shared") + F.col("nd") - F.col("ld")
    small, large = F.least("ne", "nd"), F.greatest("ne", "nd")
    slack = 1e-6
    plausible = (
        (small >= 2)
        & (bound >= F.greatest(F.lit(2), F.ceil(small * config.story_containment - 1e-9 - slack)))
        & (
            (bound >= large * config.copy_min_share_of_longer - slack)
            | (bound >= small * config.copy_excerpt_share - slack)
        )
    )
    candidates = sized.where(plausible).select("e", "d")
    info = longs.select("art", "anchors", "published")
    ie = info.select(F.col("art").alias("e"), F.col("anchors").alias("ea"), F.col("published").alias("ep"))
    idd = info.select(F.col("art").alias("d"), F.col("anchors").alias("da"), F.col("published").alias("dp"))
    checked = candidates.join(ie, "e").join(idd, "d").select("e", "d", "ea", "da", "ep", "dp")
    from functools import partial

    return checked.mapInArrow(partial(_verify, config=config), LINKS)


def _verify(batches: Iterable[Any], config: Config) -> Iterator[Any]:
    """mapInArrow: candidate pairs with both articles' anchors and dates -> the pairs that tell
    one story, as copies or far copies."""
    import pyarrow as pa

    days = config.syndication_window_days
    for batch in batches:
        cols = batch.to_pydict()
        es, ds, copies = [], [], []
        for e, d, ea, da, ep, dp in zip(
            cols["e"], cols["d"], cols["ea"], cols["da"], cols["ep"], cols["dp"], strict=True
        ):
            if not same_story(da, ea, config):
                continue
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
