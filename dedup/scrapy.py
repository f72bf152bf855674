"""A Scrapy item pipeline: each scraped article is cleaned against a dedup Index as the crawl runs.

Enable it in the project's settings (``pip install 'newsdedup[scrapy]'``)::

    ITEM_PIPELINES = {"dedup.scrapy.DedupPipeline": 300}
    DEDUP_INDEX = "news.dedup"  # a SQLite file or a redis:// URL; unset: in memory, for this crawl

Per item, the pipeline reads the article's text (``DEDUP_TEXT_FIELD``, else the page's HTML from
``DEDUP_HTML_FIELD``, extracted with :meth:`dedup.Document.from_html`), its URL, outlet, date and
id, cleans it with :meth:`dedup.Index.clean` (which learns it too, so a later crawl with the same
index removes the outlet banners learned from this one), and writes the clean text, the wire
credit, ``duplicate_of`` and the removals (``CleanResult.to_dict()`` form: plain dicts) into the
item. With ``DEDUP_DROP_COPIES`` a syndicated copy is dropped (:class:`scrapy.exceptions.DropItem`)
instead of annotated. The index is closed when the spider closes.

Settings are read once, in :meth:`DedupPipeline.from_crawler`; a bad one raises
:class:`dedup.ConfigError` there, which stops the crawl before it starts (``NotConfigured`` would
only disable the pipeline, and the crawl would run without cleaning). An item with neither text nor
HTML passes through unchanged with a warning. Every setting, its default and the item fields are
in :class:`PipelineSettings` and in the README ("In a Scrapy crawl").

This module imports Scrapy; ``import dedup`` does not.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

try:
    import scrapy
    from itemadapter import ItemAdapter
    from scrapy.exceptions import DropItem
except ImportError as err:  # the extra is optional: say how to get it
    raise ImportError(
        f"dedup.scrapy needs Scrapy, which is not installed ({err}): pip install 'newsdedup[scrapy]'",
        name=err.name,
    ) from err

from .config import Config
from .dates import parse_published
from .errors import ConfigError, InputFormatError, InvalidInputError
from .html import source_from_url
from .index import Index
from .index.storage import is_redis
from .types import CleanResult, Document

if TYPE_CHECKING:
    from scrapy.crawler import Crawler
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector

__all__ = ["OUTPUTS", "DedupItem", "DedupPipeline", "PipelineSettings"]

logger = logging.getLogger(__name__)

#: What the pipeline can write into an item, and the item field each goes to by default
#: (``None``: not written unless ``DEDUP_OUTPUT_FIELDS`` names a field for it).
#: ``text``: the clean text; ``credit``: the wire credit found ("Reuters") or None;
#: ``duplicate_of``: the id of the canonical copy when the item is a syndicated copy, else None;
#: ``removals``: a list of dicts (start, end, their UTF-8 byte offsets, rule, reason, evidence,
#: text), offsets into ``original``; ``syndication``: how the item compares with its copies (a
#: dict, None without copies); ``source``: the outlet the index counted the article under;
#: ``original``: the text that was cleaned, which the removal offsets point into (the extracted
#: article when the item gave HTML).
OUTPUTS: Mapping[str, str | None] = MappingProxyType(
    {
        "text": "clean_text",
        "credit": "credit",
        "duplicate_of": "duplicate_of",
        "removals": "removals",
        "syndication": None,
        "source": None,
        "original": None,
    }
)

_INPUT_SETTINGS = {
    "text_field": ("DEDUP_TEXT_FIELD", "text"),
    "html_field": ("DEDUP_HTML_FIELD", "html"),
    "url_field": ("DEDUP_URL_FIELD", "url"),
    "source_field": ("DEDUP_SOURCE_FIELD", "source"),
    "published_field": ("DEDUP_PUBLISHED_FIELD", "published"),
    "id_field": ("DEDUP_ID_FIELD", "id"),
}


@dataclass(frozen=True, slots=True)
class PipelineSettings:
    """The pipeline's settings, read from Scrapy's by :meth:`from_settings` and validated here.

    Each input field names the item field read (``None``: never read). Every one is optional on
    an item, but an item needs its text or its HTML to be cleaned.

    >>> from scrapy.settings import Settings
    >>> s = PipelineSettings.from_settings(Settings({"DEDUP_INDEX": "news.dedup", "DEDUP_DROP_COPIES": "1"}))
    >>> s.index, s.drop_copies, s.text_field, s.output_fields["text"]
    ('news.dedup', True, 'text', 'clean_text')
    >>> PipelineSettings(text_field=None, html_field=None)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    dedup.errors.ConfigError: DEDUP_TEXT_FIELD and DEDUP_HTML_FIELD are both None: name the item field ...
    """

    #: ``DEDUP_INDEX``: a SQLite file (created if missing) or a ``redis://`` URL, opened with
    #: :meth:`dedup.Index.open`; None: an in-memory index that lives as long as the crawl.
    index: str | None = None
    #: ``DEDUP_TEXT_FIELD``: the article as plain text, one paragraph per line (a list of
    #: strings, as an ItemLoader gives, is joined with newlines). Used when present and not None.
    text_field: str | None = "text"
    #: ``DEDUP_HTML_FIELD``: the page's HTML (str, or bytes such as ``response.body``), extracted
    #: with :meth:`dedup.Document.from_html` when the item has no text.
    html_field: str | None = "html"
    #: ``DEDUP_URL_FIELD``: the page's URL: the article's id and outlet when the item gives none.
    url_field: str | None = "url"
    #: ``DEDUP_SOURCE_FIELD``: the outlet ("reuters.com"); absent: the URL's registered domain
    #: (for HTML without a URL, the page's site name).
    source_field: str | None = "source"
    #: ``DEDUP_PUBLISHED_FIELD``: an ISO 8601 string, a datetime or a date; absent: the date
    #: the HTML declares, else undated. A value that is not a date is a warning (cleaned undated).
    published_field: str | None = "published"
    #: ``DEDUP_ID_FIELD``: the article's id in the index, what ``duplicate_of`` names; absent:
    #: the URL, else a hash of the text. An id the index already holds is not learned again,
    #: so pages crawled twice count once.
    id_field: str | None = "id"
    #: ``DEDUP_DROP_COPIES``: drop an item that is a syndicated copy of an article the index
    #: already holds (DropItem, logged by Scrapy); False: keep it, with ``duplicate_of`` set.
    drop_copies: bool = False
    #: ``DEDUP_OUTPUT_FIELDS``: which item field each output of :data:`OUTPUTS` goes to; a dict
    #: setting merged over the defaults, a None value leaves that output out.
    output_fields: Mapping[str, str | None] = field(default_factory=lambda: OUTPUTS)
    #: ``DEDUP_CONFIG``: :class:`dedup.Config` fields as a dict (``{"memory_days": 30}``).
    config: Config = field(default_factory=Config)

    def __post_init__(self) -> None:
        if self.index is not None and not isinstance(self.index, str):
            raise ConfigError(f"DEDUP_INDEX={self.index!r}: give a file path or a redis:// URL as a string")
        if self.index is not None and not self.index.strip():
            raise ConfigError(
                "DEDUP_INDEX is empty: give a file path or a redis:// URL, or leave it unset (None) for an "
                "in-memory index"
            )
        if self.index is not None and not is_redis(self.index):
            folder = os.path.dirname(os.path.abspath(self.index))
            if not os.path.isdir(folder):
                raise ConfigError(
                    f"DEDUP_INDEX={self.index!r}: the folder {folder} does not exist; create it, or give "
                    "another path (the index file itself is created if missing)"
                )
        for attr, (setting, _default) in _INPUT_SETTINGS.items():
            value = getattr(self, attr)
            if value is not None and (not isinstance(value, str) or not value):
                raise ConfigError(f"{setting}={value!r}: give an item field name (a non-empty string), or None")
        if self.text_field is None and self.html_field is None:
            raise ConfigError(
                "DEDUP_TEXT_FIELD and DEDUP_HTML_FIELD are both None: "
                "name the item field holding the article's text or its HTML"
            )
        if not isinstance(self.drop_copies, bool):
            raise ConfigError(f"DEDUP_DROP_COPIES={self.drop_copies!r}: use True or False")
        unknown = sorted(set(self.output_fields) - set(OUTPUTS))
        if unknown:
            raise ConfigError(f"DEDUP_OUTPUT_FIELDS has unknown output(s) {unknown}: the outputs are {list(OUTPUTS)}")
        outputs = {**OUTPUTS, **self.output_fields}
        named: dict[str, str] = {}
        for output, name in outputs.items():
            if name is not None and (not isinstance(name, str) or not name):
                raise ConfigError(
                    f"DEDUP_OUTPUT_FIELDS[{output!r}]={name!r}: give an item field name, or None to leave it out"
                )
            if name is not None and name in named:
                raise ConfigError(
                    f"DEDUP_OUTPUT_FIELDS writes both {named[name]!r} and {output!r} to the field {name!r}: "
                    "give each its own field"
                )
            if name is not None:
                named[name] = output
        object.__setattr__(self, "output_fields", MappingProxyType(outputs))
        if not isinstance(self.config, Config):
            raise ConfigError(f"config must be a dedup.Config, got {type(self.config).__name__}")

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> PipelineSettings:
        """Read the ``DEDUP_*`` settings of a crawl; raises ConfigError for a bad one."""
        index = settings.get("DEDUP_INDEX")
        if isinstance(index, os.PathLike):
            index = os.fspath(index)
        inputs = {attr: _field_setting(settings, name, default) for attr, (name, default) in _INPUT_SETTINGS.items()}
        try:
            drop = settings.getbool("DEDUP_DROP_COPIES", False)
        except ValueError as err:
            raise ConfigError(
                f"DEDUP_DROP_COPIES={settings.get('DEDUP_DROP_COPIES')!r}: use True or False (or 1/0)"
            ) from err
        return cls(
            index=index,
            drop_copies=drop,
            output_fields=_dict_setting(settings, "DEDUP_OUTPUT_FIELDS"),
            config=_config(_dict_setting(settings, "DEDUP_CONFIG")),
            **inputs,
        )


def _field_setting(settings: BaseSettings, name: str, default: str) -> Any:
    # settings.get() reads None as "unset"; a field setting set to None means "never read it".
    if name not in settings:
        return default
    return settings[name]


def _dict_setting(settings: BaseSettings, name: str) -> dict[str, Any]:
    # A dict, or its JSON text as given on the command line (-s NAME='{"a": 1}').
    try:
        value = settings.getdict(name)
    except (ValueError, TypeError) as err:
        raise ConfigError(
            f"{name}={settings.get(name)!r} is not a dict: give a dict, or its JSON text ({err})"
        ) from err
    if any(not isinstance(k, str) for k in value):
        raise ConfigError(f"{name}={value!r}: its keys must be strings")
    return value


def _config(values: Mapping[str, Any]) -> Config:
    known = {f.name for f in fields(Config)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"DEDUP_CONFIG has unknown field(s) {unknown}: dedup.Config's fields are {sorted(known)}")
    # Settings given as JSON have lists where Config wants tuples (rules, canonical_sources).
    kwargs: dict[str, Any] = {k: tuple(v) if isinstance(v, list) else v for k, v in values.items()}
    try:
        return Config(**kwargs)
    except ConfigError as err:
        raise ConfigError(f"DEDUP_CONFIG: {err}") from err


class DedupPipeline:
    """Clean each item's article against a dedup Index, and annotate or drop syndicated copies.

    Scrapy builds it with :meth:`from_crawler`; it can also be driven by hand:

    >>> pipeline = DedupPipeline(PipelineSettings())
    >>> pipeline.open_spider()
    >>> item = pipeline.process_item(
    ...     {"url": "https://example.com/a", "text": "Share\\nPutin met Kerry in Sochi on Tuesday for talks."})
    >>> item["clean_text"], item["credit"], item["duplicate_of"]
    ('Putin met Kerry in Sochi on Tuesday for talks.', None, None)
    >>> [(r["rule"], r["text"]) for r in item["removals"]]
    [('template', 'Share\\n')]
    >>> pipeline.close_spider()
    """

    def __init__(self, settings: PipelineSettings, stats: StatsCollector | None = None) -> None:
        self.settings = settings
        self.stats = stats
        self.index: Index | None = None
        self._outputs = {k: v for k, v in settings.output_fields.items() if v is not None}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DedupPipeline:
        """The pipeline for a crawl, from its ``DEDUP_*`` settings (ConfigError for a bad one)."""
        return cls(PipelineSettings.from_settings(crawler.settings), stats=crawler.stats)

    # ``spider`` is optional: recent Scrapy calls these without it (the argument is deprecated),
    # older versions with it.
    def open_spider(self, spider: scrapy.Spider | None = None) -> None:
        """Open the index (``DEDUP_INDEX``), or make an in-memory one."""
        where = self.settings.index
        self.index = Index(self.settings.config) if where is None else Index.open(where, self.settings.config)
        logger.info(
            "dedup: cleaning items against %s (%d articles held)",
            "an in-memory index" if where is None else f"the index {where}",
            len(self.index),
        )

    def close_spider(self, spider: scrapy.Spider | None = None) -> None:
        """Close the index (a persistent one may write a checkpoint first; see Index.close)."""
        if self.index is not None:
            self.index.close()
            self.index = None

    def process_item(self, item: Any, spider: scrapy.Spider | None = None) -> Any:
        """Clean the item's article and write the outputs into it; returns the item.

        Raises:
            DropItem: the item is a syndicated copy and ``DEDUP_DROP_COPIES`` is on.
            ConfigError: the item's class has no field for an output (declare it, subclass
                :class:`DedupItem`, or rename the output with ``DEDUP_OUTPUT_FIELDS``).
            InvalidInputError: the text or HTML field holds something else than text.
        """
        if self.index is None:
            raise ConfigError(
                "DedupPipeline.process_item() before open_spider(): Scrapy opens the pipeline first; "
                "when driving it by hand, call open_spider() (and close_spider() at the end)"
            )
        adapter = ItemAdapter(item)
        s = self.settings
        text = _value(adapter, s.text_field)
        html = _value(adapter, s.html_field)
        url = _optional_str(adapter, s.url_field)
        if text is None and html is None:
            logger.warning(
                "dedup: item %s has neither a %r nor an %r field: passed on uncleaned",
                url or _describe(item),
                s.text_field,
                s.html_field,
            )
            self._inc("dedup/items_without_text")
            return item
        self._check_fields(adapter, item)
        source = _optional_str(adapter, s.source_field)
        published = self._published(adapter, url or _describe(item))
        if text is None:
            doc = Document.from_html(_html(html, s.html_field), url=url)
            text = doc.text
            source = source or doc.source
            published = published or doc.published
            self._inc("dedup/items_from_html")
            if not text.strip():
                logger.warning(
                    "dedup: item %s: no article text found in its %r field; cleaned as an empty article",
                    url or _describe(item),
                    s.html_field,
                )
                self._inc("dedup/html_without_article")
        else:
            text = _text(text, s.text_field)
            source = source or source_from_url(url)
        doc_id = _optional_id(adapter, s.id_field) or url
        result = self.index.clean(text, doc_id=doc_id, source=source, published=published)
        self._write(adapter, result)
        self._count(result)
        if result.duplicate_of is not None and s.drop_copies:
            self._inc("dedup/copies_dropped")
            similarity = result.syndication.similarity if result.syndication is not None else None
            raise DropItem(
                f"dedup: {doc_id or 'item'} is a syndicated copy of {result.duplicate_of} "
                f"(similarity {similarity}); DEDUP_DROP_COPIES is on"
            )
        return item

    def _write(self, adapter: ItemAdapter, result: CleanResult) -> None:
        out = result.to_dict(include_original="original" in self._outputs)
        for output, name in self._outputs.items():
            adapter[name] = out[output]

    def _check_fields(self, adapter: ItemAdapter, item: Any) -> None:
        # Items other than dicts take only their declared fields: check before the index learns.
        if isinstance(item, dict):
            return
        declared = set(adapter.field_names())
        for output, name in self._outputs.items():
            if name not in declared:
                raise ConfigError(
                    f"{type(item).__name__} has no field {name!r} for dedup's {output!r} output: declare it "
                    f"({name} = scrapy.Field()), subclass dedup.scrapy.DedupItem, or name another field "
                    "in DEDUP_OUTPUT_FIELDS"
                )

    def _published(self, adapter: ItemAdapter, what: str) -> datetime | None:
        value = _value(adapter, self.settings.published_field)
        if value == "":  # a selector's default: no date
            return None
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime.combine(value, time())
        try:
            return parse_published(value)
        except InputFormatError as err:
            logger.warning(
                "dedup: item %s: %s; cleaned as undated (set DEDUP_PUBLISHED_FIELD to None to stop reading it)",
                what,
                err,
            )
            self._inc("dedup/bad_published")
            return None

    def _count(self, result: CleanResult) -> None:
        self._inc("dedup/items_cleaned")
        for r in result.removals:
            self._inc(f"dedup/removals/{r.rule}")
        if result.duplicate_of is not None:
            self._inc("dedup/copies")

    def _inc(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)


def _value(adapter: ItemAdapter, name: str | None) -> Any:
    return None if name is None else adapter.get(name)


def _optional_str(adapter: ItemAdapter, name: str | None) -> str | None:
    value = _value(adapter, name)
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"item field {name!r} must be a string, got {type(value).__name__}: {value!r}")
    return value


def _optional_id(adapter: ItemAdapter, name: str | None) -> str | None:
    value = _value(adapter, name)
    return None if value is None or value == "" else str(value)


def _text(value: Any, name: str | None) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (list, tuple)) and all(isinstance(part, str) for part in value):
        return "\n".join(value)  # an ItemLoader's list of paragraphs
    raise InvalidInputError(
        f"item field {name!r} must hold the article's text (a str, or a list of paragraphs), "
        f"got {type(value).__name__}: decode bytes first, or put HTML in DEDUP_HTML_FIELD"
    )


def _html(value: Any, name: str | None) -> str | bytes:
    if isinstance(value, (str, bytes)):
        return value
    raise InvalidInputError(
        f"item field {name!r} must hold the page's HTML as str or bytes (response.text or response.body), "
        f"got {type(value).__name__}"
    )


def _describe(item: Any) -> str:
    text = repr(item)
    return f"{type(item).__name__} {text[:80]}{'...' if len(text) > 80 else ''}"


class DedupItem(scrapy.Item):
    """An Item with the fields the pipeline reads and writes by default; subclass it to add yours.

    >>> class Article(DedupItem):
    ...     title = scrapy.Field()
    >>> sorted(Article.fields)[:4]
    ['clean_text', 'credit', 'duplicate_of', 'html']
    """

    url = scrapy.Field()
    id = scrapy.Field()
    source = scrapy.Field()
    published = scrapy.Field()
    text = scrapy.Field()
    html = scrapy.Field()
    clean_text = scrapy.Field()
    credit = scrapy.Field()
    duplicate_of = scrapy.Field()
    removals = scrapy.Field()
