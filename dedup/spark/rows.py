"""Spark rows of results: a :class:`~dedup.CleanResult` as a row of :func:`result_schema` and back.

The row holds the fields of ``CleanResult.to_dict()`` (``text`` renamed ``clean_text``, each
removal's evidence as a JSON string); :func:`result_dict` gives exactly ``to_dict()`` again.
pyspark is imported only by :func:`result_schema`.
"""

from __future__ import annotations

import json
from typing import Any

from ..types import CleanResult

__all__ = ["arrow_result_schema", "result_dict", "result_record", "result_row", "result_schema"]


def result_row(result: CleanResult) -> tuple[Any, ...]:
    """A CleanResult as a row of :func:`result_schema`.

    >>> import dedup
    >>> row = result_row(dedup.clean("Share\\nPutin met Kerry."))
    >>> row[2], row[7][0][4]
    ('Putin met Kerry.', 'template')
    """
    d = result.to_dict()
    syn = d["syndication"]
    return (
        d["id"],
        d["source"],
        d["text"],
        d["credit"],
        d["duplicate_of"],
        None
        if syn is None
        else (
            syn["canonical"],
            syn["members"],
            syn["similarity"],
            syn["containment"],
            syn["canonical_containment"],
            syn["adds"],
            syn["lacks"],
        ),
        None
        if d["outside_window"] is None
        else tuple(d["outside_window"][k] for k in ("far_copies", "examples", "window_days", "forgotten_before")),
        [
            (
                r["start"],
                r["end"],
                r["start_byte"],
                r["end_byte"],
                r["rule"],
                r["reason"],
                json.dumps(r["evidence"], ensure_ascii=False),
                r["text"],
            )
            for r in d["removals"]
        ],
        [tuple(s[k] for k in _SEGMENT_FIELDS) for s in d["segments"]],
    )


def result_record(result: CleanResult) -> dict[str, Any]:
    """A CleanResult as a dict of :func:`result_schema`'s fields (an Arrow row)."""
    values = result_row(result)
    syn, far = values[5], values[6]
    return {
        "id": values[0],
        "source": values[1],
        "clean_text": values[2],
        "credit": values[3],
        "duplicate_of": values[4],
        "syndication": None if syn is None else dict(zip(_SYNDICATION_FIELDS, syn, strict=True)),
        "outside_window": None if far is None else dict(zip(_OUTSIDE_FIELDS, far, strict=True)),
        "removals": [dict(zip(_REMOVAL_FIELDS, r, strict=True)) for r in values[7]],
        "segments": [dict(zip(_SEGMENT_FIELDS, s, strict=True)) for s in values[8]],
    }


_SYNDICATION_FIELDS = ("canonical", "members", "similarity", "containment", "canonical_containment", "adds", "lacks")
_OUTSIDE_FIELDS = ("far_copies", "examples", "window_days", "forgotten_before")
_REMOVAL_FIELDS = ("start", "end", "start_byte", "end_byte", "rule", "reason", "evidence", "text")
_SEGMENT_FIELDS = (
    "clean_start",
    "clean_end",
    "orig_start",
    "orig_end",
    "clean_start_byte",
    "clean_end_byte",
    "orig_start_byte",
    "orig_end_byte",
)


def result_schema() -> Any:
    """The Spark schema of the result rows (a ``pyspark.sql.types.StructType``)."""
    from pyspark.sql import types as T

    def field(name: str, kind: Any, nullable: bool = True) -> Any:
        return T.StructField(name, kind, nullable)

    long, string, double = T.LongType(), T.StringType(), T.DoubleType()
    syndication = T.StructType(
        [
            field("canonical", string, False),
            field("members", long, False),
            field("similarity", double, False),
            field("containment", double, False),
            field("canonical_containment", double, False),
            field("adds", T.ArrayType(T.ArrayType(long, False), False), False),
            field("lacks", long, False),
        ]
    )
    outside_window = T.StructType(
        [
            field("far_copies", long, False),
            field("examples", T.ArrayType(string, False), False),
            field("window_days", double),
            field("forgotten_before", string),
        ]
    )
    removal = T.StructType(
        [field(n, long, False) for n in ("start", "end", "start_byte", "end_byte")]
        + [field(n, string, False) for n in ("rule", "reason", "evidence", "text")]
    )
    segment = T.StructType([field(n, long, False) for n in _SEGMENT_FIELDS])
    return T.StructType(
        [
            field("id", string, False),
            field("source", string),
            field("clean_text", string, False),
            field("credit", string),
            field("duplicate_of", string),
            field("syndication", syndication),
            field("outside_window", outside_window),
            field("removals", T.ArrayType(removal, False), False),
            field("segments", T.ArrayType(segment, False), False),
        ]
    )


def arrow_result_schema() -> Any:
    """:func:`result_schema` as a ``pyarrow.Schema`` (the rows executors build)."""
    import pyarrow as pa

    def field(name: str, kind: Any, nullable: bool = True) -> Any:
        return pa.field(name, kind, nullable)

    long, string, double = pa.int64(), pa.string(), pa.float64()
    syndication = pa.struct(
        [
            field("canonical", string, False),
            field("members", long, False),
            field("similarity", double, False),
            field("containment", double, False),
            field("canonical_containment", double, False),
            field("adds", pa.list_(pa.field("element", pa.list_(pa.field("element", long, False)), False)), False),
            field("lacks", long, False),
        ]
    )
    outside = pa.struct(
        [
            field("far_copies", long, False),
            field("examples", pa.list_(pa.field("element", string, False)), False),
            field("window_days", double),
            field("forgotten_before", string),
        ]
    )
    removal = pa.struct(
        [field(n, long, False) for n in _REMOVAL_FIELDS[:4]] + [field(n, string, False) for n in _REMOVAL_FIELDS[4:]]
    )
    segment = pa.struct([field(n, long, False) for n in _SEGMENT_FIELDS])
    return pa.schema(
        [
            field("id", string, False),
            field("source", string),
            field("clean_text", string, False),
            field("credit", string),
            field("duplicate_of", string),
            field("syndication", syndication),
            field("outside_window", outside),
            field("removals", pa.list_(pa.field("element", removal, False)), False),
            field("segments", pa.list_(pa.field("element", segment, False)), False),
        ]
    )


def result_dict(row: Any) -> dict[str, Any]:
    """A result row (a Spark ``Row``, or a dict read back from the JSONL output) as
    ``CleanResult.to_dict()`` gives it.

    >>> row = {"id": "a1", "source": None, "clean_text": "Putin met Kerry.", "credit": None,
    ...        "duplicate_of": None, "syndication": None, "outside_window": None, "segments": [], "removals": [
    ...        {"start": 0, "end": 6, "start_byte": 0, "end_byte": 6, "rule": "template",
    ...         "reason": "share widget", "evidence": '{"pattern": "share"}', "text": "Share\\n"}]}
    >>> result_dict(row)["removals"][0]["evidence"]
    {'pattern': 'share'}
    """
    d = row.asDict(recursive=True) if hasattr(row, "asDict") else dict(row)
    syn = d.get("syndication")
    far = d.get("outside_window")
    return {
        "id": d["id"],
        "source": d.get("source"),
        "text": d["clean_text"],
        "credit": d.get("credit"),
        "duplicate_of": d.get("duplicate_of"),
        "syndication": None if syn is None else {**syn, "adds": [list(a) for a in syn["adds"]]},
        "outside_window": None if far is None else {**far, "examples": list(far["examples"])},
        "removals": [{**r, "evidence": json.loads(r["evidence"])} for r in d["removals"]],
        "segments": [dict(s) for s in d["segments"]],
    }
