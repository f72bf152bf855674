"""A page's title, date, URL and site name, read as trafilatura reads them, and nothing else.

trafilatura's ``extract_metadata`` also looks for authors, categories, tags and a license, which
dedup does not use and which cost most of its time (about a third of one extraction on the big9
pages). :func:`page_metadata` runs the steps of it that give the four fields dedup keeps, in its
order and with its settings (the date by htmldate with trafilatura's parameters), so that each
field is what ``extract_metadata`` gives (tests/test_html_meta.py compares them on real pages).
"""

from __future__ import annotations

import contextlib
from typing import Any, NamedTuple

__all__ = ["PageMetadata", "page_metadata"]


class PageMetadata(NamedTuple):
    """What :func:`page_metadata` reads: each field None when the page does not say."""

    title: str | None
    date: str | None
    url: str | None
    sitename: str | None


def page_metadata(page: Any, url: str | None = None) -> PageMetadata:
    """The title, publication date (ISO text, as htmldate gives it), canonical URL and site name
    of a page (its text or its parsed tree, which is not changed), as trafilatura's
    ``extract_metadata(page, default_url=url)`` finds them.

    >>> page = ('<html><head><title>Budget passes | The Example Times</title>'
    ...         '<meta property="og:site_name" content="The Example Times">'
    ...         '<meta property="article:published_time" content="2024-03-05T10:00:00Z"></head>'
    ...         '<body><p>The council passed the budget.</p></body></html>')
    >>> page_metadata(page, "https://example.com/budget")  # doctest: +NORMALIZE_WHITESPACE
    PageMetadata(title='Budget passes', date='2024-03-05', url='https://example.com/budget',
                 sitename='The Example Times')
    """
    from htmldate import find_date
    from trafilatura.metadata import (
        META_URL,
        examine_meta,
        extract_meta_json,
        extract_sitename,
        extract_title,
        extract_url,
    )
    from trafilatura.settings import set_date_params
    from trafilatura.utils import load_html

    tree = load_html(page)
    if tree is None:
        return PageMetadata(None, None, url, None)
    found: Any = examine_meta(tree)
    with contextlib.suppress(Exception):  # trafilatura's JSON-LD reader fails on malformed data; it skips it too
        found = extract_meta_json(tree, found)
    title = found.title or extract_title(tree)
    page_url = found.url or extract_url(tree, url)
    date = find_date(tree, **{**set_date_params(True), "url": page_url})
    sitename = found.sitename or extract_sitename(tree)
    if sitename:
        sitename = sitename.lstrip("@")  # a Twitter handle
        if sitename and "." not in sitename and not sitename[0].isupper():
            sitename = sitename.title()
    elif page_url and (match := META_URL.match(page_url)):
        sitename = match[1]
    return PageMetadata(*(_trimmed(value) for value in (title, date, page_url, sitename)))


def _trimmed(value: str | None) -> str | None:
    # extract_metadata's last step (Document.clean_and_trim): entities, spaces and control characters.
    from html import unescape

    from trafilatura.utils import line_processing

    if not value:
        return None
    if len(value) > 10000:
        value = value[:9999] + "…"
    return line_processing(unescape(value)) or None
