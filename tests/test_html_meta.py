"""page_metadata reads the four fields dedup keeps exactly as trafilatura's extract_metadata does.

On the 8 real pages of fixtures/aeb (MIT) and on small pages that exercise each fallback: the title
from <title> (a site name cut off), the URL from <link rel=canonical> or the given one, the date in
a URL or a meta tag, the site name from og:site_name, a Twitter handle or the URL's host.
"""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path

import pytest
import trafilatura
from lxml import etree  # type: ignore[import-untyped]

from dedup.html_meta import page_metadata
from dedup.html_tree import parse_page

AEB = Path(__file__).resolve().parent.parent / "fixtures" / "aeb"

SMALL_PAGES = [
    ("<html><head><title>Storm hits coast - Daily Planet</title></head><body><p>Rain.</p></body></html>", None),
    (
        '<html><head><link rel="canonical" href="https://news.example.org/2023/05/17/storm"/>'
        '<meta name="twitter:site" content="@dailyplanet"></head><body><h1>Storm hits</h1><p>Rain.</p></body></html>',
        "https://example.org/x",
    ),
    (
        '<html><head><meta property="og:title" content="Vote &amp; count"><meta name="date" content="2021-02-03">'
        "</head><body><p>Text.</p></body></html>",
        "https://www.example.com/politics/vote",
    ),
    ("<html><body><p>Nothing but a paragraph.</p></body></html>", "http://w3.example.net/a/b"),
    (
        '<html><head><script type="application/ld+json">{"@type": "NewsArticle", "headline": "From JSON-LD",'
        ' "datePublished": "2020-01-02T03:04:05Z", "publisher": {"name": "LD Times"}}</script></head>'
        "<body><p>Body.</p></body></html>",
        None,
    ),
]


def _aeb_pages() -> list[tuple[str, str | None]]:
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        (gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace"), item["url"])
        for key, item in sorted(truth.items())
    ]


@pytest.mark.parametrize("html, url", _aeb_pages() + SMALL_PAGES)
def test_the_fields_trafilatura_reads(html: str, url: str | None) -> None:
    tree = parse_page(html, url)
    before = etree.tostring(tree)
    found = page_metadata(tree, url)
    assert etree.tostring(tree) == before  # the tree is read, not changed
    theirs = trafilatura.extract_metadata(copy.deepcopy(tree), default_url=url)
    expected = (theirs.title, theirs.date, theirs.url, theirs.sitename)
    assert tuple(found) == tuple(value or None for value in expected)


def test_a_page_that_is_not_html() -> None:
    assert page_metadata("", "https://example.com/a") == (None, None, "https://example.com/a", None)
