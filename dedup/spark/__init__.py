"""The Spark adapter: clean a DataFrame of articles with the same functions as ``clean_corpus``.

Two ways to do the global step (learning what the corpus says of each article):

- ``method="distributed"`` (the default): nothing on the driver grows with the data. Executors
  fingerprint the articles; line clusters, copies, stories, canonical copies and line evidence
  are worked out with DataFrame joins and group-bys on integer columns, Python per batch through
  Arrow (:mod:`dedup.spark.job`); executors clean each row with its evidence.
- ``method="driver"``: executors fingerprint, the driver learns one :class:`dedup.Index` from the
  records in learning order and broadcasts its arrays, executors clean (:mod:`dedup.spark.driver`).
  The driver holds the whole index; this is the way for a ``Config.memory_days`` window.

Both give exactly ``clean_corpus``'s results over the same rows, field by field, whatever their
order (tests prove it). pyspark is imported lazily: ``import dedup`` works without it.
"""

from __future__ import annotations

from .api import SparkJobStats, clean_dataframe, clean_dataframe_with_stats
from .rows import result_dict
from .session import run_spark_clean, spark_session

__all__ = [
    "SparkJobStats",
    "clean_dataframe",
    "clean_dataframe_with_stats",
    "result_dict",
    "run_spark_clean",
    "spark_session",
]
