"""Parquet output for ``dedup clean -o FILE.parquet`` (needs pyarrow: the ``parquet`` extra).

Columns: the input's fields (each typed from the values seen; a field whose values have no common
type refuses the record that disagrees), the result's fields (``removals[].evidence`` as a JSON
string, as ``dedup spark-clean`` writes it), and ``input`` as a struct (see :mod:`dedup.writers`).
Each record's input fields wait for their result as a one-row Arrow IPC stream, which keeps their
types exactly. Parquet strings must be UTF-8: a lone surrogate is written as U+FFFD (one
character, as the surrogate counts, so every offset stays right), and the record is named in a
warning.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
from collections.abc import Callable, Mapping
from typing import Any, cast

from .encoding import printable
from .errors import ConfigError
from .readers import Record
from .result_arrow import result_fields, result_record
from .types import CleanResult
from .writers import explain_lines, partial_path, split_fields

__all__ = ["ParquetSink"]

_SURROGATE = re.compile("[\ud800-\udfff]")


class ParquetSink:
    """One Parquet file (needs pyarrow: the ``parquet`` extra), in row groups of a few hundred rows.

    Columns: the input's fields (each typed from the values seen; a field whose values have no
    common type refuses the record that disagrees), the result's fields (``removals[].evidence``
    as a JSON string, as ``dedup spark-clean`` writes it), and ``input`` as a struct.
    ``warn`` is told of each record whose lone surrogates were written as U+FFFD; ``explain_to``
    receives the lines of :func:`explain` for every article.
    """

    keeps_input = True
    _ROWS = 256
    _CHARS = 16 * 2**20

    def __init__(
        self, path: str, warn: Callable[[str], None] | None = None, explain_to: Callable[[str], None] | None = None
    ) -> None:
        try:
            pa: Any = importlib.import_module("pyarrow")  # untyped: as Any, without stubs
            pq: Any = importlib.import_module("pyarrow.parquet")
        except ImportError as err:
            raise ConfigError(f"writing {path} needs pyarrow: pip install 'newsdedup[parquet]'") from err
        self._pa = pa
        self._pq = pq
        self._path = path
        self._tmp: str | None = partial_path(path)
        self._warn = warn
        self._explain_to = explain_to
        self._through: dict[str, Any] = {}  # field -> pyarrow type, in first-seen order
        self._kept: dict[str, Any] = {}
        self._rows: list[dict[str, Any]] = []
        self._chars = 0
        self._writer: Any = None
        self._schema: Any = None
        self.lossy = 0  # records written with U+FFFD for lone surrogates

    def admit(self, record: Record) -> bytes:
        through, kept, text_is_original = split_fields(record)
        new_through = self._unify(self._through, through, record)
        new_kept = self._unify(self._kept, kept, record, prefix="input.")
        if text_is_original and "text" not in new_kept:
            new_kept = self._unify(new_kept, {"text": ""}, record, prefix="input.")
        lossy = _has_surrogate(through) or _has_surrogate(kept)  # written as U+FFFD (see write)
        if lossy:
            through, kept = _without_surrogates(through), _without_surrogates(kept)
        try:
            flags = (b"o" if text_is_original else b"") + (b"s" if lossy else b"")
            packed = [self._pack(through), self._pack(kept), flags]
        except (self._pa.ArrowException, RecursionError, TypeError, ValueError) as err:
            raise record.error(f"cannot be kept for the output: {err}") from err
        self._through, self._kept = new_through, new_kept
        return b"".join(len(part).to_bytes(8, "little") + part for part in packed)

    def _pack(self, fields: Mapping[str, Any]) -> bytes:
        """Fields as a one-row Arrow IPC stream (their types kept exactly, and data only: never code)."""
        if not fields:
            return b""
        pa = self._pa
        table = pa.Table.from_pylist([dict(fields)])
        out = pa.BufferOutputStream()
        with pa.ipc.new_stream(out, table.schema) as stream:
            stream.write_table(table)
        return cast(bytes, out.getvalue().to_pybytes())

    def _unpack(self, data: bytes) -> dict[str, Any]:
        if not data:
            return {}
        rows = self._pa.ipc.open_stream(data).read_all().to_pylist()
        return cast(dict[str, Any], rows[0])

    def _unify(
        self, types: dict[str, Any], fields: Mapping[str, Any], record: Record, prefix: str = ""
    ) -> dict[str, Any]:
        pa = self._pa
        out = dict(types)
        for name, value in fields.items():
            try:
                kind = _arrow_type(pa, value)
            except (pa.ArrowException, OverflowError, ValueError, TypeError, RecursionError) as err:
                raise record.error(
                    f"field '{prefix}{name}' cannot be a Parquet column ({err}): write JSONL (-o FILE.jsonl) instead"
                ) from err
            old = out.get(name)
            if old is None or old == kind:
                out[name] = kind
                continue
            try:
                one = pa.schema([pa.field("x", old)])
                out[name] = pa.unify_schemas([one, pa.schema([pa.field("x", kind)])], promote_options="permissive")[
                    0
                ].type
            except (pa.ArrowException, TypeError) as err:
                raise record.error(
                    f"field '{prefix}{name}' is {kind} here but {old} in earlier records: a Parquet column holds "
                    "one type; make the field's values agree, or write JSONL (-o FILE.jsonl)"
                ) from err
        return out

    def write(self, result: CleanResult, kept: bytes) -> None:
        parts = []
        at = 0
        while at < len(kept):
            size = int.from_bytes(kept[at : at + 8], "little")
            parts.append(kept[at + 8 : at + 8 + size])
            at += 8 + size
        through, under, flags = self._unpack(parts[0]), self._unpack(parts[1]), parts[2]
        row = {**through, **result_record(result)}
        if b"o" in flags:
            under["text"] = result.original
        if self._kept:
            row["input"] = under
        if b"s" in flags or _has_surrogate(row):
            self.lossy += 1
            if self._warn is not None:
                self._warn(
                    f"{printable(str(result.id))}: lone surrogates written as U+FFFD (Parquet strings must be UTF-8)"
                )
            row = _without_surrogates(row)
        self._rows.append(row)
        self._chars += len(result.original)
        explain_lines(result, self._explain_to)
        if len(self._rows) >= self._ROWS or self._chars >= self._CHARS:
            self._flush()

    def _flush(self) -> None:
        pa = self._pa
        if self._schema is None:
            self._schema = self._full_schema()
            assert self._tmp is not None
            self._writer = self._pq.ParquetWriter(self._tmp, self._schema)
        table = pa.Table.from_pylist(self._rows, schema=self._schema)
        if table.num_rows:
            self._writer.write_table(table)
        self._rows, self._chars = [], 0

    def _full_schema(self) -> Any:
        pa = self._pa
        columns = [pa.field(name, kind) for name, kind in self._through.items()] + result_fields(pa)
        if self._kept:
            columns.append(pa.field("input", pa.struct([pa.field(n, k) for n, k in self._kept.items()])))
        return pa.schema(columns)

    def close(self) -> None:
        self._flush()
        self._writer.close()
        assert self._tmp is not None
        os.replace(self._tmp, self._path)
        self._tmp = None

    def abort(self) -> None:
        if self._writer is not None:
            with contextlib.suppress(Exception):
                self._writer.close()
        if self._tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(self._tmp)
            self._tmp = None


_SCALAR_TYPES: dict[type, str] = {str: "string", bool: "bool_", float: "float64", type(None): "null", bytes: "binary"}


def _arrow_type(pa: Any, value: object) -> Any:
    name = _SCALAR_TYPES.get(type(value))
    if name is not None:
        return getattr(pa, name)()
    if isinstance(value, int):  # bool is a scalar type above
        if not -(2**63) <= value < 2**63:
            raise OverflowError(f"{value} does not fit in a 64-bit integer")
        return pa.int64()
    kind = pa.array([value]).type
    if pa.types.is_struct(kind) and kind.num_fields == 0:
        raise ValueError("an empty object has no columns")
    return kind


def _has_surrogate(value: object) -> bool:
    if isinstance(value, str):
        return _SURROGATE.search(value) is not None
    if isinstance(value, Mapping):
        return any(_has_surrogate(k) or _has_surrogate(v) for k, v in value.items())
    if isinstance(value, (list, tuple)):
        return any(_has_surrogate(v) for v in value)
    return False


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, Mapping):
        return {_without_surrogates(k): _without_surrogates(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_without_surrogates(v) for v in value]
    return value
