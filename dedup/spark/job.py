"""The distributed Spark job: fingerprint, the global step as DataFrame operations, clean.

1. **fingerprint** (executors, Arrow): one compact row per input row (:mod:`.fingerprint`);
2. **order**: rows sorted by id (a range shuffle) and numbered: ``art``, in id order, so that
   (``stamp``, ``art``) is the learning order; the same id twice is learned once (the first row
   in learning order), two texts under one id are an error, as in ``clean_corpus``;
3. **line clusters** (:mod:`.clusters`), **copies and stories** (:mod:`.stories`,
   :mod:`.canonicals`), **line evidence** (:mod:`.evidence`): joins and group-bys on integer
   columns in the JVM, Python per batch through Arrow;
4. **clean** (executors, Arrow): each row with its facts (:mod:`.clean`).

Steps 1-3 run when called; step 4 when the result is used. What reaches the driver: a few
counts and, on bad input, one error. Shuffle partitions: ``shuffle_partitions``, or sized from
the data (:func:`shuffle_partitions_for`), then coalesced by Spark's adaptive execution.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import TYPE_CHECKING, Any

from ..config import Config
from ..errors import InputFormatError
from .canonicals import story_facts
from .clean import clean_rows
from .clusters import line_clusters
from .evidence import line_evidence_rows
from .fingerprint import FINGERPRINT_SCHEMA, fingerprint_batches
from .inputs import raise_reported
from .stories import copy_links, story_labels

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "ANCHOR_ROWS_PER_PAIR_TASK",
    "LINES_PER_PARTITION",
    "clean_distributed",
    "pair_tasks_for",
    "shuffle_partitions_for",
]

#: Lines (fingerprinted line rows) per shuffle partition when the partitions are sized from the data.
LINES_PER_PARTITION = 1_000_000
#: (anchor, article) rows per task counting candidate copy pairs: sized apart from the shuffle
#: partitions, because the fewer these tasks, the more candidates their pigeonhole bound prunes
#: (:mod:`dedup.spark.candidates`); this many rows is about 80 MB of numpy arrays in one worker.
ANCHOR_ROWS_PER_PAIR_TASK = 2_000_000


def shuffle_partitions_for(lines: int, parallelism: int) -> int:
    """Shuffle partitions for a corpus of ``lines`` lines: one per LINES_PER_PARTITION lines, and
    at least two per core (Spark's adaptive execution coalesces the small ones).

    >>> shuffle_partitions_for(118_000, 2), shuffle_partitions_for(1_250_000_000, 64)
    (4, 1250)
    """
    return max(2 * parallelism, math.ceil(lines / LINES_PER_PARTITION))


def pair_tasks_for(anchor_rows: int, parallelism: int) -> int:
    """Tasks counting candidate copy pairs: one per ANCHOR_ROWS_PER_PAIR_TASK (anchor, article)
    rows, at least two per core.

    >>> pair_tasks_for(1_085_288, 2), pair_tasks_for(12_500_000_000, 64)
    (4, 6250)
    """
    return max(2 * parallelism, math.ceil(anchor_rows / ANCHOR_ROWS_PER_PAIR_TASK))


def clean_distributed(
    selected: DataFrame, config: Config, shuffle_partitions: int | None, local_limit: int
) -> tuple[DataFrame, dict[str, Any]]:
    """The results of ``selected`` (text, id, source, published), and what the job counted."""
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    spark = selected.sparkSession
    started = time.perf_counter()
    rows = selected.withColumn("row_id", F.monotonically_increasing_id())
    fp = rows.mapInArrow(partial(fingerprint_batches, config=config), FINGERPRINT_SCHEMA)
    fp = fp.persist(StorageLevel.MEMORY_AND_DISK)
    step = partial(_label, spark)
    step("fingerprint")
    anchor_rows = F.sum(F.greatest(F.coalesce(F.size("anchors"), F.lit(0)), F.lit(0)))
    total = fp.agg(F.count("*"), F.sum("lines"), F.count("error"), anchor_rows).first()
    assert total is not None
    if total[2]:
        report = fp.where(F.col("error").isNotNull()).orderBy("row_id").select("error").first()
        fp.unpersist()
        assert report is not None
        raise_reported(report[0])
    parallelism = spark.sparkContext.defaultParallelism
    parts = shuffle_partitions or shuffle_partitions_for(int(total[1] or 0), parallelism)
    stats: dict[str, Any] = {"rows": int(total[0]), "lines": int(total[1] or 0), "shuffle_partitions": parts}
    stats["pair_tasks"] = pair_tasks_for(int(total[3] or 0), parallelism)
    stats["fingerprint_seconds"] = time.perf_counter() - started
    threshold = str(max(1000, config.copy_candidate_postings + 2))
    with _settings(
        spark, {"spark.sql.shuffle.partitions": str(parts), "spark.sql.optimizer.windowGroupLimitThreshold": threshold}
    ):
        try:
            facts = _global_step(fp, config, parts, local_limit, stats, step)
        finally:
            fp.unpersist()
            step(None)
    stats["global_seconds"] = time.perf_counter() - started - stats["fingerprint_seconds"]
    out_parts = max(rows.rdd.getNumPartitions(), parallelism)
    text = rows.select("text", "id", "source", "published", "row_id")
    return clean_rows(text, facts, out_parts, config), stats


def _global_step(
    fp: DataFrame, config: Config, parts: int, local_limit: int, stats: dict[str, Any], step: Any
) -> DataFrame:
    from pyspark.sql import functions as F

    step("order")
    ordered = fp.repartitionByRange(parts, "id", "row_id").sortWithinPartitions("id", "row_id")
    ordered = ordered.withColumn("art0", F.monotonically_increasing_id()).localCheckpoint()
    by_id = ordered.groupBy("id").agg(
        F.min("art0").alias("art"),
        F.count("*").alias("n"),
        F.min("digest").alias("d1"),
        F.max("digest").alias("d2"),
        F.min(F.struct("stamp", "row_id")).getField("row_id").alias("learned_row"),
        F.min("row_id").alias("first_row"),
    )
    counts = by_id.agg(
        F.count("*"),
        F.sum(F.when(F.col("n") > 1, F.col("n")).otherwise(0)),
        F.sum((F.col("d1") != F.col("d2")).cast("long")),
    ).first()
    assert counts is not None
    if counts[2]:
        clash = by_id.where(F.col("d1") != F.col("d2")).orderBy("first_row").select("id").first()
        assert clash is not None
        raise InputFormatError(f"two different articles share the id {clash[0]!r}: ids must be unique")
    stats["articles"] = int(counts[0])
    repeated = bool(counts[1])
    if repeated:  # the same id in several rows: each row judged against the one learned
        dups = by_id.where(F.col("n") > 1).select("id", F.col("art").alias("art1"), "learned_row")
        ordered = ordered.join(dups, "id", "left").select(
            "*",
            F.coalesce("art1", "art0").alias("art"),
            (F.col("learned_row").isNull() | (F.col("learned_row") == F.col("row_id"))).alias("learned"),
        )
    else:
        ordered = ordered.select("*", F.col("art0").alias("art"), F.lit(True).alias("learned"))
    ordered = ordered.localCheckpoint()
    articles = ordered.where("learned").select(
        "art", "id", "source", "published", "stamp", "text_key", "anchors", "keys"
    )
    rowmap = ordered.select("row_id", "art", F.col("source").alias("outlet"))

    step("line clusters")
    clusters = line_clusters(ordered, config, local_limit)
    stats["line_edges"], stats["line_rounds"] = clusters.edges, clusters.rounds

    step("copies")
    links = copy_links(articles, config, stats["pair_tasks"]).localCheckpoint()
    step("stories")
    labels, stories = story_labels(articles, links, local_limit)
    labels = labels.localCheckpoint()
    stats["story_edges"], stats["story_rounds"] = stories.edges, stories.rounds
    facts = story_facts(articles, labels, links, config).localCheckpoint()
    story_rows = facts.agg(F.max("story_rows"), F.count("*")).first()
    assert story_rows is not None
    stats["largest_story_rows"], stats["articles_in_stories"] = int(story_rows[0] or 0), int(story_rows[1])

    step("line evidence")
    info = articles.select("art", "id", F.col("source").alias("outlet")).join(labels, "art", "left")
    info = info.select("art", "id", "outlet", F.coalesce("story", "art").alias("story"))
    asked = None
    if repeated:
        own = articles.select("art", F.col("source").alias("own"))
        asked = rowmap.join(own, "art").where(F.col("outlet") != F.col("own")).select("art", "outlet").distinct()
    occurrences = articles.select("art", F.explode("keys").alias("key"))
    evidence = line_evidence_rows(occurrences, clusters.labels, info, asked, config)
    return (
        rowmap.join(evidence, ["art", "outlet"], "left")
        .join(facts.drop("story_rows"), "art", "left")
        .drop("art", "outlet")
        .localCheckpoint()
    )


def _label(spark: SparkSession, name: str | None) -> None:
    """Name the stages of the jobs that follow (Spark's UI and event log): "dedup: <name>"."""
    sc = spark.sparkContext
    for form in ("callSite.short", "callSite.long"):
        sc.setLocalProperty(form, None if name is None else f"dedup: {name}")  # type: ignore[arg-type]


@contextmanager
def _settings(spark: SparkSession, settings: dict[str, str]) -> Iterator[None]:
    """Session settings for the duration of the block, restored after."""
    before: dict[str, str | None] = {key: spark.conf.get(key, None) for key in settings}
    for key, value in settings.items():
        spark.conf.set(key, value)
    try:
        yield
    finally:
        for key, old in before.items():
            if old is None:
                spark.conf.unset(key)
            else:
                spark.conf.set(key, old)
