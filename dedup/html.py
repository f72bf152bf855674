"""HTML -> Document: trafilatura's precise pass and readability, merged line by line, then cleaned.

trafilatura runs once, in ``favor_precision`` mode without comment sections (reader comments are
not the article); readability (trafilatura's vendored readability-lxml, photo captions left out as
trafilatura leaves them out) gives a recall-first reading of the same page. :mod:`dedup.extract`
merges the two: the precise lines, plus the lines only readability kept that read like body
sentences inside the article, plus whole sections readability kept and the precise pass lost
(:func:`dedup.extract.recover_sections`). When the precise pass finds (next to) nothing,
trafilatura's default mode runs as the recall-first reading instead. Title, date and URL are read
by :mod:`dedup.html_meta` (trafilatura's metadata steps for those fields only). On the
article-extraction benchmark this scores F1 0.971 where trafilatura alone scores 0.953 (default)
and 0.959 (``favor_precision``), in about 1.4-1.5 times the CPU of one ``trafilatura.extract()``;
see benchmarks/RESULTS.md.

**Provenance maps into the extracted text.** ``Document.text`` is the merged extraction, and
when the document is cleaned, ``CleanResult.original`` is that text: every offset of a
``Segment`` or a ``Removal`` points into it, not into the HTML.

A page given as bytes (as fetched or saved) is decoded by :func:`decode_html` as a browser would:
its charset, declared or detected; ``dedup clean`` reads .html files with it.

A page decoded with ``errors="surrogateescape"`` (or assembled from UTF-16 halves) can hold lone
surrogates, which no HTML parser takes: lxml stops reading the page at the first one. They are
read as U+FFFD, the replacement character, as an HTML decoder would; a surrogate pair becomes the
character it encodes.

**Time and limits.** The page is parsed once (:mod:`dedup.html_tree`: attribute bombs cut, pages
nested deeper than the parser reads flattened with an :class:`~dedup.errors.HTMLDepthWarning`),
and every step after is linear in the page (benchmarks/html_growth.py) but one of trafilatura's,
quadratic in the number of paragraphs. A page larger than :data:`MAX_HTML_BYTES`
(``Config.max_html_bytes``) is refused before any of it is parsed, and one with more paragraphs
than :data:`MAX_HTML_PARAGRAPHS` (``Config.max_html_paragraphs``) before any extraction, with
:class:`~dedup.errors.HTMLTooLargeError`.
"""

from __future__ import annotations

import codecs
import warnings
from datetime import datetime
from typing import Any, NamedTuple
from urllib.parse import urlsplit

import regex

from .errors import HTMLDepthWarning, HTMLTooLargeError, InvalidInputError
from .extract import merged_text, precise_failed
from .html_meta import page_metadata
from .html_tree import parse_page

__all__ = [
    "MAX_HTML_BYTES",
    "MAX_HTML_PARAGRAPHS",
    "ExtractedPage",
    "decode_html",
    "extract_page",
    "readability_paragraphs",
    "source_from_url",
]

#: The default of ``Config.max_html_bytes`` (kept here too, so that reading a page never imports
#: the config): 5 MB, over three times the largest page of the extraction benchmarks (1.5 MB)
#: and five times the 1 MiB at which Common Crawl cuts pages; extraction costs about 1-4 s per MB.
MAX_HTML_BYTES = 5_000_000
#: The default of ``Config.max_html_paragraphs``: 100 times the most a page of the extraction
#: benchmarks has (205). trafilatura looks paragraph text up with an XPath query (``//p//text()``)
#: whose time grows with the square of their number in libxml2: 200,000 took two minutes.
MAX_HTML_PARAGRAPHS = 20_000

#: Elements that start a new paragraph in readability's output.
_BLOCKS = frozenset(
    {
        *("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "td", "th", "div", "section"),
        *("article", "ul", "ol", "table", "tr", "br", "dd", "dt", "figcaption", "caption", "header", "footer"),
        *("aside", "figure"),
    }
)


class ExtractedPage(NamedTuple):
    """What :func:`extract_page` finds in a page (:meth:`dedup.Document.from_html` makes it a Document)."""

    text: str
    source: str | None
    url: str | None
    published: datetime | None
    title: str | None


def extract_page(
    html: str | bytes,
    url: str | None = None,
    *,
    max_bytes: int | None = MAX_HTML_BYTES,
    max_paragraphs: int | None = MAX_HTML_PARAGRAPHS,
) -> ExtractedPage:
    """Extract the article of an HTML page, with its title, date and outlet.

    Args:
        html: the page as str, or as bytes (decoded by :func:`decode_html`: its declared or
            detected charset).
        url: where it was fetched from: gives the source (the registered domain) and helps
            trafilatura resolve the page.
        max_bytes: the largest page read, in bytes (UTF-8 for a str); None: no limit.
        max_paragraphs: the most paragraphs (``<p>`` elements with text) read; None: no limit.

    Raises:
        HTMLTooLargeError: the page is larger than ``max_bytes``, or has more paragraphs than
            ``max_paragraphs`` (checked once it is parsed, before any extraction).

    Returns:
        The extracted article ``text`` (empty when the page has none), ``title`` and
        ``published`` from the page's metadata, and ``source`` the URL's registered domain, else
        the page's own URL's, else its site name.

    >>> page = ("<html><head><title>Budget passes</title></head><body><article>"
    ...         "<h1>Budget passes</h1><p>The city council passed the budget on Monday after a long debate "
    ...         "that ran late into the night.</p><p>The mayor said she was pleased with the outcome and "
    ...         "thanked the council members for their work.</p></article></body></html>")
    >>> doc = extract_page(page, url="https://news.example.co.uk/2024/budget")
    >>> doc.source, doc.title
    ('example.co.uk', 'Budget passes')
    >>> "passed the budget on Monday" in doc.text
    True
    """
    if isinstance(html, (bytes, bytearray, memoryview)):
        _check_size(len(html), max_bytes, url)
        html = decode_html(bytes(html))
    elif isinstance(html, str):
        # A str holds at most 4 UTF-8 bytes a character: count them only near the limit.
        if max_bytes is not None and len(html) * 4 > max_bytes:
            _check_size(len(html.encode("utf-8", "surrogatepass")), max_bytes, url)
    else:
        kind = type(html).__name__
        raise InvalidInputError(f"from_html() takes the page as str or bytes, got {kind}")
    import trafilatura

    html = _without_lone_surrogates(html)
    parsed = parse_page(html, url)
    if parsed is not None and max_paragraphs is not None:
        _check_paragraphs(parsed, max_paragraphs, url)
    page: Any = html if parsed is None else parsed
    meta = page_metadata(page, url)
    # trafilatura copies the tree before it changes it; readability changes it in place, so the
    # rare steps after it (a failed precise pass, a section nothing anchors) parse the page again.
    precise: Any = trafilatura.bare_extraction(page, url=url, favor_precision=True, include_comments=False)
    precise_text = (precise.text or "") if precise is not None else ""
    paragraphs = readability_paragraphs(page)

    def unchanged() -> Any:
        return html if parsed is None else _parsed_again(html, url)

    recall_text = "\n".join(paragraphs)
    if not precise_text.strip() or precise_failed(recall_text, precise_text):
        # The precise pass found (next to) nothing: trafilatura's default mode reads the page instead.
        recall: Any = trafilatura.bare_extraction(unchanged(), url=url, include_comments=False)
        recall_text = (recall.text if recall is not None else None) or recall_text
    if precise_text or recall_text:
        text = merged_text(recall_text, precise_text, paragraphs, lambda: _visible_text(unchanged()))
    else:
        text = ""
    page_url = url or meta.url
    return ExtractedPage(
        text=text,
        source=source_from_url(page_url) or meta.sitename,
        url=page_url,
        published=_parse_date(meta.date),
        title=meta.title,
    )


def _check_size(size: int, max_bytes: int | None, url: str | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise HTMLTooLargeError(
            f"the page is {size:,} bytes, more than max_html_bytes={max_bytes:,}: it is not read (extraction time "
            "grows with the page, about 1-4 s per MB). Strip what is not the article (inline scripts, data, "
            "styles) before, or raise the limit: dedup.Config(max_html_bytes=...) (None: no limit), "
            "`--set max_html_bytes=...` on the command line",
            path=url,
        )


def _check_paragraphs(tree: Any, max_paragraphs: int, url: str | None) -> None:
    count = sum(1 for p in tree.iter("p") if len(p) or (p.text is not None and not p.text.isspace()))
    if count > max_paragraphs:
        raise HTMLTooLargeError(
            f"the page has {count:,} paragraphs (<p> elements with text), more than max_html_paragraphs="
            f"{max_paragraphs:,}: it is not read (finding their text takes time that grows with the square of "
            "their number). A news article has a few hundred at most; to read it anyway, raise the limit: "
            "dedup.Config(max_html_paragraphs=...) (None: no limit), `--set max_html_paragraphs=...`",
            path=url,
        )


def _parsed_again(html: str, url: str | None) -> Any:
    with warnings.catch_warnings():  # said once already
        warnings.simplefilter("ignore", HTMLDepthWarning)
        return parse_page(html, url)


def _without_lone_surrogates(html: str) -> str:
    # The UTF-16 round trip joins surrogate pairs into their character and replaces lone halves.
    if _SURROGATE.search(html) is None:
        return html
    return html.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


_SURROGATE = regex.compile(r"[\ud800-\udfff]")


def decode_html(data: bytes) -> str:
    r"""An HTML page's bytes as text, decoded as a browser would and never refused.

    The encoding is the byte-order mark's, else UTF-8 when the bytes are valid UTF-8, else the
    charset the page declares (``<meta charset>``) when the bytes are valid in it, else a detected
    one (trafilatura's guess; Windows-1252, a browser's default, when the guess is a Latin code
    page). Saved pages often mix encodings (a UTF-8 page with a few Windows-1252 quotes pasted
    in): a page that declares UTF-8, or has at least as many UTF-8 characters as invalid bytes, or
    that no encoding fits, is read as UTF-8 with each invalid byte read as its Windows-1252
    character (Latin-1 where Windows-1252 has none). Every byte becomes a character: no text is
    dropped.

    >>> decode_html("café".encode("utf-8")), decode_html(b"<meta charset=latin-1>caf\xe9")[-4:]
    ('café', 'café')
    >>> decode_html("“UTF-8” and a stray ".encode("utf-8") + b"\x93quote\x94")
    '“UTF-8” and a stray “quote”'
    """
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", _CP1252_FALLBACK)
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, "replace")  # only an odd last byte can fail
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _DECLARED_CHARSET.search(data[:_CHARSET_WITHIN])
    declared = _codec(found[1].decode("ascii")) if found else None
    if declared not in (None, "utf-8") and (text := _strict(data, declared)) is not None:
        return text
    if declared == "utf-8" or _mostly_utf8(data):
        return data.decode("utf-8", _CP1252_FALLBACK)
    from trafilatura.utils import detect_encoding

    for guess in detect_encoding(data):
        codec = _codec(guess)
        # Detectors tell Latin code pages apart poorly (they take Windows-1252 text for
        # Windows-1250): like a browser, read an undeclared Western page as Windows-1252.
        if codec in _LATIN_CODEPAGES:
            codec = "cp1252"
        if (text := _strict(data, codec)) is not None:
            return text
    return data.decode("utf-8", _CP1252_FALLBACK)


def _codec(name: str) -> str | None:
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str | None) -> str | None:
    if codec is None or codec == "utf-8":
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _mostly_utf8(data: bytes) -> bool:
    # Valid multi-byte UTF-8 sequences against bytes that are not part of one.
    sequences = _UTF8_SEQUENCE.findall(data)
    invalid = sum(1 for b in data if b >= 0x80) - sum(map(len, sequences))
    return len(sequences) >= max(invalid, 1)


_LATIN_CODEPAGES = frozenset(
    codecs.lookup(name).name
    for name in (
        *("cp1250", "cp1252", "cp1254", "cp1257", "cp775", "cp850", "cp852", "cp858", "cp437", "mac-roman"),
        *("mac-latin2", "latin-1", "iso8859-2", "iso8859-3", "iso8859-4", "iso8859-9", "iso8859-10"),
        *("iso8859-13", "iso8859-14", "iso8859-15", "iso8859-16"),
    )
)
_UTF8_SEQUENCE = regex.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
_UTF16_BOMS = ((codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
# Browsers look for the declaration in the first 1,024 bytes; saved pages put it later at times.
_CHARSET_WITHIN = 8192
_DECLARED_CHARSET = regex.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]{1,40})""", regex.I)
_CP1252_FALLBACK = "dedup-cp1252-fallback"


def _cp1252_fallback(err: UnicodeError) -> tuple[str, int]:
    assert isinstance(err, UnicodeDecodeError)
    bad = err.object[err.start : err.end]
    return "".join(bytes([b]).decode("cp1252", "ignore") or chr(b) for b in bad), err.end


codecs.register_error(_CP1252_FALLBACK, _cp1252_fallback)


def readability_paragraphs(html: Any) -> list[str]:
    """The article as readability (trafilatura's vendored readability-lxml) sees it, one paragraph
    per line, whitespace collapsed; empty when it finds none. ``html``: the page as text, or its
    tree (which readability changes).

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
    for figure in list(tree.iter("figure")):  # photo captions, as trafilatura drops them (not a figure's table)
        if figure.find(".//table") is None:
            figure.drop_tree()
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


def _visible_text(html: Any) -> str:
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
