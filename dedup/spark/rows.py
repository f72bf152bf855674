"""Spark rows of results: a :class:`~dedup.CleanResult` as a row of :func:`result_schema` and back.

The row holds the fields of ``CleanResult.to_dict()`` (``text`` renamed ``clean_text``, each
removal's evidence as a JSON string: :mod:`dedup.result_arrow`, which the Parquet writer shares);
:func:`result_dict` gives exactly ``to_dict()`` again. pyspark is imported only by
:func:`result_schema`.
"""

from __future__ import annotations

import json
from typing import Any

from ..result_arrow import result_fields
from ..result_arrow import result_record as arrow_record
from ..types import CleanResult

__all__ = ["arrow_result_schema", "result_dict", "result_record", "result_row", "result_schema"]


def result_row(result: CleanResult) -> tuple[Any, ...]:
    """A CleanResult as a row of :func:`result_schema` (structs as tuples, in the schema's order).

    >>> import dedup
    >>> row = result_row(dedup.clean("Share\\nPutin met Kerry."))
    >>> row[2], row[7][0][4]
    ('Putin met Kerry.', 'template')
    """
    return _as_tuples(result_record(result))  # type: ignore[no-any-return]


def result_record(result: CleanResult) -> dict[str, Any]:
    """A CleanResult as a dict of :func:`result_schema`'s fields (an Arrow row)."""
    return arrow_record(result, "clean_text")


def result_schema() -> Any:
    """The Spark schema of the result rows (a ``pyspark.sql.types.StructType``)."""
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(arrow_result_schema())


def arrow_result_schema() -> Any:
    """:func:`result_schema` as a ``pyarrow.Schema`` (the rows executors build)."""
    import pyarrow as pa

    return pa.schema(result_fields(pa, "clean_text"))


def _as_tuples(value: Any) -> Any:
    # A record's structs (dicts, built in their schema's field order) as tuples, at any depth.
    if isinstance(value, dict):
        return tuple(_as_tuples(v) for v in value.values())
    if isinstance(value, list):
        return [_as_tuples(v) for v in value]
    return value


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
