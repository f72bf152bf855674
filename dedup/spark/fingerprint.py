"""Step 1 of the Spark job, on the executors: each row's fingerprints as one compact Arrow row.

Each partition is prepared in batches with :func:`dedup.prepare.prepare`, exactly as
``clean_corpus`` prepares it, and each article becomes one row of :data:`FINGERPRINT_SCHEMA`:
its checked id, outlet and date, its place in the learning order (``stamp``, with the id), a digest
of its text (two texts under one id are an error), its story anchors and whole-text key, the
distinct exact keys of its lines with words, and the band keys of the lines this task has not
emitted before (so that a banner's band keys cross the shuffle once per task, not once per
article). Keys are 64-bit and anchors and band keys 32-bit, reinterpreted as Spark's signed
integers (bit for bit). No text leaves the task.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
import xxhash

from ..config import Config
from ..dates import learning_key
from ..errors import DedupError
from ..index.records import record_from
from ..prepare import prepare
from .inputs import WHERE, document, error_message

__all__ = ["BATCH", "FINGERPRINT_SCHEMA", "fingerprint_batches", "list_array"]

#: Articles prepared together on an executor (fingerprint and clean passes): bounds a worker's memory.
BATCH = 512

FINGERPRINT_SCHEMA = (
    "row_id long, id string, source string, published string, stamp double, digest binary, text_key long, "
    "anchors array<int>, keys array<long>, lines long, band_keys array<long>, bands array<int>, error string"
)

_Doc = tuple[str, Any, Any, Any]


def fingerprint_batches(batches: Iterable[Any], config: Config) -> Iterator[Any]:
    """mapInArrow: rows (text, id, source, published, row_id) -> rows of FINGERPRINT_SCHEMA.

    A row that ``clean_corpus`` would refuse gives a row whose ``error`` names it (its class, a
    tab, the message), and the partition stops there."""
    from pyspark import TaskContext

    context = TaskContext.get()
    partition = context.partitionId() if context is not None else 0
    emitted: set[int] = set()  # keys whose band keys this task has emitted
    k = 0
    for batch in batches:
        cols = batch.to_pydict()
        docs: list[tuple[int, _Doc]] = []
        for text, doc_id, source, published, row_id in zip(
            cols["text"], cols["id"], cols["source"], cols["published"], cols["row_id"], strict=True
        ):
            try:
                docs.append((row_id, document((text, doc_id, source, published))))
            except DedupError as err:
                yield from _batches(config, docs, emitted)
                yield _error_batch(row_id, doc_id, error_message(partition, k, doc_id, err))
                return
            k += 1
        for lo in range(0, len(docs), BATCH):
            yield from _batches(config, docs[lo : lo + BATCH], emitted)


def _batches(config: Config, docs: list[tuple[int, _Doc]], emitted: set[int]) -> Iterator[Any]:
    if not docs:
        return
    import pyarrow as pa

    prepared = prepare([doc for _, doc in docs], config, WHERE)
    out: dict[str, list[Any]] = {name: [] for name in ("row_id", "id", "source", "published", "stamp", "digest")}
    text_keys, anchors, keys, lines, band_keys, bands = [], [], [], [], [], []
    for (row_id, doc), p in zip(docs, prepared, strict=True):
        rec = record_from(p)
        out["row_id"].append(row_id)
        out["id"].append(rec.doc_id)
        out["source"].append(rec.source)
        out["published"].append(rec.published)
        out["stamp"].append(learning_key(rec.published, rec.doc_id)[0])
        out["digest"].append(xxhash.xxh3_128_digest(doc[0].encode("utf-8", "surrogatepass")))
        text_keys.append(rec.text_key)
        anchors.append(rec.anchors.view(np.int32))
        with_words = np.flatnonzero(rec.words > 0)
        _, first = np.unique(rec.keys[with_words], return_index=True)
        rows = with_words[np.sort(first)]  # each distinct key's first row, in text order
        mine = rec.keys[rows]
        keys.append(mine.view(np.int64))
        lines.append(len(rec.keys))
        new = [r for r, key in zip(rows.tolist(), mine.tolist(), strict=True) if key not in emitted]
        emitted.update(rec.keys[new].tolist())
        band_keys.append(rec.keys[new].view(np.int64))
        bands.append(rec.bands[new].reshape(-1).view(np.int32))
    arrays = {
        "row_id": pa.array(out["row_id"], pa.int64()),
        "id": pa.array(out["id"], pa.string()),
        "source": pa.array(out["source"], pa.string()),
        "published": pa.array(out["published"], pa.string()),
        "stamp": pa.array(out["stamp"], pa.float64()),
        "digest": pa.array(out["digest"], pa.binary()),
        "text_key": pa.array(np.array(text_keys, np.uint64).view(np.int64)),
        "anchors": list_array(anchors, pa.int32()),
        "keys": list_array(keys, pa.int64()),
        "lines": pa.array(lines, pa.int64()),
        "band_keys": list_array(band_keys, pa.int64()),
        "bands": list_array(bands, pa.int32()),
        "error": pa.nulls(len(docs), pa.string()),
    }
    yield pa.RecordBatch.from_pydict(arrays)


def list_array(parts: list[npt.NDArray[Any]], kind: Any) -> Any:
    """One Arrow list array from numpy arrays, without a Python object per element."""
    import pyarrow as pa

    offsets = np.zeros(len(parts) + 1, np.int32)
    np.cumsum([len(x) for x in parts], out=offsets[1:])
    values = np.concatenate(parts) if parts else np.zeros(0)
    return pa.ListArray.from_arrays(pa.array(offsets), pa.array(values.astype(kind.to_pandas_dtype(), copy=False)))


def _error_batch(row_id: int, doc_id: Any, report: str) -> Any:
    import pyarrow as pa

    names = FINGERPRINT_SCHEMA.split(", ")
    fields = []
    for item in names:
        name, kind = item.split(" ", 1)
        arrow = {
            "long": pa.int64(),
            "string": pa.string(),
            "double": pa.float64(),
            "binary": pa.binary(),
            "array<int>": pa.list_(pa.int32()),
            "array<long>": pa.list_(pa.int64()),
        }[kind]
        fields.append(pa.field(name, arrow))
    schema = pa.schema(fields)
    row: dict[str, Any] = {name: None for name in schema.names}
    row.update(row_id=row_id, id=None if doc_id is None else str(doc_id), error=report)
    return pa.RecordBatch.from_pylist([row], schema=schema)
