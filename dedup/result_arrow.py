"""A :class:`~dedup.CleanResult` as an Arrow row, and the Arrow fields of such rows: what the
Parquet writer (:mod:`dedup.parquet`) and the Spark job (:mod:`dedup.spark.rows`) write.

A row holds the fields of ``CleanResult.to_dict()``, in its order, with each removal's evidence
as a JSON string (its shape differs from rule to rule). The text field is named by the caller:
``text`` in a Parquet file, ``clean_text`` in Spark, where the input has a text column of its own.
pyarrow is imported by the caller and passed in, so that importing this module costs nothing.
"""

from __future__ import annotations

import json
from typing import Any

from .types import CleanResult

__all__ = ["result_fields", "result_record"]

_SEGMENT_FIELDS = (
    *("clean_start", "clean_end", "orig_start", "orig_end"),
    *("clean_start_byte", "clean_end_byte", "orig_start_byte", "orig_end_byte"),
)


def result_record(result: CleanResult, text_field: str = "text") -> dict[str, Any]:
    """``result.to_dict()`` as a row of :func:`result_fields`.

    >>> import dedup
    >>> row = result_record(dedup.clean("Share\\nPutin met Kerry."), "clean_text")
    >>> row["clean_text"], row["removals"][0]["evidence"][:12]
    ('Putin met Kerry.', '{"pattern": ')
    """
    d = result.to_dict()
    d["removals"] = [{**r, "evidence": json.dumps(r["evidence"], ensure_ascii=False)} for r in d["removals"]]
    return {(text_field if k == "text" else k): v for k, v in d.items()}


def result_fields(pa: Any, text_field: str = "text") -> list[Any]:
    """The Arrow fields of :func:`result_record`'s rows (``pa``: the pyarrow module)."""

    def field(name: str, kind: Any, nullable: bool = True) -> Any:
        return pa.field(name, kind, nullable)

    def items(kind: Any) -> Any:  # a list of non-null values
        return pa.list_(pa.field("element", kind, False))

    long, string, double = pa.int64(), pa.string(), pa.float64()
    syndication = pa.struct(
        [
            field("canonical", string, False),
            field("members", long, False),
            *(field(n, double, False) for n in ("similarity", "containment", "canonical_containment")),
            field("adds", items(items(long)), False),
            field("lacks", long, False),
        ]
    )
    outside_window = pa.struct(
        [
            field("far_copies", long, False),
            field("examples", items(string), False),
            field("window_days", double),
            field("forgotten_before", string),
        ]
    )
    removal = pa.struct(
        [field(n, long, False) for n in ("start", "end", "start_byte", "end_byte")]
        + [field(n, string, False) for n in ("rule", "reason", "evidence", "text")]
    )
    segment = pa.struct([field(n, long, False) for n in _SEGMENT_FIELDS])
    return [
        field("id", string, False),
        field("source", string),
        field(text_field, string, False),
        field("credit", string),
        field("duplicate_of", string),
        field("syndication", syndication),
        field("outside_window", outside_window),
        field("removals", items(removal), False),
        field("segments", items(segment), False),
    ]
