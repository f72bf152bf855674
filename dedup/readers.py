"""Read articles from files: .txt (one article each), JSONL, .html, directories, gzip, and stdin.

Every problem is an InputFormatError naming the file and, for JSONL, the line. Text and JSONL
must be UTF-8; an HTML file is decoded as a browser would (:func:`dedup.html.decode_html`).
"""

from __future__ import annotations

import gzip
import io
import json
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any, Protocol

from .errors import InputFormatError
from .types import Document

__all__ = ["document_from_record", "parse_published", "read_documents"]

_TEXT_SUFFIXES = {".txt", ".text"}
_JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
_HTML_SUFFIXES = {".html", ".htm"}
_FIELDS = {"text", "html", "id", "source", "url", "published", "title"}


def read_documents(paths: list[str]) -> Iterator[Document]:
    """Yield the documents in ``paths``, in order; directories are walked in sorted order.

    ``-`` reads stdin: JSONL when its first non-blank character is ``{``, else one article.
    """
    for p in paths:
        if p == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", kind=None)
            continue
        path = Path(p)
        if path.is_dir():
            files = sorted(f for f in path.rglob("*") if f.is_file() and _kind(f) is not None)
            for f in files:
                yield from _read_file(f)
        elif path.is_file():
            yield from _read_file(path)
        else:
            raise InputFormatError("no such file or directory", path=p)


def _kind(path: Path) -> str | None:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    last = suffixes[-1] if suffixes else ""
    if last in _TEXT_SUFFIXES:
        return "text"
    if last in _JSONL_SUFFIXES:
        return "jsonl"
    if last in _HTML_SUFFIXES:
        return "html"
    return None


def _read_file(path: Path) -> Iterator[Document]:
    kind = _kind(path) or "text"  # a file named explicitly is read as text whatever its name
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rb") as fh:
            yield from _read_stream(fh, str(path), kind)
    except (OSError, EOFError) as err:
        if isinstance(err, FileNotFoundError):
            raise InputFormatError("no such file", path=str(path)) from err
        raise InputFormatError(f"cannot read: {err}", path=str(path)) from err


class _Readable(Protocol):
    def read(self) -> bytes: ...


def _read_stream(fh: _Readable, name: str, kind: str | None) -> Iterator[Document]:
    data = fh.read()
    if kind == "html":
        yield Document.from_html(data, id=name)  # bytes: decoded by the page's charset
        return
    text = _decode(data, name)
    if kind is None:
        kind = "jsonl" if text.lstrip().startswith("{") else "text"
    if kind == "text":
        yield Document(text=text, id=name)
    else:
        yield from _read_jsonl(io.StringIO(text), name)


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputFormatError(
            f"not valid UTF-8 (byte {err.start}): re-encode the file as UTF-8", path=name, line=line
        ) from err


def _read_jsonl(fh: IO[str], name: str) -> Iterator[Document]:
    for lineno, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw)
        except json.JSONDecodeError as err:
            raise InputFormatError(f"not valid JSON ({err.msg})", path=name, line=lineno) from err
        if not isinstance(record, dict):
            raise InputFormatError("each line must be a JSON object", path=name, line=lineno)
        try:
            yield document_from_record(record, default_id=f"{name}:{lineno}")
        except InputFormatError as err:
            raise InputFormatError(err.message, path=name, line=lineno) from err


def document_from_record(record: dict[str, Any], *, default_id: str | None = None) -> Document:
    """A Document from a dict with ``text`` (str) or ``html`` (str, or the page's bytes), and
    optional ``id``, ``source``, ``url``, ``published`` (ISO 8601) and ``title``."""
    has_text = isinstance(record.get("text"), str)
    has_html = isinstance(record.get("html"), (str, bytes))
    if not has_text and not has_html:
        present = sorted(k for k in record if k in _FIELDS) or sorted(record)[:5]
        found = ", ".join(f"{k} ({type(record[k]).__name__})" for k in present) or "nothing"
        raise InputFormatError(
            f"a document needs a 'text' or 'html' string field; 'html' may also be the page's bytes (found: {found})"
        )
    doc_id = record.get("id", default_id)
    published = parse_published(record.get("published"))
    if has_html and not has_text:
        doc = Document.from_html(
            record["html"], url=_opt_str(record, "url"), id=None if doc_id is None else str(doc_id)
        )
        return Document(
            text=doc.text,
            id=doc.id,
            source=_opt_str(record, "source") or doc.source,
            url=doc.url,
            published=published or doc.published,
            title=_opt_str(record, "title") or doc.title,
        )
    return Document(
        text=record["text"],
        id=None if doc_id is None else str(doc_id),
        source=_opt_str(record, "source"),
        url=_opt_str(record, "url"),
        published=published,
        title=_opt_str(record, "title"),
    )


def parse_published(value: object) -> datetime | None:
    """An ISO 8601 date or datetime (or a datetime) -> datetime; None stays None."""
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError as err:
            raise InputFormatError(
                f"'published' is {value!r}: use an ISO 8601 date such as 2018-07-16T10:02:00Z"
            ) from err
    raise InputFormatError(f"'published' is a {type(value).__name__}: use an ISO 8601 string")


def _opt_str(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputFormatError(f"'{key}' must be a string, got {type(value).__name__}")
    return value
