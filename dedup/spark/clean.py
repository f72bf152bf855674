"""The last step of the Spark job, on the executors: each row cleaned with the evidence the
global step worked out for it, by :func:`dedup.cleaner.clean_with_evidence` (the function every
path cleans with).

Each row's facts (the evidence of its recurring lines, its canonical copy, its far copies) and
its text meet in one shuffle: both are range-partitioned on the row's position in the input and
sorted, facts first, so the output keeps the input's order and no table is held whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

import numpy as np

from ..cleaner import clean_with_evidence
from ..config import Config
from ..decisions import NO_EVIDENCE
from ..evidence import CanonicalCopy, FarCopies, LineEvidence
from ..prepare import prepare
from ..types import OutsideWindow
from .fingerprint import BATCH
from .inputs import WHERE, document
from .rows import arrow_result_schema, result_record

if TYPE_CHECKING:
    from pyspark.sql import DataFrame

__all__ = ["clean_rows"]

_U64 = (1 << 64) - 1
_U32 = (1 << 32) - 1


def clean_rows(rows: DataFrame, facts: DataFrame, partitions: int, config: Config) -> DataFrame:
    """``rows``: (text, id, source, published, row_id); ``facts``: per row_id, ``ev``,
    ``canonical``, ``members``, ``canon_anchors``, ``canon_text_key``, ``far_count``,
    ``far_examples``. Returns the result rows in the input's order."""
    from functools import partial

    from pyspark.sql import functions as F

    from .rows import result_schema

    both = rows.withColumn("kind", F.lit(1)).unionByName(facts.withColumn("kind", F.lit(0)), allowMissingColumns=True)
    ordered = both.repartitionByRange(partitions, "row_id").sortWithinPartitions("row_id", "kind")
    return ordered.mapInArrow(partial(_clean, config=config), result_schema())


def _clean(batches: Iterable[Any], config: Config) -> Iterator[Any]:
    import pyarrow as pa

    schema = arrow_result_schema()
    pending: list[tuple[tuple[str, Any, Any, Any], dict[str, Any] | None]] = []
    facts: dict[str, Any] | None = None
    for batch in batches:
        for row in batch.to_pylist():
            if row["kind"] == 0:
                facts = row
                continue
            doc = document((row["text"], row["id"], row["source"], row["published"]))
            pending.append((doc, facts if facts is not None and facts["row_id"] == row["row_id"] else None))
            facts = None
            if len(pending) == BATCH:
                yield pa.RecordBatch.from_pylist(_clean_batch(pending, config), schema=schema)
                pending = []
    if pending:
        yield pa.RecordBatch.from_pylist(_clean_batch(pending, config), schema=schema)


_ALONE = LineEvidence(0, 1, (), 0)  # a line no other article holds: the index's answer


def _clean_batch(pending: list[tuple[tuple[str, Any, Any, Any], dict[str, Any] | None]], config: Config) -> list[Any]:
    prepared = prepare([doc for doc, _ in pending], config, WHERE)
    out = []
    for p, (_, facts) in zip(prepared, pending, strict=True):
        facts = facts or {}
        found = {e["key"]: e for e in facts.get("ev") or ()}
        fp = p.fingerprints
        evidence = []
        for key, words in zip(fp.keys.view(np.int64).tolist(), fp.words.tolist(), strict=True):
            e = found.get(key) if words else None
            if e is None:
                evidence.append(_ALONE if words else NO_EVIDENCE)
            else:
                evidence.append(LineEvidence(e["stories"], e["outlets"], tuple(e["examples"]), e["recurring"]))
        canonical = None
        if facts.get("canonical") is not None:
            canonical = CanonicalCopy(
                facts["canonical"],
                facts["members"],
                frozenset(a & _U32 for a in facts["canon_anchors"]),
                facts["canon_text_key"] & _U64,
            )
        far = None
        if facts.get("far_count") is not None:
            far = FarCopies(facts["far_count"], tuple(facts["far_examples"]))
        times = OutsideWindow.of(far, None, config.syndication_window_days)
        out.append(result_record(clean_with_evidence(p, config, evidence, canonical, times)))
    return out
