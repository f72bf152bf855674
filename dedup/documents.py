"""A record (a dict, as JSON or a DataFrame row gives it) -> a :class:`~dedup.types.Document`:
the fields an article may have, and their checks.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .dates import parse_published
from .encoding import shown
from .errors import InputFormatError, InvalidInputError
from .types import Document

if TYPE_CHECKING:
    from .config import Config

__all__ = ["as_document", "document_from_record"]

_FIELDS = {"text", "html", "id", "source", "url", "published", "title"}


def document_from_record(
    record: Mapping[str, Any], *, default_id: str | None = None, config: Config | None = None
) -> Document:
    """A Document from a dict with ``text`` (str) or ``html`` (str, or the page's bytes), and
    optional ``id`` (a string or an integer), ``source``, ``url``, ``published`` (ISO 8601) and
    ``title``. A record with a ``url`` and no ``source`` gets the URL's registered domain, as
    :meth:`Document.from_html` does (``config``: its ``max_html_bytes``, default 5 MB).

    >>> document_from_record({"text": "Hi.", "id": 7, "url": "https://news.bbc.co.uk/a"})
    Document(text='Hi.', id='7', source='bbc.co.uk', url='https://news.bbc.co.uk/a', published=None, title=None)
    >>> document_from_record({"text": "Hi.", "id": ["a", "b"]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.errors.InputFormatError: <input>: 'id' is ['a', 'b'] (a list): an id must be a string or an integer...
    """
    has_text = isinstance(record.get("text"), str)
    has_html = isinstance(record.get("html"), (str, bytes))
    if not has_text and not has_html:
        present = sorted(k for k in record if k in _FIELDS) or sorted(record)[:5]
        found = ", ".join(f"{k} ({type(record[k]).__name__})" for k in present) or "nothing"
        raise InputFormatError(
            f"a document needs a 'text' or 'html' string field; 'html' may also be the page's bytes (found: {found})"
        )
    doc_id = _id(record.get("id"), default_id)
    published = parse_published(record.get("published"))
    url = _opt_str(record, "url")
    source = _opt_str(record, "source")
    title = _opt_str(record, "title")
    if has_html and not has_text:
        doc = Document.from_html(record["html"], url=url, id=doc_id, config=config)
        return Document(
            text=doc.text,
            id=doc.id,
            source=source or doc.source,
            url=doc.url,
            published=published or doc.published,
            title=title or doc.title,
        )
    if source is None and url:
        from .html import source_from_url

        try:
            source = source_from_url(url)
        except ValueError as err:
            raise InputFormatError(f"'url' is {shown(url)}, not a URL ({err}): fix it, or give a 'source'") from err
    return Document(text=record["text"], id=doc_id, source=source, url=url, published=published, title=title)


def _id(value: object, default: str | None) -> str | None:
    if value is None:
        return default
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise InputFormatError(
        f"'id' is {shown(value)} (a {type(value).__name__}): an id must be a string or an integer; "
        "give each article a unique one, or leave it out"
    )


def _opt_str(record: Mapping[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputFormatError(f"'{key}' must be a string, got {type(value).__name__}")
    return value


def as_document(doc: Document | Mapping[str, Any], position: int = 0, config: Config | None = None) -> Document:
    """A Document from a Document or a dict (``text`` or ``html``, ``id``, ``source``, ...);
    ``config`` gives the largest HTML page read (``max_html_bytes``)."""
    if isinstance(doc, Document):
        return doc
    if isinstance(doc, Mapping):
        try:
            return document_from_record(dict(doc), config=config)
        except InputFormatError as err:
            raise InputFormatError(f"document {position}: {err.message}") from err
    raise InvalidInputError(
        f"document {position} is a {type(doc).__name__}: pass dedup.Document objects or dicts with a 'text'"
        " or 'html' field"
    )
