"""The Spark adapter: clean a DataFrame of articles with the same functions as ``clean_corpus``.

Three steps; the text stays on the executors:

1. **fingerprint** (executors): each partition prepares its rows in batches with
   :func:`dedup.prepare.prepare`, exactly as ``clean_corpus`` does, and keeps each article's
   record (:class:`dedup.index.records.DocRecord`: exact keys, band keys and words per line, story
   anchors; no text);
2. **learn** (driver): the records, sorted in learning order by Spark, are streamed to the
   driver and learned into one :class:`dedup.Index`, exactly as ``clean_corpus`` learns them; its
   state goes to the executors as a broadcast of its arrays (the checkpoint format: data only);
3. **clean** (executors): each partition rebuilds the index state once and cleans its rows
   against it, as ``clean_corpus`` does.

The result equals ``clean_corpus`` over the same rows, whatever their order (a test proves it
field by field). The driver holds the index (~130 bytes a line): this adapter is for corpora
whose index fits one machine's memory. pyspark is imported lazily: ``import dedup`` works without it.
"""

from __future__ import annotations

import os
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from functools import partial
from typing import TYPE_CHECKING, Any

import xxhash

from .config import Config
from .documents import as_document
from .errors import ConfigError, DedupError, HTMLTooLargeError, IndexCorruptError, InputFormatError, InvalidInputError
from .index import Index
from .index.checkpoint import state_bytes, state_from_bytes
from .index.records import DocRecord, learning_order, record_from
from .index.state import IndexState
from .prepare import prepare
from .spark_rows import result_dict, result_row, result_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession


__all__ = ["SparkJobStats", "clean_dataframe", "clean_dataframe_with_stats", "result_dict", "run_spark_clean"]

_WHERE = "clean_dataframe()"
# The errors an executor reports by name, raised again on the driver (those built from a message alone).
_ERRORS: dict[str, type[DedupError]] = {
    cls.__name__: cls
    for cls in (DedupError, InvalidInputError, ConfigError, InputFormatError, HTMLTooLargeError, IndexCorruptError)
}


@dataclass(frozen=True, slots=True)
class SparkJobStats:
    """What the job cost: distinct articles and lines learned, the bytes of records streamed to the
    driver and of the index state broadcast to the executors, and wall times of fingerprinting and
    of learning."""

    articles: int
    lines: int
    record_bytes: int
    state_bytes: int
    fingerprint_seconds: float
    learn_seconds: float


def _pyspark() -> Any:
    try:
        import pyspark
    except ImportError as err:
        raise ConfigError(
            "dedup.spark needs Apache Spark's Python package: pip install 'newsdedup[spark]' (and Java 17+)"
        ) from err
    return pyspark


def clean_dataframe(
    df: DataFrame,
    text_col: str = "text",
    id_col: str | None = "id",
    source_col: str | None = "source",
    published_col: str | None = "published",
    config: Config | None = None,
) -> DataFrame:
    """Clean every article of a DataFrame together, on Spark; the same results as ``clean_corpus``.

    Args:
        df: one row per article.
        text_col: the article text (string).
        id_col: ids (cast to string); None: no column, ids are hashes of the text.
        source_col: the outlet (string); None: no column, all articles in one unknown outlet.
        published_col: ISO 8601 strings, timestamps or dates; None: no column.
        config: settings (the defaults are measured).

    Returns:
        A DataFrame in the input's row order, one row per article: ``id``, ``source``,
        ``clean_text``, ``credit``, ``duplicate_of``, ``syndication`` (a struct, null when the
        article has no copies), ``removals`` (array of structs: ``start``, ``end``,
        ``start_byte``, ``end_byte``, ``rule``, ``reason``, ``evidence`` as a JSON string,
        ``text``) and ``segments`` (array of structs, char and UTF-8 byte offsets): the fields
        of ``CleanResult.to_dict()``, with ``text`` renamed ``clean_text``. ``result_dict``
        turns a row back into exactly ``CleanResult.to_dict()``.

    The fingerprinting and the global step run now; the cleaning runs when the result is used
    (cache the result if you use it twice). The input is read twice, so it must give the same rows in
    the same order both times (files do; cache a DataFrame computed non-deterministically).

    Example (not run here: it needs a Spark session)::

        from dedup.spark import clean_dataframe
        out = clean_dataframe(spark.read.json("articles.jsonl"))
        out.select("id", "clean_text", "duplicate_of").write.parquet("clean/")
    """
    out, _ = clean_dataframe_with_stats(df, text_col, id_col, source_col, published_col, config)
    return out


def clean_dataframe_with_stats(
    df: DataFrame,
    text_col: str = "text",
    id_col: str | None = "id",
    source_col: str | None = "source",
    published_col: str | None = "published",
    config: Config | None = None,
) -> tuple[DataFrame, SparkJobStats]:
    """``clean_dataframe``, plus what the global step cost (see :class:`SparkJobStats`)."""
    _pyspark()
    from pyspark import StorageLevel

    index = Index(config)
    rule_config = index.rule_config(config)
    rows = _select(df, text_col, id_col, source_col, published_col)
    spark = df.sparkSession
    records = rows.rdd.mapPartitionsWithIndex(partial(_fingerprint_partition, config=index.config))
    records.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        start = time.perf_counter()
        records.count()  # fingerprint every partition in parallel
        for _, kind, message in records.filter(lambda item: item[0] == "!").take(1):
            raise _ERRORS.get(kind, DedupError)(message)
        fingerprinted = time.perf_counter()
        articles, lines, record_bytes = _learn(records, index)
    finally:
        records.unpersist()
    state = state_bytes(index._state)
    stats = SparkJobStats(
        articles=articles,
        lines=lines,
        record_bytes=record_bytes,
        state_bytes=len(state),
        fingerprint_seconds=fingerprinted - start,
        learn_seconds=time.perf_counter() - fingerprinted,
    )
    shared = spark.sparkContext.broadcast(state)
    token = uuid.uuid4().hex  # names this job's state in each worker's cache
    cleaned = rows.rdd.mapPartitions(partial(_clean_partition, state=shared, token=token, config=rule_config))
    return spark.createDataFrame(cleaned, result_schema(), verifySchema=False), stats


# ---- input ------------------------------------------------------------------------------
def _select(
    df: DataFrame, text_col: str, id_col: str | None, source_col: str | None, published_col: str | None
) -> DataFrame:
    """The four input columns, as (text, id, source, published) with published as a string."""
    from pyspark.sql import functions as F
    from pyspark.sql import types as T

    fields = {f.name: f.dataType for f in df.schema.fields}

    def column(name: str | None, role: str, allowed: tuple[type, ...]) -> Any:
        if name is None:
            return F.lit(None).cast("string")
        if name not in fields:
            hint = "" if role == "text" else f", or pass {role}_col=None to go without"
            raise ConfigError(
                f"the DataFrame has no column {name!r} for the article {role} (columns: {', '.join(fields)}): "
                f"name the right one with {role}_col=...{hint}"
            )
        kind = fields[name]
        if not isinstance(kind, allowed):
            raise InvalidInputError(
                f"column {name!r} holds {kind.simpleString()}; the article {role} must be "
                + " or ".join(sorted({a.__name__.removesuffix("Type").lower() for a in allowed}))
            )
        if isinstance(kind, (T.TimestampType, T.TimestampNTZType)):
            # An ISO 8601 string with its offset (session time zone): the same instant.
            pattern = "yyyy-MM-dd'T'HH:mm:ss.SSSSSS" + ("XXX" if isinstance(kind, T.TimestampType) else "")
            return F.date_format(F.col(name), pattern)
        return F.col(name).cast("string")

    scalar = (T.StringType, T.IntegerType, T.LongType, T.ShortType, T.ByteType)
    return df.select(
        column(text_col, "text", (T.StringType,)).alias("text"),
        column(id_col, "id", scalar).alias("id"),
        column(source_col, "source", (T.StringType,)).alias("source"),
        column(published_col, "published", (T.StringType, T.TimestampType, T.TimestampNTZType, T.DateType)).alias(
            "published"
        ),
    )


def _document(row: Iterable[Any]) -> tuple[str, str | None, str | None, Any]:
    """(text, id, source, published) checked and parsed as ``clean_corpus`` does with a dict."""
    text, doc_id, source, published = row
    doc = as_document({"text": text, "id": doc_id, "source": source, "published": published})
    return doc.text, doc.id, doc.source, doc.published


# ---- pass 1: fingerprint (executors) -------------------------------------------------------
# Articles prepared together, in the fingerprint and clean passes: bounds a worker's memory.
_BATCH = 512


def _fingerprint_partition(partition: int, rows: Iterable[Any], config: Config) -> Iterator[tuple[Any, ...]]:
    """Per row, its (learning order, text digest, record bytes); ("!", error class, message) on bad input."""
    batch: list[tuple[int, Any, tuple[str, str | None, str | None, Any]]] = []
    for k, row in enumerate(rows):
        try:
            batch.append((k, row, _document(row)))
        except DedupError as err:
            yield _error(partition, k, row, err)
            return
        if len(batch) == _BATCH:
            yield from _fingerprint_batch(config, partition, batch)
            batch = []
    yield from _fingerprint_batch(config, partition, batch)


def _fingerprint_batch(
    config: Config, partition: int, batch: list[tuple[int, Any, tuple[str, str | None, str | None, Any]]]
) -> Iterator[tuple[Any, ...]]:
    try:
        prepared = prepare([doc for _, _, doc in batch], config, _WHERE) if batch else []
    except DedupError:  # name the row: prepare them one at a time
        for k, row, doc in batch:
            try:
                prepare([doc], config, _WHERE)
            except DedupError as err:
                yield _error(partition, k, row, err)
                return
        raise
    for (_, _, doc), p in zip(batch, prepared, strict=True):
        rec = record_from(p)
        rec = replace(rec, texts=("",) * len(rec.texts))  # the driver learns no text
        digest = xxhash.xxh3_128_digest(doc[0].encode("utf-8", "surrogatepass"))
        yield learning_order(rec), digest, rec.to_bytes()


def _error(partition: int, k: int, row: Any, err: DedupError) -> tuple[str, str, str]:
    message = str(err).replace("<input>: ", "")
    return ("!", type(err).__name__, f"row {k} of partition {partition} (id {row[1]!r}): {message}")


# ---- pass 2: learn (driver) ----------------------------------------------------------------
# Records learned per Index.learn_many call on the driver.
_LEARN_BATCH = 2048


def _learn(records: Any, index: Index) -> tuple[int, int, int]:
    """Learn the records into ``index`` in learning order (sorted by Spark, streamed to the
    driver); returns (articles, lines, bytes of records received). The same id twice is learned
    once, as clean_corpus does; two texts under one id are an error."""
    seen: dict[str, bytes] = {}
    articles = lines = size = 0
    batch: list[DocRecord] = []
    for (_, doc_id), digest, data in records.sortBy(lambda item: item[0]).toLocalIterator(prefetchPartitions=True):
        if doc_id in seen:
            if seen[doc_id] != digest:
                raise InputFormatError(f"two different articles share the id {doc_id!r}: ids must be unique")
            continue
        seen[doc_id] = digest
        rec = DocRecord.from_bytes(data)
        batch.append(rec)
        articles += 1
        lines += len(rec.keys)
        size += len(data)
        if len(batch) == _LEARN_BATCH:
            index.learn_many(batch)
            batch = []
    index.learn_many(batch)
    return articles, lines, size


# ---- pass 3: clean (executors) -----------------------------------------------------------
_STATES: dict[str, IndexState] = {}  # job token -> the state rebuilt from its broadcast, once per worker


def _clean_partition(rows: Iterable[Any], state: Any, token: str, config: Config) -> Iterator[tuple[Any, ...]]:
    learned = _STATES.get(token)
    if learned is None:
        _STATES.clear()
        learned = _STATES[token] = state_from_bytes(state.value, config)
    index = Index.from_state(learned)
    # The rows passed the fingerprint pass, so they are valid; batches go through the same
    # vectorised preparation as clean_corpus.
    batch: list[tuple[str, str | None, str | None, Any]] = []
    for row in rows:
        batch.append(_document(row))
        if len(batch) == _BATCH:
            yield from _clean_batch(index, batch, config)
            batch = []
    yield from _clean_batch(index, batch, config)


def _clean_batch(
    index: Index, batch: list[tuple[str, str | None, str | None, Any]], config: Config
) -> Iterator[tuple[Any, ...]]:
    prepared = prepare(batch, index.config, _WHERE) if batch else []
    for p, rec in zip(prepared, index.records(prepared), strict=True):
        yield result_row(index.clean_prepared(p, rec, config))


# ---- the command -------------------------------------------------------------------------
def spark_session(master: str, conf: Mapping[str, str] | None = None) -> SparkSession:
    """A SparkSession for ``master``; a local master binds to 127.0.0.1 and runs its Python
    workers with this interpreter (so they import this dedup)."""
    _pyspark()
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
    _pyspark()
    from pyspark.sql import SparkSession

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
