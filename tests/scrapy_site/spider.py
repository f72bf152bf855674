"""The spider tests/test_scrapy.py runs with ``scrapy runspider``, against a local server of this folder.

    scrapy runspider spider.py -a start=http://127.0.0.1:PORT/crawl1.html [-a fields=text] [-a item=class]

It follows the start page's article links one at a time, each request made after the previous
article's item, so the pipeline sees the articles in the order the start page lists them (an
index learns in arrival order, and a copy is a copy of what arrived before it).

``fields=html`` (default) yields ``{"url", "html"}``, for the pipeline to extract; ``fields=text``
yields the heading and paragraphs as text, one per line, with the outlet and date the page's
meta tags give (``source``, ``published``). ``item=class`` yields :class:`Article` items instead
of dicts.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import scrapy
from scrapy.http import Response

from dedup.scrapy import DedupItem


class Article(DedupItem):
    title = scrapy.Field()


class SiteSpider(scrapy.Spider):
    name = "site"

    def __init__(self, start: str, fields: str = "html", item: str = "dict", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if fields not in ("html", "text") or item not in ("dict", "class"):
            raise ValueError(f"fields={fields!r} item={item!r}: use fields=html|text and item=dict|class")
        self.start_urls = [start]
        self.fields = fields
        self.item_kind = item

    def parse(self, response: Response, **kwargs: Any) -> Iterator[scrapy.Request]:
        links = [response.urljoin(href) for href in response.css("a.story::attr(href)").getall()]
        yield from self.next_article(links)

    def next_article(self, links: list[str]) -> Iterator[scrapy.Request]:
        if links:
            yield scrapy.Request(links[0], callback=self.parse_article, cb_kwargs={"rest": links[1:]})

    def parse_article(self, response: Response, rest: list[str]) -> Iterator[Any]:
        fields: dict[str, Any] = {"url": response.url}
        if self.fields == "html":
            fields["html"] = response.text
        else:
            fields["text"] = "\n".join(response.css("article h1::text, article p::text").getall())
            fields["published"] = response.css('meta[property="article:published_time"]::attr(content)').get()
            outlet = response.css('meta[name="outlet"]::attr(content)').get()
            if outlet is not None:
                fields["source"] = outlet
        yield Article(title=response.css("h1::text").get(), **fields) if self.item_kind == "class" else fields
        yield from self.next_article(rest)
