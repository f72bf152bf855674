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

import contextlib
import gzip
import os
import tempfile
from collections.abc import Callable
from typing import IO, Any, Protocol, cast

from .encoding import json_bytes, printable
from .lines import line_number_at
from .readers import Record
from .types import CleanResult

__all__ = ["RESULT_FIELDS", "JsonlSink", "Sink", "Spool", "TextSink", "explain"]

#: The fields of a result record, in order (``CleanResult.to_dict()``).
RESULT_FIELDS = ("id", "source", "text", "credit", "duplicate_of", "syndication", "removals", "segments")
_RESERVED = frozenset((*RESULT_FIELDS, "input"))
_PREVIEW = 70
_REASON_WIDTH = 64


class Sink(Protocol):
    """A destination for results; see the module's docstring."""

    #: Whether ``admit`` returns anything to keep (else the spool is not needed).
    keeps_input: bool

    def admit(self, record: Record) -> bytes: ...

    def write(self, result: CleanResult, kept: bytes) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


def split_fields(record: Record) -> tuple[dict[str, Any], dict[str, Any], bool]:
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
        self._tmp = partial_path(path)
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


def partial_path(path: str) -> str:
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
        through, kept, text_is_original = split_fields(record)
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
        explain_lines(result, self._explain_to)

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
        page = f"==> {printable(str(result.id))} <==\n{result.text}\n"
        if self._explain:
            page += explain(result)
        self._out.write((page + "\n").encode("utf-8", "backslashreplace"))

    def close(self) -> None:
        self._out.commit()

    def abort(self) -> None:
        self._out.abort()


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


def explain_lines(result: CleanResult, say: Callable[[str], None] | None) -> None:
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
