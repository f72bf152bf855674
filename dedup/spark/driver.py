"""The driver path (``clean_dataframe(..., method="driver")``): executors fingerprint and clean,
the driver learns one :class:`dedup.Index` from every article's record, in learning order.

The driver holds the whole index (about 100-200 bytes a line), so this path is for corpora
whose index fits one machine; it is kept for what the distributed path does not do (a
``Config.memory_days`` window, whose evidence depends on each article's date) and as a check.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

import xxhash

from ..config import Config
from ..errors import DedupError, InputFormatError
from ..index import Index
from ..index.checkpoint import state_bytes, state_from_bytes
from ..index.records import DocRecord, learning_order, record_from
from ..index.state import IndexState
from ..prepare import prepare
from .fingerprint import BATCH
from .inputs import ERRORS, WHERE, document
from .rows import result_row, result_schema

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["clean_on_driver"]

# Records learned per Index.learn_many call on the driver.
_LEARN_BATCH = 2048


def clean_on_driver(rows: DataFrame, config: Config | None) -> tuple[DataFrame, dict[str, int]]:
    """The results of ``rows`` (text, id, source, published), and the sizes of the learning."""
    from pyspark import StorageLevel

    index = Index(config)
    rule_config = index.rule_config(config)
    spark = rows.sparkSession
    records = rows.rdd.mapPartitionsWithIndex(partial(_fingerprint_partition, config=index.config))
    records.persist(StorageLevel.MEMORY_AND_DISK)
    try:
        records.count()
        for _, kind, message in records.filter(lambda item: item[0] == "!").take(1):
            raise ERRORS.get(kind, DedupError)(message)
        articles, lines, record_bytes = _learn(records, index)
    finally:
        records.unpersist()
    state = state_bytes(index._state)
    shared = spark.sparkContext.broadcast(state)
    token = uuid.uuid4().hex  # names this job's state in each worker's cache
    cleaned = rows.rdd.mapPartitions(partial(_clean_partition, state=shared, token=token, config=rule_config))
    sizes = {"articles": articles, "lines": lines, "record_bytes": record_bytes, "state_bytes": len(state)}
    return spark.createDataFrame(cleaned, result_schema(), verifySchema=False), sizes


def _fingerprint_partition(partition: int, rows: Iterable[Any], config: Config) -> Iterator[tuple[Any, ...]]:
    """Per row, its (learning order, text digest, record bytes); ("!", error class, message) on bad input."""
    batch: list[tuple[int, Any, tuple[str, str | None, str | None, Any]]] = []
    for k, row in enumerate(rows):
        try:
            batch.append((k, row, document(row)))
        except DedupError as err:
            yield _error(partition, k, row, err)
            return
        if len(batch) == BATCH:
            yield from _fingerprint_batch(config, partition, batch)
            batch = []
    yield from _fingerprint_batch(config, partition, batch)


def _fingerprint_batch(
    config: Config, partition: int, batch: list[tuple[int, Any, tuple[str, str | None, str | None, Any]]]
) -> Iterator[tuple[Any, ...]]:
    try:
        prepared = prepare([doc for _, _, doc in batch], config, WHERE) if batch else []
    except DedupError:  # name the row: prepare them one at a time
        for k, row, doc in batch:
            try:
                prepare([doc], config, WHERE)
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


_STATES: dict[str, IndexState] = {}  # job token -> the state rebuilt from its broadcast, once per worker


def _clean_partition(rows: Iterable[Any], state: Any, token: str, config: Config) -> Iterator[tuple[Any, ...]]:
    learned = _STATES.get(token)
    if learned is None:
        _STATES.clear()
        learned = _STATES[token] = state_from_bytes(state.value, config)
    index = Index.from_state(learned)
    batch: list[tuple[str, str | None, str | None, Any]] = []
    for row in rows:
        batch.append(document(row))
        if len(batch) == BATCH:
            yield from _clean_batch(index, batch, config)
            batch = []
    yield from _clean_batch(index, batch, config)


def _clean_batch(
    index: Index, batch: list[tuple[str, str | None, str | None, Any]], config: Config
) -> Iterator[tuple[Any, ...]]:
    prepared = prepare(batch, index.config, WHERE) if batch else []
    for p, rec in zip(prepared, index.records(prepared), strict=True):
        yield result_row(index.clean_prepared(p, rec, config))
