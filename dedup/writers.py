"""Where ``dedup clean``'s results go: JSONL (gzip too), text, or Parquet, beside the input's own fields.

**Output records.** A JSONL or Parquet record is the input record's fields, unchanged and in
their order, then the result's (``CleanResult.to_dict()``: ``id``, ``source``, ``text``, ``credit``,
``duplicate_of``, ``syndication``, ``removals``, ``segments``). An input field with the name of
a result field (or named ``input``) is not overwritten: it is kept, unchanged, in an object
``input``. So the original text of an article read from ``{"text": ...}`` is ``input.text``
(the text the offsets of ``removals`` and ``segments`` point into), and an integer id is
``input.id`` beside the result's string ``id``. Text and HTML files have no fields of their own.

**Checked before learning.** Each sink works in two steps: :meth:`Sink.admit`, called while the
input is read (before anything is learned), checks that the record can be written and returns
what the output needs of its input, which waits on disk in a :class:`Spool`; :meth:`Sink.write`
then writes the result beside it. A record that cannot be written (a field Parquet cannot hold, a
value JSON cannot) is refused by ``admit``, so it is never learned.

**Any text is written.** JSONL writes lone surrogates (from badly decoded input) as JSON
``\\udXXX`` escapes. Parquet strings must be valid UTF-8: there a lone surrogate is written as
U+FFFD (one character, three UTF-8 bytes, as the surrogate counts, so every offset stays right),
and the record is named in a warning.

**Atomic files.** A file given with ``-o`` is written beside its final name and moved there
when the run succeeds; a failed run leaves no partial output.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import importlib
import json
import os
import pickle
import re
import tempfile
from collections.abc import Callable, Mapping
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any, Protocol, cast

from .errors import ConfigError
from .lines import line_number_at
from .readers import Record
from .types import CleanResult

__all__ = [
    "RESULT_FIELDS",
    "JsonlSink",
    "ParquetSink",
    "Sink",
    "Spool",
    "TextSink",
    "explain",
    "json_bytes",
    "open_output",
]

#: The fields of a result record, in order (``CleanResult.to_dict()``).
RESULT_FIELDS = ("id", "source", "text", "credit", "duplicate_of", "syndication", "removals", "segments")
_RESERVED = frozenset((*RESULT_FIELDS, "input"))
_PREVIEW = 70
_REASON_WIDTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")


class Sink(Protocol):
    """A destination for results; see the module's docstring."""

    #: Whether ``admit`` returns anything to keep (else the spool is not needed).
    keeps_input: bool

    def admit(self, record: Record) -> bytes: ...

    def write(self, result: CleanResult, kept: bytes) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


def json_bytes(value: object) -> bytes:
    """``value`` as UTF-8 JSON text: lone surrogates as ``\\udXXX`` escapes, dates and times as ISO
    8601 strings, decimals as strings, bytes as base64; a ValueError when it cannot be written.

    >>> json_bytes({"id": "a\\udcff", "day": date(2018, 7, 16), "n": [1, 2.5]})
    b'{"id": "a\\\\udcff", "day": "2018-07-16", "n": [1, 2.5]}'
    """
    try:
        text = json.dumps(value, ensure_ascii=False, default=_jsonable)
    except RecursionError as err:
        raise ValueError("nested too deeply to write as JSON") from err
    except TypeError as err:
        raise ValueError(str(err)) from err
    return text.encode("utf-8", "backslashreplace")  # a surrogate becomes its JSON escape


def _jsonable(value: object) -> object:
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=repr)
    raise TypeError(f"a {type(value).__name__} cannot be written as JSON")


def _split(record: Record) -> tuple[dict[str, Any], dict[str, Any], bool]:
    """(fields passed through, fields kept under ``input``, whether ``input.text`` is the original
    text itself: then it is taken from the result rather than kept twice)."""
    through: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for name, value in record.fields.items():
        (kept if name in _RESERVED else through)[name] = value
    text_is_original = "text" in kept and kept["text"] is record.document.text
    if text_is_original:
        del kept["text"]
    return through, kept, text_is_original


class _Output:
    """stdout, or a file written beside its final name (gzip when it ends in .gz) and moved there
    by :meth:`commit`."""

    def __init__(self, path: str | None, stdout: IO[bytes]) -> None:
        self.path = path
        self._tmp: str | None = None
        if path is None:
            self.stream: IO[bytes] = stdout
            return
        self._tmp = _partial(path)
        raw = open(self._tmp, "wb")  # noqa: SIM115 - closed by commit or abort
        self._raw = raw
        gz = path.lower().endswith(".gz")
        self.stream = cast(IO[bytes], gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)) if gz else raw

    def write(self, data: bytes) -> None:
        try:
            self.stream.write(data)
        except BrokenPipeError:
            raise
        except OSError as err:  # a full disk: name the file being written
            raise OSError(err.errno, err.strerror, self.path or "<stdout>") from err

    def commit(self) -> None:
        self.stream.flush()
        if self._tmp is None or self.path is None:
            return
        self.stream.close()
        self._raw.close()
        os.replace(self._tmp, self.path)
        self._tmp = None

    def abort(self) -> None:
        if self._tmp is None:
            with contextlib.suppress(OSError):
                self.stream.flush()
            return
        with contextlib.suppress(OSError):
            self.stream.close()
            self._raw.close()
        with contextlib.suppress(OSError):
            os.unlink(self._tmp)
        self._tmp = None


def _partial(path: str) -> str:
    """A new file beside ``path`` to write it in, with the permissions a new file gets."""
    folder, name = os.path.split(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".partial", dir=folder)
    except OSError as err:  # name the file asked for, not the temporary one
        raise OSError(err.errno, err.strerror, path) from err
    os.close(fd)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private
    return tmp


class JsonlSink:
    """JSONL, one record a line: the input's fields, then the result's (see the module's docstring).

    ``explain_to`` receives the lines of :func:`explain` for every article (stderr, typically).
    """

    keeps_input = True

    def __init__(self, path: str | None, stdout: IO[bytes], explain_to: Callable[[str], None] | None = None) -> None:
        self._out = _Output(path, stdout)
        self._explain_to = explain_to

    def admit(self, record: Record) -> bytes:
        through, kept, text_is_original = _split(record)
        try:
            head = json_bytes(through)[1:-1] if through else b""
            under = json_bytes(kept)[1:-1] if kept else b""
        except ValueError as err:
            raise record.error(f"cannot be written as JSON: {err}") from err
        return b"\0".join((head, under, b"1" if text_is_original else b""))

    def write(self, result: CleanResult, kept: bytes) -> None:
        head, under, text_is_original = kept.split(b"\0") if kept else (b"", b"", b"")
        body = json_bytes(result.to_dict())[1:-1]
        parts = [b"{", head, b", " if head else b"", body]
        if text_is_original:
            under += (b", " if under else b"") + b'"text": ' + json_bytes(result.original)
        if under:
            parts += [b', "input": {', under, b"}"]
        parts.append(b"}\n")
        self._out.write(b"".join(parts))
        _explain_lines(result, self._explain_to)

    def close(self) -> None:
        self._out.commit()

    def abort(self) -> None:
        self._out.abort()


class TextSink:
    """Plain text for people: ``==> id <==``, the clean text, and with ``explain`` what was removed."""

    keeps_input = False

    def __init__(self, path: str | None, stdout: IO[bytes], *, explain: bool = False) -> None:
        self._out = _Output(path, stdout)
        self._explain = explain

    def admit(self, record: Record) -> bytes:
        return b""

    def write(self, result: CleanResult, kept: bytes) -> None:
        from .console import printable

        page = f"==> {printable(str(result.id))} <==\n{result.text}\n"
        if self._explain:
            page += explain(result)
        self._out.write((page + "\n").encode("utf-8", "backslashreplace"))

    def close(self) -> None:
        self._out.commit()

    def abort(self) -> None:
        self._out.abort()


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
        self._tmp: str | None = _partial(path)
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
        through, kept, text_is_original = _split(record)
        new_through = self._unify(self._through, through, record)
        new_kept = self._unify(self._kept, kept, record, prefix="input.")
        if text_is_original and "text" not in new_kept:
            new_kept = self._unify(new_kept, {"text": ""}, record, prefix="input.")
        self._through, self._kept = new_through, new_kept
        try:
            return pickle.dumps((through, kept, text_is_original), protocol=pickle.HIGHEST_PROTOCOL)
        except (RecursionError, pickle.PicklingError, TypeError) as err:
            raise record.error(f"cannot be kept for the output: {err}") from err

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
        through, under, text_is_original = pickle.loads(kept)
        row = {**through, **_result_row(result)}
        if text_is_original:
            under["text"] = result.original
        if self._kept:
            row["input"] = under
        self._rows.append(row)
        self._chars += len(result.original)
        _explain_lines(result, self._explain_to)
        if len(self._rows) >= self._ROWS or self._chars >= self._CHARS:
            self._flush()

    def _flush(self) -> None:
        pa = self._pa
        if self._schema is None:
            self._schema = self._full_schema()
            assert self._tmp is not None
            self._writer = self._pq.ParquetWriter(self._tmp, self._schema)
        try:
            table = pa.Table.from_pylist(self._rows, schema=self._schema)
        except UnicodeEncodeError:
            for row in self._rows:
                if _has_surrogate(row):
                    self.lossy += 1
                    if self._warn is not None:
                        self._warn(
                            f"{row.get('id')}: lone surrogates written as U+FFFD (Parquet strings must be UTF-8)"
                        )
            table = pa.Table.from_pylist([_without_surrogates(row) for row in self._rows], schema=self._schema)
        if table.num_rows:
            self._writer.write_table(table)
        self._rows, self._chars = [], 0

    def _full_schema(self) -> Any:
        pa = self._pa
        columns = [pa.field(name, kind) for name, kind in self._through.items()] + list(_result_schema(pa))
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


def _result_row(result: CleanResult) -> dict[str, Any]:
    d = result.to_dict()
    for r in d["removals"]:
        r["evidence"] = json.dumps(r["evidence"], ensure_ascii=False)
    return d


def _result_schema(pa: Any) -> list[Any]:
    long, string, double = pa.int64(), pa.string(), pa.float64()

    def field(name: str, kind: Any, nullable: bool = True) -> Any:
        return pa.field(name, kind, nullable)

    offsets = ("start", "end", "start_byte", "end_byte")
    segment_offsets = (
        *("clean_start", "clean_end", "orig_start", "orig_end"),
        *("clean_start_byte", "clean_end_byte", "orig_start_byte", "orig_end_byte"),
    )
    syndication = pa.struct(
        [
            field("canonical", string, False),
            field("members", long, False),
            *(field(n, double, False) for n in ("similarity", "containment", "canonical_containment")),
            field("adds", pa.list_(pa.list_(long)), False),
            field("lacks", long, False),
        ]
    )
    removal = pa.struct(
        [field(n, long, False) for n in offsets]
        + [field(n, string, False) for n in ("rule", "reason", "evidence", "text")]
    )
    segment = pa.struct([field(n, long, False) for n in segment_offsets])
    return [
        field("id", string, False),
        field("source", string),
        field("text", string, False),
        field("credit", string),
        field("duplicate_of", string),
        field("syndication", syndication),
        field("removals", pa.list_(removal), False),
        field("segments", pa.list_(segment), False),
    ]


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


def open_output(
    path: str | None,
    fmt: str,
    *,
    stdout: IO[bytes],
    explain: bool = False,
    say: Callable[[str], None] | None = None,
) -> Sink:
    """The sink for ``fmt`` (``jsonl``, ``text``, ``parquet``) writing to ``path`` (None: stdout).

    With ``explain``, text output holds the explanations; JSONL and Parquet send them to ``say``.
    Raises OSError when ``path`` cannot be created.
    """
    if fmt == "parquet":
        if path is None:
            raise ConfigError("Parquet output goes to a file: give -o FILE.parquet")
        return ParquetSink(path, say, say if explain else None)
    if fmt == "text":
        return TextSink(path, stdout, explain=explain)
    return JsonlSink(path, stdout, say if explain else None)


class Spool:
    """Byte strings put while reading and taken back in the same order while writing, on disk
    (a temporary file in ``directory``), so that memory holds one of them at a time.

    >>> spool = Spool()
    >>> spool.put(b"first"); spool.put(b""); spool.put(b"third")
    >>> [spool.take() for _ in range(3)]
    [b'first', b'', b'third']
    >>> spool.close()
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self._where = os.fspath(directory) if directory is not None else tempfile.gettempdir()
        try:
            self._fh = tempfile.TemporaryFile(prefix="dedup-spool-", dir=directory)  # noqa: SIM115 - closed by close()
        except OSError as err:
            raise self._error(err) from err
        self._reading = False

    def put(self, data: bytes) -> None:
        if self._reading:
            raise RuntimeError("Spool.put after take: every put comes before the first take")
        try:
            self._fh.write(len(data).to_bytes(8, "little"))
            self._fh.write(data)
        except OSError as err:
            raise self._error(err) from err

    def _error(self, err: OSError) -> OSError:
        return OSError(err.errno, f"{err.strerror} (temporary data; --temp-dir picks another folder)", self._where)

    def take(self) -> bytes:
        if not self._reading:
            self._fh.flush()
            self._fh.seek(0)
            self._reading = True
        size = int.from_bytes(self._fh.read(8), "little")
        return self._fh.read(size)

    def close(self) -> None:
        self._fh.close()


def _explain_lines(result: CleanResult, say: Callable[[str], None] | None) -> None:
    if say is not None:
        for line in explain(result).splitlines():
            say(line)


def explain(result: CleanResult) -> str:
    """Every removed line of ``result``, one a line, in aligned columns: where, rule, reason,
    and the start of the removed text.

    >>> import dedup
    >>> print(explain(dedup.clean("Share\\nPutin met Kerry in Geneva on Monday.\\nReuters")), end="")
    -- None: 2 removed
       line 1  template  share widget           'Share'
       line 3  credit    wire credit (Reuters)  'Reuters'
    """
    from .console import printable

    if not result.removals:
        return f"-- {printable(str(result.id))}: nothing removed\n"
    rows = []
    for r in result.removals:
        chunk = result.original[r.start : r.end]
        first = line_number_at(result.original, r.start + len(chunk) - len(chunk.lstrip()))
        last = line_number_at(result.original, r.start + len(chunk.rstrip()) - 1)
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        preview = " ".join(chunk.split())
        if len(preview) > _PREVIEW:
            preview = preview[: _PREVIEW - 1] + "…"
        rows.append((where, r.rule, printable(r.reason), repr(preview)))
    w_where = max(len(row[0]) for row in rows)
    w_rule = max(len(row[1]) for row in rows)
    w_reason = min(max(len(row[2]) for row in rows), _REASON_WIDTH)
    out = [f"-- {printable(str(result.id))}: {len(rows)} removed\n"]
    out += [f"   {w:<{w_where}}  {rule:<{w_rule}}  {why:<{w_reason}}  {p}\n" for w, rule, why, p in rows]
    return "".join(out)
