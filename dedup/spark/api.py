"""The front door of :mod:`dedup.spark`: ``clean_dataframe`` and what its job did."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

from ..config import Config
from ..errors import ConfigError, InvalidInputError
from ..index import Index
from .inputs import pyspark, select_columns

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["LOCAL_COMPONENTS_LIMIT", "SparkJobStats", "clean_dataframe", "clean_dataframe_with_stats"]

#: Edges of a components graph solved in one task (union-find) rather than in rounds of joins.
LOCAL_COMPONENTS_LIMIT = 2_000_000


@dataclass(frozen=True, slots=True)
class SparkJobStats:
    """What the global step did: the method, distinct articles and line rows learned, the shuffle
    partitions used, the tasks counting candidate copy pairs, the edges and rounds of the two
    components problems (0 rounds: solved in one task), the most rows one story held in one Python
    task, and wall times. ``state_bytes``: the index broadcast by the driver method (0 for the
    distributed one)."""

    method: str
    articles: int
    lines: int
    shuffle_partitions: int = 0
    pair_tasks: int = 0
    line_edges: int = 0
    line_rounds: int = 0
    story_edges: int = 0
    story_rounds: int = 0
    largest_story_rows: int = 0
    state_bytes: int = 0
    fingerprint_seconds: float = 0.0
    global_seconds: float = 0.0


def clean_dataframe(
    df: DataFrame,
    text_col: str = "text",
    id_col: str | None = "id",
    source_col: str | None = "source",
    published_col: str | None = "published",
    config: Config | None = None,
    *,
    method: Literal["distributed", "driver"] = "distributed",
    shuffle_partitions: int | None = None,
) -> DataFrame:
    """Clean every article of a DataFrame together, on Spark; the same results as ``clean_corpus``.

    Args:
        df: one row per article.
        text_col: the article text (string).
        id_col: ids (cast to string); None: no column, ids are hashes of the text.
        source_col: the outlet (string); None: no column, all articles in one unknown outlet.
        published_col: ISO 8601 strings, timestamps or dates; None: no column.
        config: settings (the defaults are measured).
        method: ``"distributed"`` (nothing on the driver grows with the data) or ``"driver"``
            (the driver learns one index: needed for ``Config.memory_days``).
        shuffle_partitions: partitions of the global step's shuffles (default: one per million
            lines, two per core at least).

    Returns:
        A DataFrame in the input's row order, one row per article: ``id``, ``source``,
        ``clean_text``, ``credit``, ``duplicate_of``, ``syndication`` (a struct, null when the
        article has no copies), ``outside_window``, ``removals`` (array of structs: ``start``,
        ``end``, ``start_byte``, ``end_byte``, ``rule``, ``reason``, ``evidence`` as a JSON
        string, ``text``) and ``segments`` (array of structs, char and UTF-8 byte offsets): the
        fields of ``CleanResult.to_dict()``, with ``text`` renamed ``clean_text``.
        ``result_dict`` turns a row back into exactly ``CleanResult.to_dict()``.

    The fingerprinting and the global step run now; the cleaning runs when the result is used
    (cache the result if you use it twice). The input is read again then, so it must give the
    same rows in the same partitions both times (files do; cache a DataFrame computed
    non-deterministically).

    Example (not run here: it needs a Spark session)::

        from dedup.spark import clean_dataframe
        out = clean_dataframe(spark.read.json("articles.jsonl"))
        out.select("id", "clean_text", "duplicate_of").write.parquet("clean/")
    """
    out, _ = clean_dataframe_with_stats(
        df, text_col, id_col, source_col, published_col, config, method=method, shuffle_partitions=shuffle_partitions
    )
    return out


def clean_dataframe_with_stats(
    df: DataFrame,
    text_col: str = "text",
    id_col: str | None = "id",
    source_col: str | None = "source",
    published_col: str | None = "published",
    config: Config | None = None,
    *,
    method: Literal["distributed", "driver"] = "distributed",
    shuffle_partitions: int | None = None,
    local_components_limit: int = LOCAL_COMPONENTS_LIMIT,
) -> tuple[DataFrame, SparkJobStats]:
    """``clean_dataframe``, plus what the global step did (see :class:`SparkJobStats`).
    ``local_components_limit``: the largest components graph solved in one task (0: always in
    rounds of joins)."""
    pyspark()
    config = Index(config).rule_config(config)
    if method not in ("distributed", "driver"):
        raise InvalidInputError(f"method={method!r}: use 'distributed' or 'driver'")
    if shuffle_partitions is not None and (not isinstance(shuffle_partitions, int) or shuffle_partitions < 1):
        raise ConfigError(f"shuffle_partitions={shuffle_partitions!r}: use a whole number >= 1, or None to size them")
    rows = select_columns(df, text_col, id_col, source_col, published_col)
    if method == "driver":
        from .driver import clean_on_driver

        started = time.perf_counter()
        out, sizes = clean_on_driver(rows, config)
        seconds = time.perf_counter() - started
        return out, SparkJobStats(
            "driver", sizes["articles"], sizes["lines"], state_bytes=sizes["state_bytes"], global_seconds=seconds
        )
    if config.memory_days is not None:
        raise ConfigError(
            f"memory_days={config.memory_days!r}: the distributed global step counts boilerplate over the whole "
            "corpus; with a memory window pass method='driver' (the driver learns one index)"
        )
    from .job import clean_distributed

    out, counted = clean_distributed(rows, config, shuffle_partitions, local_components_limit)
    fields: dict[str, Any] = {k: v for k, v in counted.items() if k in SparkJobStats.__dataclass_fields__}
    return out, SparkJobStats("distributed", **fields)
