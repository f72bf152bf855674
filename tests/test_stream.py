"""iter_clean_corpus: clean_corpus's results in bounded memory, through a temporary spill file."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import dedup
import dedup.corpus
from tests.corpora import corpus, months, rewrapped
from tests.realdata import csv_docs, needs_helsinki
from tests.test_seeds import SEEDS


def dicts(results: object) -> list[str]:
    return [json.dumps(r.to_dict(), sort_keys=True) for r in results]  # type: ignore[attr-defined]


@pytest.fixture
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 7 articles, so that every walk crosses page boundaries."""
    monkeypatch.setattr(dedup.corpus, "CHUNK", 7)


def seed_docs() -> list[dict[str, str]]:
    return [{"id": p.stem, "text": p.read_text(encoding="utf-8")} for p in sorted(SEEDS.glob("*.txt"))]


def test_equals_clean_corpus_on_seeds_and_banner_corpus(small_chunks: None, tmp_path: Path) -> None:
    odd = {"id": "odd", "text": "A lone \ud800 surrogate.\r\nA NUL \x00 here.\rA lone \ud800 surrogate.\n\n"}
    docs = [*seed_docs(), *corpus(), odd, {"text": ""}, {"id": "\udcff", "text": "Id with a surrogate."}]
    assert dicts(dedup.iter_clean_corpus(docs, spill_dir=tmp_path)) == dicts(dedup.clean_corpus(docs))
    assert list(tmp_path.iterdir()) == []  # the spill file is gone


@needs_helsinki
def test_equals_clean_corpus_on_real_articles_in_any_input_order(small_chunks: None) -> None:
    docs = csv_docs("helsinki")
    want = dict(zip([d["id"] for d in docs], dicts(dedup.clean_corpus(docs)), strict=True))
    random.Random(5).shuffle(docs)
    got = dicts(dedup.iter_clean_corpus(docs))
    assert got == [want[d["id"]] for d in docs]


def test_undated_and_dated_articles_and_repeated_ids_as_clean_corpus(small_chunks: None) -> None:
    docs = corpus()
    for n, d in enumerate(docs):
        if n % 3:
            d["published"] = f"2024-03-{1 + n % 5:02d}T{n % 24:02d}:00:00+02:00"
    docs = docs + docs[:4]  # the same id with the same text: learned once, cleaned each time
    assert dicts(dedup.iter_clean_corpus(docs)) == dicts(dedup.clean_corpus(docs))


def test_equals_clean_corpus_over_months_and_with_a_memory_window(small_chunks: None) -> None:
    docs = months()  # five months: copies only within the syndication window
    assert dicts(dedup.iter_clean_corpus(docs)) == dicts(dedup.clean_corpus(docs))
    short = dedup.Config(memory_days=20)
    assert dicts(dedup.iter_clean_corpus(docs, short)) == dicts(dedup.clean_corpus(docs, short))


def test_copies_in_other_layouts_over_a_year_as_clean_corpus_streamed_and_persistent(
    small_chunks: None, tmp_path: Path
) -> None:
    docs = rewrapped()  # one story in five layouts, among a year of outlets' stories
    want = dicts(dedup.clean_corpus(docs))
    assert dicts(dedup.iter_clean_corpus(docs)) == want
    with dedup.Index.open(tmp_path / "news.dedup") as idx:
        assert dicts(dedup.clean_corpus(docs, index=idx)) == want
    with dedup.Index.open(tmp_path / "news.dedup") as idx:  # reopened: the log replays to the same answers
        again = [idx.clean(d["text"], doc_id=d["id"], source=d["source"], published=d["published"]) for d in docs]
        assert dicts(again) == want


def test_learns_into_the_given_index_and_results_match(small_chunks: None, tmp_path: Path) -> None:
    docs = corpus()
    with dedup.Index.open(tmp_path / "news.dedup") as idx:
        got = dicts(dedup.iter_clean_corpus(docs, index=idx))
        assert len(idx) == len(docs)
    assert got == dicts(dedup.clean_corpus(docs))


def test_an_input_error_leaves_the_index_untouched(small_chunks: None) -> None:
    idx = dedup.Index()
    docs = corpus()
    clash = [*docs, dict(docs[0], text="Another article under a used id.")]
    with pytest.raises(dedup.InputFormatError, match="share the id"):
        next(dedup.iter_clean_corpus(clash, index=idx))
    with pytest.raises(dedup.InputFormatError, match=r"document 18: .* needs a 'text' or 'html' string"):
        next(dedup.iter_clean_corpus([*docs, {"text": None}], index=idx))
    with pytest.raises(dedup.InvalidInputError, match=r"iter_clean_corpus\(\) takes text \(str\), got bytes"):
        next(dedup.iter_clean_corpus([*docs, dedup.Document(text=b"bytes")], index=idx))  # type: ignore[arg-type]
    assert len(idx) == 0


def test_stopping_early_deletes_the_spill_file(tmp_path: Path) -> None:
    results = dedup.iter_clean_corpus(corpus(), spill_dir=tmp_path)
    first = next(results)
    assert first.id == corpus()[0]["id"]
    assert len(list(tmp_path.iterdir())) == 1
    results.close()
    assert list(tmp_path.iterdir()) == []


def test_a_spill_folder_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(dedup.ConfigError, match="cannot create a spill file"):
        next(dedup.iter_clean_corpus(corpus(), spill_dir=tmp_path / "missing"))
