"""Read articles from files, a record at a time: JSONL, JSON, .txt, .html, Parquet, folders, gzip, stdin.

- **JSONL** (``.jsonl``, ``.ndjson``, and gzip of either): one article object per line, read a
  line at a time, so memory holds one record, never the file.
- **JSON** (``.json``): one document, an article object or an array of them, read whole (use JSONL
  for large collections).
- **Text** (``.txt``, ``.text``): one article per file. **HTML** (``.html``, ``.htm``): one page
  per file, decoded as a browser would (:func:`dedup.html.decode_html`).
- **Parquet** (``.parquet``, with the ``parquet`` extra): one article per row, read a batch of
  rows at a time; columns as in JSONL.
- ``-`` is stdin: JSONL when its first non-blank character is ``{``, else one text article.

An article record has ``text`` (or ``html``), and optionally ``id`` (a string or an integer),
``source``, ``url`` (gives the source when there is none: its registered domain), ``published``
(ISO 8601) and ``title``; any other field is kept with it (:attr:`Record.fields`).

**Nothing is dropped silently.** Every problem goes to the ``on_problem`` callback as a
:class:`Problem`: a bad record (``"record"``: not JSON, not an article, over the size limit), a
file or folder that cannot be read (``"file"``), or a file in a folder that holds no articles
(``"not_article"``: a README, a ``.json`` of settings). The callback raises to stop, or returns
to go on with the next record. A file named on the command line that holds no articles is a
``"file"`` problem, not a warning.

**Size limit.** No record may be longer than ``max_record_bytes`` (:data:`MAX_RECORD_BYTES`, 64 MiB,
by default): a JSONL line, a text, HTML or JSON file (after gzip decompression), a Parquet row's
``text`` or ``html``. A longer one is a ``"record"`` problem, read past in pieces, so a gzip bomb
or a runaway line costs time, never memory.
"""

from __future__ import annotations

import importlib
import json
import os
import stat
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Literal, cast

from .documents import document_from_record
from .errors import ConfigError, InputFormatError
from .types import Document

if TYPE_CHECKING:
    from .config import Config

__all__ = [
    "MAX_RECORD_BYTES",
    "Problem",
    "Record",
    "read_documents",
    "read_records",
]

#: The longest record read, in bytes (64 MiB): a JSONL line, a whole .txt, .html or .json file, a
#: Parquet row's ``text`` or ``html``. A news page is rarely above a few MB.
MAX_RECORD_BYTES = 64 * 2**20

_TEXT_SUFFIXES = {".txt", ".text"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson"}
_HTML_SUFFIXES = {".html", ".htm"}
_READS = ".txt, .jsonl, .json, .html and .parquet files (.gz too, but for Parquet)"
_SKIP_PIECE = 2**20  # a line over the limit is read past this many bytes at a time
_PARQUET_BATCH = 256  # rows converted to Python at a time

Kind = Literal["text", "jsonl", "json", "html", "parquet"]
OnProblem = Callable[["Problem"], None]


@dataclass(frozen=True, slots=True)
class Record:
    """One article as read: its :class:`Document`, the input's own fields, and where it was.

    ``unit`` and ``number`` place it in its file: ``("line", 12)`` in JSONL, ``("item", 3)`` in a
    JSON array, ``("row", 7)`` in Parquet, ``("", None)`` for a whole file. ``raw`` is the record
    as read (a JSONL line's bytes), for a rejects file; ``fields`` is empty for a text or HTML file.
    """

    document: Document
    fields: Mapping[str, Any]
    path: str
    unit: str = ""
    number: int | None = None
    raw: bytes | None = None

    def error(self, message: str) -> InputFormatError:
        """An InputFormatError about this record, naming its file and line (or item, or row)."""
        return _error(self.path, self.unit, self.number, message)


@dataclass(frozen=True, slots=True)
class Problem:
    """Input that could not be read as articles; ``error`` names the file and the line.

    ``kind``: ``"record"`` (one bad record), ``"file"`` (a file or folder that cannot be read, or
    the rest of a damaged file) or ``"not_article"`` (a file in a folder that holds no articles).
    ``raw`` (a bad line's bytes) or ``fields`` (a bad JSON item or Parquet row) is the record as
    read, when there is one to copy to a rejects file.
    """

    error: InputFormatError
    kind: Literal["record", "file", "not_article"] = "record"
    raw: bytes | None = None
    fields: Mapping[str, Any] | None = None


def read_records(
    paths: Sequence[str],
    on_problem: OnProblem,
    *,
    max_record_bytes: int = MAX_RECORD_BYTES,
    stdin: IO[bytes] | None = None,
    config: Config | None = None,
) -> Iterator[Record]:
    """Yield the articles in ``paths`` in order, one :class:`Record` at a time; folders are walked
    in sorted order. Problems go to ``on_problem`` (see the module's docstring). ``config`` gives
    the largest HTML page read (``max_html_bytes``; default 5 MB).

    >>> import tempfile, pathlib
    >>> tmp = tempfile.TemporaryDirectory()
    >>> folder = pathlib.Path(tmp.name)
    >>> _ = (folder / "a.jsonl").write_text('{"id": 7, "text": "Hello.", "lang": "en"}\\nnot json\\n')
    >>> _ = (folder / "notes.md").write_text("# notes")
    >>> problems = []
    >>> [(r.document.id, dict(r.fields)["lang"], r.number) for r in read_records([str(folder)], problems.append)]
    [('7', 'en', 1)]
    >>> [(p.kind, p.error.message[:30]) for p in problems]
    [('record', 'not valid JSON (Expecting valu'), ('not_article', 'not an article file: dedup rea')]
    >>> tmp.cleanup()
    """
    if max_record_bytes < 1:
        raise ConfigError(f"max_record_bytes={max_record_bytes} is out of range: use a number of bytes >= 1")
    for p in paths:
        if p == "-":
            yield from _read_stdin(
                stdin if stdin is not None else sys.stdin.buffer, on_problem, max_record_bytes, config
            )
            continue
        try:
            mode = os.stat(p).st_mode
        except FileNotFoundError:
            on_problem(Problem(InputFormatError("no such file or directory", path=p), "file"))
            continue
        except OSError as err:
            on_problem(Problem(InputFormatError(f"cannot read: {err.strerror or err}", path=p), "file"))
            continue
        if stat.S_ISDIR(mode):
            for f in _walk(Path(p), on_problem):
                yield from _read_file(f, on_problem, max_record_bytes, named=False, config=config)
        else:
            yield from _read_file(Path(p), on_problem, max_record_bytes, named=True, config=config)


def read_documents(paths: list[str], *, max_record_bytes: int = MAX_RECORD_BYTES) -> Iterator[Document]:
    """The documents in ``paths``, in order; the first problem raises its InputFormatError (a file in
    a folder that holds no articles is skipped)."""

    def stop(problem: Problem) -> None:
        if problem.kind != "not_article":
            raise problem.error

    for record in read_records(paths, stop, max_record_bytes=max_record_bytes):
        yield record.document


def _walk(folder: Path, on_problem: OnProblem) -> list[Path]:
    """The regular files under ``folder``, sorted as paths; a folder that cannot be read is a problem."""

    def unreadable(err: OSError) -> None:
        where = err.filename if err.filename is not None else str(folder)
        on_problem(Problem(InputFormatError(f"cannot read folder: {err.strerror or err}", path=str(where)), "file"))

    found: list[Path] = []
    for top, dirs, files in os.walk(folder, onerror=unreadable):
        dirs.sort()
        for name in files:
            f = Path(top, name)
            if f.is_file():
                found.append(f)
            else:  # a FIFO or socket would block the read; a dangling link has nothing
                on_problem(Problem(InputFormatError("not a regular file", path=str(f)), "not_article"))
    return sorted(found)


def _kind(path: Path) -> Kind | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in _TEXT_SUFFIXES:
        return "text"
    if last in _JSONL_SUFFIXES:
        return "jsonl"
    if last == ".json":
        return "json"
    if last in _HTML_SUFFIXES:
        return "html"
    if last == ".parquet":
        return "parquet"
    return None


def _read_file(
    path: Path, on_problem: OnProblem, limit: int, *, named: bool, config: Config | None = None
) -> Iterator[Record]:
    name = str(path)
    kind = _kind(path)
    if kind is None:
        if not named:
            on_problem(
                Problem(InputFormatError(f"not an article file: dedup reads {_READS}", path=name), "not_article")
            )
            return
        kind = "text"  # a file named explicitly is read as text whatever its name
    if kind == "parquet":
        yield from _read_parquet(path, on_problem, limit, named=named, config=config)
        return
    gzipped = path.suffix.lower() == ".gz"
    lines: _Lines | None = None
    try:
        with _open(path, gzipped) as fh:
            if kind == "jsonl":
                lines = _Lines(fh, limit)
                yield from _read_jsonl(lines, name, on_problem, config)
                return
            data = fh.read(limit + 1)
            if len(data) > limit:
                hint = "write it as JSONL, one article a line" if kind == "json" else "--max-record-bytes raises it"
                message = f"longer than {limit:,} bytes, the record size limit (read whole): {hint}"
                on_problem(Problem(InputFormatError(message, path=name)))
                return
    except (OSError, EOFError, zlib.error) as err:
        after = f" after line {lines.number}" if lines is not None and lines.number else ""
        rest = "; the rest of the file is skipped" if after else ""
        reason = err.strerror if isinstance(err, OSError) and err.strerror else str(err) or type(err).__name__
        on_problem(Problem(InputFormatError(f"cannot read{after}: {reason}{rest}", path=name), "file"))
        return
    if kind == "html":
        try:
            doc = Document.from_html(data, id=name, config=config)  # bytes: decoded by the page's charset
        except InputFormatError as err:  # a page over the size limit (Config.max_html_bytes)
            on_problem(Problem(InputFormatError(err.message, path=name)))
            return
        yield Record(doc, {}, name)
    elif kind == "json":
        yield from _read_json(data, name, on_problem, named=named, config=config)
    else:
        text = _decode(data, name, on_problem)
        if text is not None:
            yield Record(Document(text=text, id=name), {}, name)


def _open(path: Path, gzipped: bool) -> IO[bytes]:
    if gzipped:
        import gzip

        return cast(IO[bytes], gzip.open(path, "rb"))
    return open(path, "rb")


class _Lines:
    """A binary stream's lines, each at most ``limit`` bytes (a longer one is read past, in pieces).

    Yields ``(number, data, complete)``; ``complete`` is False for a line over the limit (``data``
    is then its first ``limit + 1`` bytes). ``number`` is the last line's number.
    """

    def __init__(self, fh: IO[bytes], limit: int) -> None:
        self._fh = fh
        self._limit = limit
        self.number = 0

    def __iter__(self) -> Iterator[tuple[int, bytes, bool]]:
        while data := self._fh.readline(self._limit + 1):
            self.number += 1
            if len(data) > self._limit and not data.endswith(b"\n"):
                while (piece := self._fh.readline(_SKIP_PIECE)) and not piece.endswith(b"\n"):
                    pass
                yield self.number, data, False
            else:
                yield self.number, data, True


def _read_jsonl(
    lines: Iterable[tuple[int, bytes, bool]], name: str, on_problem: OnProblem, config: Config | None = None
) -> Iterator[Record]:
    for number, data, complete in lines:
        if not complete:
            message = f"a record longer than {len(data) - 1:,} bytes, the size limit (--max-record-bytes raises it)"
            on_problem(Problem(InputFormatError(message, path=name, line=number)))
            continue
        if number == 1 and data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if not data.strip():
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            message = f"not valid UTF-8 (byte {err.start + 1} of the line): re-encode the file as UTF-8"
            on_problem(Problem(InputFormatError(message, path=name, line=number), raw=data))
            continue
        try:
            fields = _parse_json(text)
        except InputFormatError as err:
            on_problem(Problem(InputFormatError(err.message, path=name, line=number), raw=data))
            continue
        if not isinstance(fields, dict):
            message = f"each line must be a JSON object (an article), got {_json_kind(fields)}"
            on_problem(Problem(InputFormatError(message, path=name, line=number), raw=data))
            continue
        try:
            doc = document_from_record(fields, default_id=f"{name}:{number}", config=config)
        except InputFormatError as err:
            on_problem(Problem(InputFormatError(err.message, path=name, line=number), raw=data))
            continue
        yield Record(doc, fields, name, "line", number, data)


def _read_json(
    data: bytes, name: str, on_problem: OnProblem, *, named: bool, config: Config | None = None
) -> Iterator[Record]:
    text = _decode(data, name, on_problem)
    if text is None:
        return
    try:
        document = _parse_json(text)
    except InputFormatError as err:
        on_problem(Problem(InputFormatError(err.message, path=name), "file"))
        return
    if isinstance(document, dict) and ("text" in document or "html" in document):
        items: list[Any] = [document]
    elif isinstance(document, list) and (
        not document or any(isinstance(d, dict) and ("text" in d or "html" in d) for d in document)
    ):
        items = document
    else:
        held = _json_kind(document)
        if isinstance(document, dict):
            keys = ", ".join(sorted(document)) or "none"
            held += f" with the keys {keys if len(keys) <= 80 else keys[:79] + '…'}"
        message = (
            f"not an article: a .json file holds one article (an object with 'text' or 'html') or an "
            f"array of them; this one holds {held}"
        )
        on_problem(Problem(InputFormatError(message, path=name), "file" if named else "not_article"))
        return
    single = isinstance(document, dict)
    for n, fields in enumerate(items, 1):
        unit, number = ("", None) if single else ("item", n)
        if not isinstance(fields, dict):
            message = f"each item must be a JSON object (an article), got {_json_kind(fields)}"
            on_problem(Problem(_error(name, unit, number, message), fields={"item": fields}))
            continue
        try:
            doc = document_from_record(fields, default_id=name if single else f"{name}#{n}", config=config)
        except InputFormatError as err:
            on_problem(Problem(_error(name, unit, number, err.message), fields=fields))
            continue
        yield Record(doc, fields, name, unit, number)


def _read_parquet(
    path: Path, on_problem: OnProblem, limit: int, *, named: bool, config: Config | None = None
) -> Iterator[Record]:
    name = str(path)
    if path.suffix.lower() == ".gz":
        message = "gzip-compressed Parquet cannot be read: Parquet compresses its own columns, so gunzip it"
        on_problem(Problem(InputFormatError(message, path=name), "file"))
        return
    try:
        pa: Any = importlib.import_module("pyarrow")  # untyped: as Any, without stubs
        pq: Any = importlib.import_module("pyarrow.parquet")
    except ImportError as err:
        raise ConfigError(f"{name}: reading Parquet needs pyarrow: pip install 'newsdedup[parquet]'") from err
    row = 0
    try:
        parquet = pq.ParquetFile(path)
        columns = parquet.schema_arrow.names
        if "text" not in columns and "html" not in columns:
            has = ", ".join(columns[:8]) or "none"
            message = f"not an article: a Parquet file of articles has a 'text' or 'html' column; this one has {has}"
            on_problem(Problem(InputFormatError(message, path=name), "file" if named else "not_article"))
            return
        for batch in parquet.iter_batches(batch_size=_PARQUET_BATCH):
            for fields in batch.to_pylist():
                row += 1
                if _too_long(fields.get("text"), limit) or _too_long(fields.get("html"), limit):
                    message = f"a record longer than {limit:,} bytes, the size limit (--max-record-bytes raises it)"
                    on_problem(Problem(_error(name, "row", row, message)))
                    continue
                try:
                    doc = document_from_record(fields, default_id=f"{name}#{row}", config=config)
                except InputFormatError as err:
                    on_problem(Problem(_error(name, "row", row, err.message), fields=fields))
                    continue
                yield Record(doc, fields, name, "row", row)
    except (OSError, pa.ArrowException) as err:
        after = f" after row {row}" if row else ""
        rest = "; the rest of the file is skipped" if row else ""
        on_problem(Problem(InputFormatError(f"cannot read as Parquet{after}: {err}{rest}", path=name), "file"))


def _read_stdin(fh: IO[bytes], on_problem: OnProblem, limit: int, config: Config | None = None) -> Iterator[Record]:
    """JSONL when the first non-blank character is ``{``, else one text article."""
    name = "<stdin>"
    lines = iter(_Lines(fh, limit))
    head: list[tuple[int, bytes, bool]] = []
    for item in lines:
        head.append(item)
        if item[1].strip() or not item[2]:
            break
    first = head[-1][1] if head else b""
    if first.removeprefix(b"\xef\xbb\xbf").lstrip().startswith(b"{"):
        yield from _read_jsonl(_chain(head, lines), name, on_problem, config)
        return
    data = b"".join(d for _, d, _ in head)
    if head and not head[-1][2]:
        data += b"x"  # over the limit already
    else:
        data += fh.read(max(0, limit + 1 - len(data)))  # read(-1) would read it all
    if len(data) > limit:
        message = f"longer than {limit:,} bytes, the record size limit (read whole): --max-record-bytes raises it"
        on_problem(Problem(InputFormatError(message, path=name)))
        return
    text = _decode(data, name, on_problem)
    if text is not None:
        yield Record(Document(text=text, id=name), {}, name)


def _chain(
    head: list[tuple[int, bytes, bool]], rest: Iterator[tuple[int, bytes, bool]]
) -> Iterator[tuple[int, bytes, bool]]:
    yield from head
    yield from rest


def _decode(data: bytes, name: str, on_problem: OnProblem) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        message = f"not valid UTF-8 (byte {err.start}): re-encode the file as UTF-8"
        on_problem(Problem(InputFormatError(message, path=name, line=line)))
        return None


def _parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputFormatError(f"not valid JSON ({err.msg}, column {err.colno})") from err
    except RecursionError as err:
        raise InputFormatError("not readable: JSON nested too deeply (about 1,000 levels or more)") from err
    except ValueError as err:  # e.g. an integer of more than 4,300 digits
        raise InputFormatError(f"not readable as JSON: {err}") from err


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")


def _error(path: str, unit: str, number: int | None, message: str) -> InputFormatError:
    if unit == "line":
        return InputFormatError(message, path=path, line=number)
    return InputFormatError(f"{unit} {number}: {message}" if unit else message, path=path)


def _too_long(value: object, limit: int) -> bool:
    if isinstance(value, bytes):
        return len(value) > limit
    if not isinstance(value, str) or len(value) * 4 <= limit:  # at most 4 bytes a character
        return False
    return len(value) > limit or len(value.encode("utf-8", "surrogatepass")) > limit
