"""dedup.scrapy: the item pipeline in real Scrapy crawls of a local site, and driven by hand.

Crawls run ``scrapy runspider`` in a subprocess (Twisted's reactor cannot be restarted within one
process) against tests/scrapy_site/ served on 127.0.0.1, with Scrapy's network extras switched off.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import http.server
import importlib
import json
import logging
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("scrapy", reason="Scrapy is not installed: pip install 'newsdedup[scrapy]' to test dedup.scrapy")

import scrapy
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

import dedup
from dedup.scrapy import DedupItem, DedupPipeline, PipelineSettings

SITE = Path(__file__).parent / "scrapy_site"
ROOT = Path(__file__).resolve().parent.parent
SPIDER = SITE / "spider.py"
BANNER = (
    "Dear readers,",
    "The Harbour Gazette has covered this coast for forty years, and we rely on readers like you to keep our reporters on the quay.",
    "A gift of any size keeps our journalism independent and free for everyone to read.",
    "Support the Gazette",
    "Remind me later.",
)
#: No telnet console, remote control, robots.txt, retries, proxies from the environment or
#: parallel requests: the crawl touches only the local server, in the start page's order.
QUIET = {
    "TELNETCONSOLE_ENABLED": False,
    "REMOTE_CONTROL_ENABLED": False,
    "ROBOTSTXT_OBEY": False,
    "RETRY_ENABLED": False,
    "HTTPPROXY_ENABLED": False,
    "COOKIES_ENABLED": False,
    "MEMUSAGE_ENABLED": False,
    "CONCURRENT_REQUESTS": 1,
    "DOWNLOAD_TIMEOUT": 60,
    "LOG_LEVEL": "INFO",
    "ITEM_PIPELINES": {"dedup.scrapy.DedupPipeline": 300},
}


def paragraphs(page: str) -> list[str]:
    """The heading and paragraphs of a fixture page, as text."""
    source = (SITE / page).read_text(encoding="utf-8")
    return [html.unescape(p) for p in re.findall(r"<(?:h1|p)>(.*?)</(?:h1|p)>", source)]


def story(page: str) -> list[str]:
    return [p for p in paragraphs(page) if p not in BANNER]


# ---- crawls ---------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # the crawl's log says what was fetched
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    """tests/scrapy_site/ served on a free port of 127.0.0.1, for the module's crawls."""
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@dataclass
class Crawl:
    items: list[dict[str, Any]]
    log: str


def run_spider(url: str, tmp_path: Path, *args: str, **settings: Any) -> subprocess.CompletedProcess[str]:
    """``scrapy runspider`` of the fixture spider from ``url``, in a subprocess in ``tmp_path``.

    ``args`` go to the command line after the spider's (``-a name=value``, ``-O feed``);
    ``settings`` are ``-s`` settings over :data:`QUIET`, non-strings as JSON.
    """
    command = [sys.executable, "-m", "scrapy", "runspider", str(SPIDER), "-a", f"start={url}", *args]
    for key, value in {**QUIET, **settings}.items():
        command += ["-s", f"{key}={value if isinstance(value, str) else json.dumps(value)}"]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))  # this checkout's dedup
    return subprocess.run(command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)


def crawl(site: str, start: str, tmp_path: Path, name: str, *spider_args: str, **settings: Any) -> Crawl:
    """Crawl from the page ``start``; the items come from a JSON lines feed."""
    out = tmp_path / f"{name}.jsonl"
    args = [a for arg in spider_args for a in ("-a", arg)]
    proc = run_spider(f"{site}/{start}", tmp_path, *args, "-O", str(out), **settings)
    assert proc.returncode == 0, proc.stderr[-4000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-4000:]
    items = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    return Crawl(items, proc.stderr)


def banner_removed(item: dict[str, Any]) -> str:
    """The text the index-based rules removed from an item."""
    return "".join(r["text"] for r in item["removals"] if r["rule"] in ("banner", "boilerplate"))


def test_a_crawl_writes_clean_text_and_a_second_crawl_removes_the_banner_it_learned(site: str, tmp_path: Path) -> None:
    index = tmp_path / "news.dedup"
    first = crawl(site, "crawl1.html", tmp_path, "first", DEDUP_INDEX=str(index))
    assert [item["url"] for item in first.items] == [f"{site}/a{i}.html" for i in (1, 2, 3)]
    for item, page in zip(first.items, ("a1.html", "a2.html", "a3.html"), strict=True):
        assert item["clean_text"].splitlines()[: len(story(page))] == story(page)
        assert item["credit"] is None and item["duplicate_of"] is None
        for removal in item["removals"]:  # CleanResult.to_dict() form: plain JSON values
            assert {"start", "end", "rule", "reason", "evidence", "text"} <= set(removal)
    # The first article has nothing to compare with; by the third the banner has shown up before.
    assert BANNER[1] in first.items[0]["clean_text"]
    assert all(line in banner_removed(first.items[2]) for line in BANNER)
    assert "dedup: cleaning items against the index" in first.log
    assert index.exists()

    second = crawl(site, "crawl2.html", tmp_path, "second", DEDUP_INDEX=str(index))
    assert [item["url"] for item in second.items] == [f"{site}/b{i}.html" for i in (1, 2, 3)]
    for item, page in zip(second.items, ("b1.html", "b2.html", "b3.html"), strict=True):
        assert item["clean_text"].splitlines() == story(page)
        removed = banner_removed(item)
        assert all(line in removed for line in BANNER)
        assert not set(item["clean_text"].splitlines()) & set(BANNER)
    # The second crawl's first article owes its clean text to the first crawl's stories.
    (evidence,) = [r["evidence"] for r in second.items[0]["removals"] if r["rule"] in ("banner", "boilerplate")]
    assert set(evidence["examples"]) == {f"{site}/a{i}.html" for i in (1, 2, 3)}


@pytest.mark.parametrize("drop", [True, False], ids=["drop", "annotate"])
def test_drop_copies_drops_a_syndicated_copy_or_annotates_it(site: str, tmp_path: Path, drop: bool) -> None:
    # Text items of an Item class, with the outlet and date the pages give; an in-memory index.
    result = crawl(site, "wire.html", tmp_path, "wire", "fields=text", "item=class", DEDUP_DROP_COPIES=drop)
    by_url = {item["url"]: item for item in result.items}
    original, copy, other = (f"{site}/w{i}.html" for i in (1, 2, 3))
    assert by_url[original]["duplicate_of"] is None and by_url[other]["duplicate_of"] is None
    assert by_url[original]["title"] == "Record number of seal pups counted on northern islands"  # the spider's field
    if drop:
        assert list(by_url) == [original, other]
        assert f"{copy} is a syndicated copy of {original}" in result.log
        assert "'dedup/copies_dropped': 1" in result.log
    else:
        assert list(by_url) == [original, copy, other]
        assert by_url[copy]["duplicate_of"] == original
        assert by_url[copy]["clean_text"].splitlines() == paragraphs("w2.html")


def test_a_bad_setting_stops_the_crawl_before_it_starts(site: str, tmp_path: Path) -> None:
    proc = run_spider(f"{site}/crawl1.html", tmp_path, DEDUP_CONFIG={"memory_days": -1})
    assert proc.returncode != 0
    assert "dedup.errors.ConfigError: DEDUP_CONFIG: memory_days=-1 is out of range" in proc.stderr
    assert "Crawled" not in proc.stderr and "Spider opened" not in proc.stderr


# ---- the pipeline driven by hand ------------------------------------------------------------


def pipeline(**settings: Any) -> DedupPipeline:
    """A pipeline built as Scrapy builds it (from_crawler), opened, with an in-memory index."""
    p = DedupPipeline.from_crawler(get_crawler(settings_dict=settings))
    p.open_spider()
    return p


def stats(p: DedupPipeline) -> dict[str, Any]:
    assert p.stats is not None
    return {k: v for k, v in p.stats.get_stats().items() if k.startswith("dedup/")}


ARTICLE = "Share\nPutin met Kerry in Sochi on Tuesday for talks that ran late.\nReuters"
#: A story long enough to have copies (two content lines or more).
WIRE_STORY = "\n".join(paragraphs("w1.html"))


def test_settings_have_documented_defaults() -> None:
    s = DedupPipeline.from_crawler(get_crawler()).settings
    assert s == PipelineSettings()
    assert (s.index, s.text_field, s.html_field, s.url_field) == (None, "text", "html", "url")
    assert (s.source_field, s.published_field, s.id_field, s.drop_copies) == ("source", "published", "id", False)
    assert {k: v for k, v in s.output_fields.items() if v} == {
        "text": "clean_text",
        "credit": "credit",
        "duplicate_of": "duplicate_of",
        "removals": "removals",
    }
    assert s.config == dedup.Config()


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        ({"DEDUP_INDEX": ""}, "DEDUP_INDEX is empty"),
        ({"DEDUP_INDEX": "/no/such/folder/news.dedup"}, "the folder /no/such/folder does not exist"),
        ({"DEDUP_DROP_COPIES": "sometimes"}, "DEDUP_DROP_COPIES='sometimes': use True or False"),
        ({"DEDUP_TEXT_FIELD": ""}, "DEDUP_TEXT_FIELD='': give an item field name"),
        ({"DEDUP_TEXT_FIELD": None, "DEDUP_HTML_FIELD": None}, "both None"),
        ({"DEDUP_OUTPUT_FIELDS": {"clean": "x"}}, r"unknown output\(s\) \['clean'\]"),
        ({"DEDUP_OUTPUT_FIELDS": "{not json"}, "DEDUP_OUTPUT_FIELDS='{not json' is not a dict"),
        ({"DEDUP_OUTPUT_FIELDS": {"credit": "clean_text"}}, "writes both 'text' and 'credit' to the field"),
        ({"DEDUP_CONFIG": {"retention": 3}}, r"DEDUP_CONFIG has unknown field\(s\) \['retention'\]"),
        ({"DEDUP_CONFIG": {"rules": ["banner", "nonsense"]}}, "DEDUP_CONFIG: rules="),
    ],
)
def test_a_bad_setting_is_a_config_error_naming_it(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(dedup.ConfigError, match=message):
        DedupPipeline.from_crawler(get_crawler(settings_dict=settings))


def test_settings_given_as_json_text_on_the_command_line_are_read() -> None:
    p = DedupPipeline.from_crawler(
        get_crawler(
            settings_dict={
                "DEDUP_OUTPUT_FIELDS": '{"text": "body_clean", "removals": null}',
                "DEDUP_CONFIG": '{"memory_days": 30, "canonical_sources": ["apnews.com"]}',
                "DEDUP_DROP_COPIES": "true",
            }
        )
    )
    assert p.settings.output_fields["text"] == "body_clean" and p.settings.output_fields["removals"] is None
    assert p.settings.config == dedup.Config(memory_days=30, canonical_sources=("apnews.com",))
    assert p.settings.drop_copies is True


def test_an_item_with_text_gets_the_outputs_and_keeps_its_fields() -> None:
    p = pipeline()
    item = p.process_item({"url": "https://www.example.com/a", "text": ARTICLE, "title": "Talks"})
    assert item["clean_text"] == "Putin met Kerry in Sochi on Tuesday for talks that ran late."
    assert item["credit"] == "Reuters" and item["duplicate_of"] is None
    assert [(r["rule"], r["text"]) for r in item["removals"]] == [("template", "Share\n"), ("credit", "\nReuters")]
    assert item["text"] == ARTICLE and item["title"] == "Talks"
    assert json.loads(json.dumps(item)) == item  # plain values, ready for any feed exporter
    assert stats(p) == {"dedup/items_cleaned": 1, "dedup/removals/template": 1, "dedup/removals/credit": 1}
    p.close_spider()
    assert p.index is None


def test_an_item_with_only_html_is_extracted_with_its_url_date_and_outlet() -> None:
    p = pipeline(DEDUP_OUTPUT_FIELDS={"source": "outlet", "original": "extracted"})
    page = (SITE / "a1.html").read_bytes()  # bytes, as response.body
    item = p.process_item({"url": "https://news.harbourgazette.co.uk/a1.html", "html": page})
    assert item["clean_text"].splitlines() == paragraphs("a1.html")  # nothing to learn from yet
    assert item["outlet"] == "harbourgazette.co.uk"
    assert item["extracted"] == dedup.Document.from_html(page).text
    assert stats(p)["dedup/items_from_html"] == 1
    assert p.index is not None
    assert p.index.outlets() == ["harbourgazette.co.uk"]


def test_the_items_own_id_source_and_date_are_used() -> None:
    p = pipeline(DEDUP_OUTPUT_FIELDS={"source": "outlet"})
    first = {"id": 17, "url": "https://a.example.com/1", "source": "wire.example", "text": WIRE_STORY}
    first["published"] = "2024-03-04T08:00:00Z"
    assert p.process_item(first)["outlet"] == "wire.example"
    copy = {"id": 18, "url": "https://b.example.com/1", "published": date(2024, 3, 5), "text": WIRE_STORY}
    assert p.process_item(copy)["duplicate_of"] == "17"  # ids are strings in the index
    assert p.index is not None and "17" in p.index and "18" in p.index


def test_without_an_id_the_url_is_the_id_so_a_page_crawled_twice_counts_once() -> None:
    p = pipeline()
    for _ in range(2):
        assert p.process_item({"url": "https://example.com/a", "text": ARTICLE})["duplicate_of"] is None
    assert p.index is not None and len(p.index) == 1


def test_a_list_of_paragraphs_is_joined_with_newlines() -> None:
    item = pipeline().process_item({"text": ARTICLE.split("\n")})
    assert item["clean_text"] == "Putin met Kerry in Sochi on Tuesday for talks that ran late."


def test_an_item_without_text_or_html_passes_through_with_a_warning(caplog: pytest.LogCaptureFixture) -> None:
    p = pipeline()
    item = {"url": "https://example.com/video", "text": None}
    with caplog.at_level(logging.WARNING, logger="dedup.scrapy"):
        assert p.process_item(item) is item
    assert item == {"url": "https://example.com/video", "text": None}
    assert "https://example.com/video has neither a 'text' nor an 'html' field: passed on uncleaned" in caplog.text
    assert stats(p) == {"dedup/items_without_text": 1}


def test_a_date_that_is_not_one_is_a_warning_and_the_article_is_cleaned_undated(
    caplog: pytest.LogCaptureFixture,
) -> None:
    p = pipeline()
    with caplog.at_level(logging.WARNING, logger="dedup.scrapy"):
        item = p.process_item({"url": "https://example.com/a", "text": ARTICLE, "published": "last Tuesday"})
    assert item["clean_text"] == "Putin met Kerry in Sochi on Tuesday for talks that ran late."
    assert "'published' is 'last Tuesday': use an ISO 8601 date" in caplog.text
    assert stats(p)["dedup/bad_published"] == 1
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="dedup.scrapy"):
        p.process_item({"url": "https://example.com/b", "text": ARTICLE, "published": ""})  # no date: no warning
    assert not caplog.text


def test_a_field_setting_of_none_means_never_read_it(caplog: pytest.LogCaptureFixture) -> None:
    p = pipeline(DEDUP_PUBLISHED_FIELD=None, DEDUP_TEXT_FIELD=None)
    with caplog.at_level(logging.WARNING, logger="dedup.scrapy"):
        item = p.process_item({"text": ARTICLE, "html": "<html><body></body></html>", "published": "x"})
    assert item["clean_text"] == ""  # the HTML was read, not the text
    assert "no article text found in its 'html' field; cleaned as an empty article" in caplog.text
    assert "published" not in caplog.text
    assert stats(p)["dedup/html_without_article"] == 1


@pytest.mark.parametrize(
    ("item", "message"),
    [
        ({"text": b"Putin met Kerry."}, "item field 'text' must hold the article's text"),
        ({"html": 42}, "item field 'html' must hold the page's HTML as str or bytes"),
        ({"text": "Putin met Kerry.", "url": ["https://example.com"]}, "item field 'url' must be a string"),
    ],
)
def test_a_field_of_the_wrong_type_is_an_invalid_input_error(item: dict[str, Any], message: str) -> None:
    with pytest.raises(dedup.InvalidInputError, match=message):
        pipeline().process_item(item)


class Article(DedupItem):
    title = scrapy.Field()


class BareArticle(scrapy.Item):
    url = scrapy.Field()
    text = scrapy.Field()


@dataclass
class DataclassArticle:
    url: str
    text: str
    clean_text: str | None = None
    credit: str | None = None
    duplicate_of: str | None = None
    removals: list[dict[str, Any]] = dataclasses.field(default_factory=list)


def test_item_classes_and_dataclasses_work_through_itemadapter() -> None:
    p = pipeline()
    item = p.process_item(Article(url="https://example.com/a", text=ARTICLE, title="Talks"))
    assert isinstance(item, Article) and item["credit"] == "Reuters"
    data = p.process_item(DataclassArticle(url="https://example.com/b", text="Share\nSochi talks ran late."))
    assert data.clean_text == "Sochi talks ran late." and data.removals[0]["rule"] == "template"


def test_an_item_class_without_the_output_fields_is_refused_before_the_index_learns_it() -> None:
    p = pipeline()
    with pytest.raises(dedup.ConfigError, match=r"BareArticle has no field 'clean_text'.*DedupItem"):
        p.process_item(BareArticle(url="https://example.com/a", text=ARTICLE))
    assert p.index is not None and len(p.index) == 0
    renamed = pipeline(DEDUP_OUTPUT_FIELDS={"text": "text", "credit": None, "duplicate_of": None, "removals": None})
    item = renamed.process_item(BareArticle(url="https://example.com/a", text=ARTICLE))  # clean text in place
    assert item["text"] == "Putin met Kerry in Sochi on Tuesday for talks that ran late."


def test_a_copy_is_dropped_with_drop_copies_and_annotated_without() -> None:
    for drop in (False, True):
        p = pipeline(DEDUP_DROP_COPIES=drop)
        p.process_item({"url": "https://a.example/1", "text": WIRE_STORY})
        copy = {"url": "https://b.example/1", "text": WIRE_STORY}
        if drop:
            with pytest.raises(DropItem, match=r"https://b.example/1 is a syndicated copy of https://a.example/1"):
                p.process_item(copy)
            assert stats(p)["dedup/copies_dropped"] == 1
        else:
            assert p.process_item(copy)["duplicate_of"] == "https://a.example/1"
        assert stats(p)["dedup/copies"] == 1


def test_process_item_before_open_spider_says_what_to_do() -> None:
    p = DedupPipeline(PipelineSettings())
    with pytest.raises(dedup.ConfigError, match=r"call open_spider\(\)"):
        p.process_item({"text": ARTICLE})


def test_a_persistent_index_is_closed_with_the_spider_and_reopened_by_the_next(tmp_path: Path) -> None:
    path = tmp_path / "news.dedup"
    p = pipeline(DEDUP_INDEX=path)  # a Path works as well as a str
    p.process_item({"url": "https://example.com/a", "text": ARTICLE})
    p.close_spider()
    with dedup.Index.open(path) as idx:
        assert "https://example.com/a" in idx


# ---- the optional dependency ----------------------------------------------------------------


def test_importing_dedup_does_not_import_scrapy() -> None:
    code = "import sys, dedup, dedup.cli; print(sorted(m for m in ('scrapy', 'twisted') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_without_scrapy_the_module_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "scrapy", None)  # import scrapy now raises ImportError
    monkeypatch.delitem(sys.modules, "dedup.scrapy")
    with pytest.raises(ImportError, match=r"pip install 'newsdedup\[scrapy\]'"):
        importlib.import_module("dedup.scrapy")
