"""clean_corpus: learn every article, then clean every article against what was learned."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import xxhash

from .config import Config
from .documents import as_document
from .errors import InputFormatError
from .index import Index
from .index.records import learning_order
from .prepare import article_head, prepare
from .spill import Spill, SpilledArticle
from .types import CleanResult, Document

__all__ = ["as_document", "clean_corpus", "iter_clean_corpus"]

#: Articles prepared, learned or cleaned at a time by iter_clean_corpus.
CHUNK = 5_000
_ITER = "iter_clean_corpus()"


def clean_corpus(
    docs: Iterable[Document | Mapping[str, Any]], config: Config | None = None, index: Index | None = None
) -> list[CleanResult]:
    """Clean a batch of articles together, so that outlet banners and boilerplate show.

    The batch is learned oldest first (by ``published``; undated articles first), then by id,
    so the results do not depend on the order of ``docs``, and they are exactly what an
    :class:`Index` that learned the same articles one at a time in that order gives. Results
    come back in input order.

    Args:
        docs: :class:`Document` objects, or dicts with ``text`` (or ``html``), ``id``, ``source``,
            ``url`` and ``published``.
        config: settings (the defaults are measured).
        index: an index to learn into and clean against (a new in-memory one by default).

    >>> banner = "Dear readers,\\nPlease support us.\\nRemind me later."
    >>> stories = ["Putin and Trump met in Helsinki on Monday for more than two hours of talks.",
    ...            "Oil prices rose on Monday as traders weighed the outcome of the Helsinki summit."]
    >>> rs = clean_corpus([{"text": story + "\\n" + banner} for story in stories])
    >>> [r.text for r in rs] == stories
    True
    """
    idx = index if index is not None else Index(config)
    rule_config = idx.rule_config(config)  # refuses a config whose index parameters differ
    documents = [as_document(raw, n, rule_config) for n, raw in enumerate(docs)]
    prepared = prepare(((d.text, d.id, d.source, d.published) for d in documents), idx.config, "clean_corpus()")
    seen: dict[str, str] = {}
    for p in prepared:
        if seen.setdefault(p.doc_id, p.text) != p.text:
            raise InputFormatError(f"two different articles share the id {p.doc_id!r}: ids must be unique")
    records = idx.records(prepared)
    # Learned oldest first, then by id: the results do not depend on the order of ``docs``.
    idx.learn_many(sorted(records, key=learning_order))
    return [idx.clean_prepared(p, rec, rule_config) for p, rec in zip(prepared, records, strict=True)]


def iter_clean_corpus(
    docs: Iterable[Document | Mapping[str, Any]],
    config: Config | None = None,
    index: Index | None = None,
    *,
    spill_dir: str | os.PathLike[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Iterator[CleanResult]:
    """:func:`clean_corpus`'s results, one at a time in input order, in bounded memory.

    For corpora larger than memory: ``docs`` is read once into a temporary SQLite file (in
    ``spill_dir``, by default the system's temporary folder; it takes about the size of the
    text, and is deleted at the end), learned from there oldest first a chunk at a time, then
    cleaned in input order a chunk at a time. Memory holds the index (~130-160 bytes per
    distinct line) and one chunk, not the corpus and its results. The results equal
    ``clean_corpus``'s, field for field (a test checks it).

    Every article is read and checked before anything is learned, as ``clean_corpus`` does: an
    input error (raised by the first ``next()``) leaves the index untouched.

    ``progress``, if given, is called as ``progress(learned, total)`` once all ``total`` articles
    are read (with ``learned=0``), then after each chunk learned; cleaning then yields the
    results one by one. It only reports: the results are the same with it or without.

    >>> banner = "Dear readers,\\nPlease support us.\\nRemind me later."
    >>> stories = ["Putin and Trump met in Helsinki on Monday for more than two hours of talks.",
    ...            "Oil prices rose on Monday as traders weighed the outcome of the Helsinki summit."]
    >>> [r.text for r in iter_clean_corpus({"text": s + "\\n" + banner} for s in stories)] == stories
    True
    """
    idx = index if index is not None else Index(config)
    rule_config = idx.rule_config(config)
    with Spill(spill_dir) as spill:
        texts: dict[str, bytes] = {}  # id -> digest of its text: two different articles may not share an id
        batch: list[SpilledArticle] = []
        total = 0
        for n, raw in enumerate(docs):
            total = n + 1
            d = as_document(raw, n, rule_config)
            text, doc_id, source, published = article_head(d.text, d.id, d.source, d.published, _ITER)
            digest = xxhash.xxh3_128_digest(text.encode("utf-8", "surrogatepass"))
            if texts.setdefault(doc_id, digest) != digest:
                raise InputFormatError(f"two different articles share the id {doc_id!r}: ids must be unique")
            batch.append((n, text, doc_id, source, published))
            if len(batch) == CHUNK:
                spill.add_many(batch)
                batch = []
        spill.add_many(batch)
        del texts
        learned = 0
        if progress is not None:
            progress(learned, total)
        for page in spill.learning_order(CHUNK):
            idx.learn_many(idx.records(prepare((a[1:] for a in page), idx.config, _ITER)))
            learned += len(page)
            if progress is not None:
                progress(learned, total)
        for page in spill.input_order(CHUNK):
            prepared = prepare((a[1:] for a in page), idx.config, _ITER)
            for p, rec in zip(prepared, idx.records(prepared), strict=True):
                yield idx.clean_prepared(p, rec, rule_config)
