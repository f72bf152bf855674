"""HTML -> Document: trafilatura run twice, merged line by line, then cleaned by dedup's rules.

trafilatura runs in its default mode (recall first) and in ``favor_precision`` mode, both
without comment sections (reader comments are not the article); :mod:`dedup.extract` merges the
two outputs: the precise lines, plus the recall-only lines that read like body sentences, or
the recall output alone when the precise one failed. A third extractor, readability (trafilatura's
vendored readability-lxml), then gives back whole sections that both trafilatura modes lost
(:func:`dedup.extract.recover_sections`). On the article-extraction benchmark this extraction
scores F1 0.972 (also 0.972 once cleaned) where trafilatura alone scores 0.953 (default) and 0.959
(``favor_precision``); see benchmarks/RESULTS.md.

**Provenance maps into the extracted text.** ``Document.text`` is the merged extraction, and
when the document is cleaned, ``CleanResult.original`` is that text: every offset of a
``Segment`` or a ``Removal`` points into it, not into the HTML.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .errors import InvalidInputError
from .extract import merged_text
from .types import Document

__all__ = ["document_from_html", "readability_paragraphs", "source_from_url"]

#: Elements that start a new paragraph in readability's output.
_BLOCKS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "div", "section"),
        *("article", "ul", "ol", "table", "tr", "br", "dd", "dt", "figcaption", "caption", "header", "footer"),
        *("aside", "figure"),
    }
)


def document_from_html(html: str, url: str | None = None, id: str | None = None) -> Document:
    """Extract the article of an HTML page, with its title, date and outlet.

    Args:
        html: the page, decoded to str.
        url: where it was fetched from: gives the source (the registered domain) and helps
            trafilatura resolve the page.
        id: the document's id.

    Returns:
        A Document whose ``text`` is the extracted article (empty when the page has none),
        ``title`` and ``published`` from the page's metadata, and ``source`` the URL's
        registered domain, else the page's own URL, else its site name.

    >>> page = ("<html><head><title>Budget passes</title></head><body><article>"
    ...         "<h1>Budget passes</h1><p>The city council passed the budget on Monday after a long debate "
    ...         "that ran late into the night.</p><p>The mayor said she was pleased with the outcome and "
    ...         "thanked the council members for their work.</p></article></body></html>")
    >>> doc = document_from_html(page, url="https://news.example.co.uk/2024/budget")
    >>> doc.source, doc.title
    ('example.co.uk', 'Budget passes')
    >>> "passed the budget on Monday" in doc.text
    True
    """
    if not isinstance(html, str):
        kind = type(html).__name__
        raise InvalidInputError(f"from_html() takes the page as str, got {kind}: decode it first")
    import trafilatura

    precise: Any = trafilatura.bare_extraction(
        html, url=url, favor_precision=True, include_comments=False, with_metadata=True
    )
    recall: Any = trafilatura.bare_extraction(html, url=url, include_comments=False, with_metadata=False)
    recall_text = (recall.text or "") if recall is not None else ""
    precise_text = (precise.text or "") if precise is not None else ""
    if precise_text or recall_text:
        text = merged_text(recall_text, precise_text, readability_paragraphs(html), _visible_text(html))
    else:
        text = ""
    # Metadata comes with the precise pass; when that pass finds no article, read it separately.
    meta: Any = precise if precise is not None else trafilatura.extract_metadata(html, default_url=url)
    page_url = url or (meta.url if meta is not None else None)
    source = source_from_url(page_url) or ((meta.sitename or None) if meta is not None else None)
    return Document(
        text=text,
        id=id,
        source=source,
        url=page_url,
        published=_parse_date(meta.date if meta is not None else None),
        title=(meta.title or None) if meta is not None else None,
    )


def readability_paragraphs(html: str) -> list[str]:
    """The article as readability (trafilatura's vendored readability-lxml) sees it, one paragraph
    per line, whitespace collapsed; empty when it finds none.

    >>> page = ("<html><body><div><p>The council met on Monday to vote on the new city budget for the year.</p>"
    ...         "<p>It passed by <b>seven</b> votes to two after a debate that lasted late into the night.</p>"
    ...         "</div></body></html>")
    >>> readability_paragraphs(page)[-1]
    'It passed by seven votes to two after a debate that lasted late into the night.'
    """
    import lxml.html  # type: ignore[import-untyped]  # no stubs; trafilatura's own dependency
    from trafilatura.readability_lxml import Document as Readability
    from trafilatura.utils import load_html

    tree = load_html(html)
    if tree is None:
        return []
    try:
        summary = Readability(tree).summary()
    except Exception:  # readability gives up on some pages (no body, odd markup): nothing to add
        return []
    if not summary.strip():
        return []
    root: Any = lxml.html.fromstring(summary)
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag in _BLOCKS:
            element.tail = "\n" + (element.tail or "")
            if element.tag != "br":
                element.text = "\n" + (element.text or "")
    return [" ".join(part.split()) for part in root.text_content().split("\n") if part.strip()]


def _visible_text(html: str) -> str:
    # The page's text without scripts and styles (JSON-LD often repeats the article body first).
    from trafilatura.utils import load_html

    tree: Any = load_html(html)
    if tree is None:
        return ""
    for element in list(tree.iter("script", "style", "noscript", "template")):
        element.drop_tree()
    return " ".join(str(part) for part in tree.itertext())  # blocks would run into each other in text_content()


def source_from_url(url: str | None) -> str | None:
    """The outlet of a URL: its registered domain (public-suffix aware), lower-cased.

    Hosts without a registered domain (``localhost``, IP addresses) give the host itself.

    >>> source_from_url("https://news.bbc.co.uk/2/hi/world.stm")
    'bbc.co.uk'
    >>> source_from_url("https://www.Reuters.com/world/x")
    'reuters.com'
    >>> source_from_url("http://127.0.0.1:8000/a") , source_from_url(None)
    ('127.0.0.1', None)
    """
    if not url:
        return None
    host = (urlsplit(url if "//" in url else "//" + url).hostname or "").lower().rstrip(".")
    if not host:
        return None
    from tld import get_fld

    domain = get_fld(host, fix_protocol=True, fail_silently=True)
    return str(domain) if domain else host.removeprefix("www.")


def _parse_date(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None
