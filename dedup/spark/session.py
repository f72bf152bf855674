"""A Spark session for dedup, and the ``dedup spark-clean`` command."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from ..errors import ConfigError, InputFormatError
from .inputs import pyspark

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

    from .api import SparkJobStats

__all__ = ["run_spark_clean", "spark_session"]


def spark_session(master: str, conf: Mapping[str, str] | None = None) -> SparkSession:
    """A SparkSession for ``master``; a local master binds to 127.0.0.1 and runs its Python
    workers with this interpreter (so they import this dedup)."""
    pyspark()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.master(master).appName("dedup")
    if master.startswith("local"):
        # pyspark reads the workers' interpreter from this variable only ("python3" otherwise,
        # which may lack dedup); an explicit setting wins.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.driver.host", "127.0.0.1").config("spark.driver.bindAddress", "127.0.0.1")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    return builder.getOrCreate()


def run_spark_clean(
    source: str, target: str, master: str = "local[*]", fmt: str = "parquet", conf: Iterable[str] = ()
) -> SparkJobStats:
    """``dedup spark-clean IN OUT``: read JSONL or Parquet, clean on Spark, write ``fmt``.

    IN is a file or directory: Parquet when its name ends in ``.parquet`` or it holds
    ``.parquet`` files, else JSONL (``text``, and optionally ``id``, ``source``, ``published``;
    ``.gz`` is read too). OUT is a new directory of part files.
    """
    settings = {}
    for item in conf:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--conf {item!r}: give KEY=VALUE, such as spark.executor.memory=4g")
        settings[key] = value
    local = "://" not in source
    if local and not os.path.exists(source):
        raise InputFormatError("no such file or directory", path=source)
    if "://" not in target and os.path.exists(target):
        raise InputFormatError("already exists: give a new directory for the output", path=target)
    pyspark()
    from pyspark.sql import SparkSession

    from .api import clean_dataframe_with_stats

    started = SparkSession.getActiveSession() is None
    spark = spark_session(master, settings)
    try:
        df = _read(spark, source)
        cols = set(df.columns)
        if "text" not in cols:
            raise InputFormatError(f"no 'text' field (found: {', '.join(sorted(cols)) or 'nothing'})", path=source)
        out, stats = clean_dataframe_with_stats(
            df,
            id_col="id" if "id" in cols else None,
            source_col="source" if "source" in cols else None,
            published_col="published" if "published" in cols else None,
        )
        writer = out.write.mode("errorifexists")
        if fmt == "parquet":
            writer.parquet(target)
        elif fmt == "jsonl":
            writer.json(target)
        else:
            raise ConfigError(f"--format {fmt!r}: use parquet or jsonl")
    finally:
        if started:
            spark.stop()
    return stats


def _read(spark: SparkSession, source: str) -> DataFrame:
    parquet = source.endswith(".parquet") or (
        os.path.isdir(source) and any(name.endswith(".parquet") for name in os.listdir(source))
    )
    if parquet:
        return spark.read.parquet(source)
    from py4j.protocol import Py4JJavaError
    from pyspark.errors import PySparkException

    try:  # FAILFAST: a bad line fails the schema inference, here, rather than becoming a null row
        return spark.read.option("mode", "FAILFAST").json(source)
    except (PySparkException, Py4JJavaError) as err:
        java = getattr(err, "java_exception", None)
        message = str(java.getMessage() if java is not None else err).strip().splitlines()[0]
        raise InputFormatError(f"not valid JSONL: {message}", path=source) from err
