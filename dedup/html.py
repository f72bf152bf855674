"""HTML -> Document through trafilatura, tuned for recall: dedup's own rules remove what
extraction leaves behind, while text extraction drops cannot be brought back.

Provenance maps into the extracted text: ``CleanResult.original`` is trafilatura's output.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .errors import InvalidInputError
from .types import Document

__all__ = ["document_from_html", "source_from_url"]


def document_from_html(html: str, url: str | None = None, id: str | None = None) -> Document:
    """Extract the article of an HTML page.

    The source is the URL's host without ``www.``, else the page's site name.
    """
    if not isinstance(html, str):
        kind = type(html).__name__
        raise InvalidInputError(f"from_html() takes the page as str, got {kind}: decode it first")
    import trafilatura

    extracted: Any = trafilatura.bare_extraction(
        html, url=url, favor_recall=True, include_comments=False, with_metadata=True
    )
    if extracted is None:
        return Document(text="", id=id, url=url, source=source_from_url(url))
    text = extracted.text or ""
    published = None
    if extracted.date:
        try:
            published = datetime.fromisoformat(extracted.date)
        except ValueError:
            published = None
    source = source_from_url(url or extracted.url) or (extracted.sitename or None)
    return Document(
        text=text, id=id, source=source, url=url or extracted.url, published=published, title=extracted.title
    )


def source_from_url(url: str | None) -> str | None:
    """The outlet of a URL: its host, lower-cased, without ``www.``.

    >>> source_from_url("https://www.Reuters.com/world/x")
    'reuters.com'
    """
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower()
    return host.removeprefix("www.") or None
