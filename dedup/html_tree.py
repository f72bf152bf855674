"""An HTML page -> one lxml tree, parsed once, in time linear in the page, whatever the page.

trafilatura and readability parse a page given as text again at every call (four times per page
in :func:`dedup.html.extract_page`); this parses it once, exactly as trafilatura's ``load_html``
does (same parser settings, same repairs), and the callers hand the tree around. Two kinds of
hostile markup are made harmless first:

- **attribute bombs**: libxml2 checks each new attribute of an element against all earlier ones,
  so one tag with 40,000 attributes took 27 s to read. A tag keeps its first
  :data:`MAX_ATTRIBUTES` attributes (real pages have at most a few dozen: 64 on the 342 pages of
  the extraction benchmarks).
- **deep nesting**: libxml2 stops building the tree at 256 levels, and the whole page then reads
  as empty. A page that deep is read again from a flattened copy (block elements become
  paragraphs, other tags are dropped: the text stays, in order), with an
  :class:`~dedup.errors.HTMLDepthWarning` saying so.
"""

from __future__ import annotations

import warnings
from typing import Any

import regex

from .errors import HTMLDepthWarning

__all__ = ["MAX_ATTRIBUTES", "capped_attributes", "flattened", "parse_page"]

#: Attributes a tag keeps; the rest are dropped before parsing (see the module docstring).
MAX_ATTRIBUTES = 256

# One attribute: a name, then maybe "=" and a quoted or bare value. Possessive and atomic, so a
# tag is read once, from left to right, and a failed match never backtracks: linear in the page.
_ATTRIBUTE = r"""(?>[\s/]*+[^\s"'>/=<][^\s"'>/=<]*+(?>\s*+=\s*+(?>"[^"]*+"|'[^']*+'|[^\s"'<>]*+))?+)"""
_BOMB = regex.compile(rf"(<[A-Za-z][^\s/>]*+{_ATTRIBUTE}{{{MAX_ATTRIBUTES}}}){_ATTRIBUTE}++")

# A tag ends at ">" (or, unclosed, before the next "<": so no match scans past it).
_TAG = regex.compile(r"<(/?)([A-Za-z][A-Za-z0-9:_-]*+)[^<>]*+>?")
# Kept as they are when flattening (they never nest, or hold what is not text).
_FLAT_KEEP = frozenset(
    {"html", "head", "body", "title", "meta", "link", "p", "br", "script", "style", "noscript", "template"}
    | {f"h{n}" for n in range(1, 7)}
)
# Elements that start a new paragraph of the flattened copy.
_FLAT_BLOCKS = frozenset(
    {"div", "section", "article", "main", "aside", "header", "footer", "nav", "blockquote", "pre", "li", "ul"}
    | {"ol", "dl", "dt", "dd", "table", "tr", "td", "th", "figure", "figcaption", "form", "fieldset", "center"}
)


def capped_attributes(html: str) -> str:
    """``html`` with every tag cut to its first :data:`MAX_ATTRIBUTES` attributes.

    >>> bomb = "<p " + " ".join(f"a{k}=1" for k in range(300)) + ">text</p>"
    >>> capped = capped_attributes(bomb)
    >>> capped.count("="), capped.endswith(" a255=1>text</p>")
    (256, True)
    >>> capped_attributes("<p class=x>text</p>")
    '<p class=x>text</p>'
    """
    return _BOMB.sub(r"\1", html)


def flattened(html: str) -> str:
    """``html`` without nesting: block elements become ``<p>``, other tags are dropped.

    >>> flattened("<div><div><span>One</span></div><div>Two <b>too</b></div></div>")
    '<p><p>One<p>Two too'
    """

    def flat(tag: Any) -> str:
        name = tag[2].lower()
        if name in _FLAT_KEEP:
            return str(tag[0])
        return "<p>" if name in _FLAT_BLOCKS and not tag[1] else ""

    return _TAG.sub(flat, html)


def parse_page(html: str, url: str | None = None) -> Any:
    """The page's tree (an ``lxml.html.HtmlElement``), as trafilatura's ``load_html`` would read
    it, or None when it is not HTML; attributes capped, and a page nested too deep flattened with
    an :class:`~dedup.errors.HTMLDepthWarning`.

    >>> parse_page("<html><body><p>One</p></body></html>").findtext(".//p")
    'One'
    """
    tree, too_deep = _load(capped_attributes(html))
    if too_deep:
        warnings.warn(
            f"{url or 'a page'} is nested deeper than the HTML parser reads (256 levels), so its text was "
            "read from a copy without the nesting (block elements as paragraphs): the extraction may keep "
            "more page furniture than usual",
            HTMLDepthWarning,
            stacklevel=4,  # the caller of Document.from_html
        )
        tree, _ = _load(flattened(capped_attributes(html)))
    return tree


def _load(html: str) -> tuple[Any, bool]:
    """trafilatura.utils.load_html for a str, with a parser of our own to read its errors."""
    import lxml.html  # type: ignore[import-untyped]  # no stubs; trafilatura's own dependency
    from trafilatura.utils import is_dubious_html, repair_faulty_html

    parser = lxml.html.HTMLParser(
        collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
    )
    beginning = html[:50].lower()
    html = repair_faulty_html(html, beginning)
    tree = None
    try:
        tree = lxml.html.fromstring(html, parser=parser)
    except ValueError:  # "Unicode strings with encoding declaration are not supported."
        pass
    except Exception:  # lxml gives up on some input; trafilatura then tries the bytes, as here
        tree = None
    if tree is None or len(tree) < 1:
        try:
            tree = lxml.html.fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
        except Exception:
            tree = None
    if tree is not None and is_dubious_html(beginning) and len(tree) < 2:
        tree = None
    too_deep = any("Excessive depth" in str(error.message) for error in parser.error_log)
    return tree, too_deep
