"""Syndication: copies of one story across outlets, clustered, with one canonical copy."""

from __future__ import annotations

import random
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from tests.corpora import BANNERS, months, paragraph, story
from tests.realdata import csv_docs, needs_helsinki

WIRE = [paragraph("wire", k) for k in range(10)]
T0 = "2018-07-16T08:00:00+00:00"


def at(hours: float) -> str:
    from datetime import datetime, timedelta

    return (datetime.fromisoformat(T0) + timedelta(hours=hours)).isoformat()


def copies() -> list[dict[str, Any]]:
    """One wire story at five outlets, edited the ways outlets edit, plus unrelated stories."""
    edited = WIRE[:]
    edited[0] = "WASHINGTON (Reuters) - " + edited[0]
    edited[4] = edited[4].replace(" ", " ", 1).replace("a", "á", 1)  # a changed letter
    edited[6] = "“" + edited[6] + "”"
    docs = [
        {"id": "wire", "source": "wire.example", "published": at(0), "text": "Summit ends\n" + "\n".join(WIRE)},
        {"id": "abridged", "source": "b.example", "published": at(1), "text": "Summit ends\n" + "\n".join(WIRE[:7])},
        {
            "id": "extended",
            "source": "c.example",
            "published": at(2),
            "text": "\n".join(["Summit ends", paragraph("c-intro", 0), *WIRE, paragraph("c-note", 0)]),
        },
        {
            "id": "reheadlined",
            "source": "d.example",
            "published": at(0.5),
            "text": "Putin and Trump talk for two hours\n"
            + "\n".join(edited)
            + "\n"
            + "\n".join(BANNERS["gazette.example"]),
        },
        {
            "id": "bannered",
            "source": "herald.example",
            "published": at(3),
            "text": "\n".join(WIRE) + "\n" + "\n".join(BANNERS["herald.example"]),
        },
    ]
    for outlet in ("b.example", "c.example", "d.example", "herald.example"):
        for n in range(2):
            docs.append({"id": f"{outlet}/{n}", "source": outlet, "published": at(n), "text": story(outlet, n)})
    return docs


def by_id(results: list[dedup.CleanResult]) -> dict[str, dedup.CleanResult]:
    return {r.id: r for r in results if r.id is not None}


def test_edited_copies_join_the_earliest_copy() -> None:
    r = by_id(dedup.clean_corpus(copies()))
    assert r["wire"].duplicate_of is None
    for copy in ("abridged", "extended", "reheadlined", "bannered"):
        assert r[copy].duplicate_of == "wire", copy
    assert r["wire"].syndication is not None and r["wire"].syndication.canonical == "wire"
    assert r["wire"].syndication.members == 5
    for n in range(2):
        assert r[f"b.example/{n}"].duplicate_of is None and r[f"b.example/{n}"].syndication is None


def test_syndication_reports_what_a_copy_adds_and_lacks() -> None:
    r = by_id(dedup.clean_corpus(copies()))
    abridged = r["abridged"].syndication
    assert abridged is not None and abridged.lacks == 3 and abridged.containment == 1.0
    assert abridged.canonical_containment == 0.7
    extended = r["extended"]
    assert extended.syndication is not None
    added = [extended.original[s:e] for s, e in extended.syndication.adds]
    assert added == [paragraph("c-intro", 0), paragraph("c-note", 0)]
    assert extended.to_dict()["syndication"]["adds"] == [list(span) for span in extended.syndication.adds]


def test_two_stories_sharing_one_quote_are_not_copies() -> None:
    quote = paragraph("quote", 0)
    a = "\n".join([paragraph("a", k) for k in range(5)] + [quote])
    b = "\n".join([quote] + [paragraph("b", k) for k in range(5)])
    results = dedup.clean_corpus(
        [{"id": "a", "source": "x.example", "text": a}, {"id": "b", "source": "y.example", "text": b}]
    )
    assert [r.duplicate_of for r in results] == [None, None]
    assert [r.syndication for r in results] == [None, None]


def test_a_chain_of_partial_overlaps_is_not_one_cluster() -> None:
    p = [paragraph("chain", k) for k in range(12)]
    docs = [
        {"id": "A", "published": at(0), "source": "a", "text": "\n".join(p[0:6])},
        {"id": "B", "published": at(1), "source": "b", "text": "\n".join(p[3:9])},
        {"id": "C", "published": at(2), "source": "c", "text": "\n".join(p[6:12])},
    ]
    r = by_id(dedup.clean_corpus(docs))
    assert r["B"].duplicate_of == "A"  # verified against A
    assert r["C"].duplicate_of is None  # verified against B only, never against A


def test_canonical_order_is_published_then_preferred_outlets_then_completeness_then_id() -> None:
    docs = [
        {"id": "z-full", "source": "x.example", "text": "\n".join(WIRE)},
        {"id": "a-short", "source": "y.example", "text": "\n".join(WIRE[:8])},
        {"id": "m-wire", "source": "wire.example", "text": "\n".join(WIRE[:8])},
    ]
    assert by_id(dedup.clean_corpus(docs))["a-short"].duplicate_of == "z-full"  # most complete
    config = dedup.Config(canonical_sources=("wire.example",))
    assert by_id(dedup.clean_corpus(docs, config=config))["z-full"].duplicate_of == "m-wire"
    dated = [dict(d, published=at(k)) for k, d in enumerate(reversed(docs))]  # m-wire earliest
    assert by_id(dedup.clean_corpus(dated))["z-full"].duplicate_of == "m-wire"
    same = [{"id": i, "source": "x", "text": "\n".join(WIRE)} for i in ("b", "a", "c")]
    assert [r.duplicate_of for r in dedup.clean_corpus(same)] == ["a", None, "a"]


def test_copies_further_apart_than_the_window_do_not_match() -> None:
    docs = [
        {"id": "old", "source": "x", "published": at(0), "text": "\n".join(WIRE)},
        {"id": "new", "source": "y", "published": at(24 * 10), "text": "\n".join(WIRE)},
    ]
    assert by_id(dedup.clean_corpus(docs))["new"].duplicate_of is None
    unlimited = dedup.Config(syndication_window_days=None, retention_days=None)
    assert by_id(dedup.clean_corpus(docs, config=unlimited))["new"].duplicate_of == "old"


def test_streaming_answers_against_what_the_index_has_seen_and_matches_batch() -> None:
    docs = copies()
    batch = dedup.clean_corpus(docs)
    idx = dedup.Index()
    for d in docs:
        idx.add(d["text"], doc_id=d["id"], source=d["source"], published=d["published"])
    stream = [
        idx.clean(d["text"], doc_id=d["id"], source=d["source"], published=d["published"], learn=False) for d in docs
    ]
    assert stream == batch
    fresh = idx.clean(
        "Another headline\n" + "\n".join(WIRE[:8]), doc_id="late", source="e.example", published=at(5), learn=False
    )
    assert fresh.duplicate_of == "wire" and fresh.syndication is not None and fresh.syndication.lacks == 2


@settings(max_examples=20)
@given(st.randoms(use_true_random=False))
def test_clusters_do_not_depend_on_input_order(rnd: random.Random) -> None:
    docs = copies()
    shuffled = docs[:]
    rnd.shuffle(shuffled)
    expected = {r.id: (r.duplicate_of, r.syndication) for r in dedup.clean_corpus(docs)}
    assert {r.id: (r.duplicate_of, r.syndication) for r in dedup.clean_corpus(shuffled)} == expected


def test_dups_command_writes_clusters_as_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    import json

    from dedup.cli import main

    path = tmp_path / "docs.jsonl"
    path.write_text("\n".join(json.dumps(d) for d in copies()) + "\n", encoding="utf-8")
    assert main(["dups", str(path)]) == 0
    out, err = capsys.readouterr()
    (cluster,) = [json.loads(line) for line in out.splitlines()]
    assert cluster["canonical"] == "wire"
    assert cluster["members"] == ["wire", "reheadlined", "abridged", "extended", "bannered"]
    assert set(cluster["similarity"]) == {"reheadlined", "abridged", "extended", "bannered"}
    assert "1 cluster" in err and "4 copies" in err


def test_the_index_forgets_articles_older_than_the_retention_window() -> None:
    config = dedup.Config(syndication_window_days=1, retention_days=2)
    idx = dedup.Index(config)
    banner = "\n".join(BANNERS["herald.example"])
    for day in range(3):
        idx.add(story("h", day) + "\n" + banner, doc_id=f"h/{day}", source="h.example", published=at(24 * day))
    idx.add("\n".join(WIRE), doc_id="wire", source="w.example", published=at(0))
    assert "h/0" in idx and len(idx) == 4
    late = idx.clean(story("h", 9) + "\n" + banner, doc_id="h/9", source="h.example", published=at(24 * 4))
    # h/0, h/1 and the wire story (days 0 and 1) are now more than 2 days older than the newest
    assert "h/0" not in idx and "wire" not in idx and len(idx) == 2
    assert late.removals[0].reason.endswith("in 1 other story of h.example")
    copy = idx.clean("\n".join(WIRE), doc_id="copy", source="c.example", published=at(24 * 4), learn=False)
    assert copy.duplicate_of is None  # the original is forgotten
    too_old = idx.add(story("h", 5), doc_id="h/old", source="h.example", published=at(0))
    assert too_old == "h/old" and "h/old" not in idx  # older than the window: not learned


def test_forgetting_frees_lines_and_postings_in_batches() -> None:
    config = dedup.Config(syndication_window_days=1, retention_days=1)
    idx = dedup.Index(config)
    for n in range(600):
        idx.add(story("f", n), doc_id=f"f/{n}", source="f.example", published=at(n))
    state = idx._state
    assert len(idx) == 25  # the last day: 24 hours back from the newest, inclusive
    live_lines = {int(x) for d in range(600) if not state.articles.dead[d] for x in state.postings.lines_of(d)}
    assert len(state.clusters.exact) <= len(live_lines) + 4 * 300  # at most one batch of dead lines left
    assert all(len(state.postings.lines_of(d)) == 0 for d in range(400))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"retention_days": 0}, "retention_days=0"),
        ({"retention_days": 1}, "shorter than syndication_window_days=3.0"),
        ({"syndication_window_days": None}, "set retention_days=None too"),
    ],
)
def test_retention_settings_are_checked(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(dedup.ConfigError, match=message):
        dedup.Config(**kwargs)


def learned_months(batch: int, monkeypatch: pytest.MonkeyPatch) -> tuple[list[dict[str, Any]], Any]:
    from dedup.index import forgetting

    monkeypatch.setattr(forgetting, "_MIN_FORGET_BATCH", batch)
    idx = dedup.Index()
    results = [r.to_dict() for r in dedup.clean_corpus(months(), index=idx)]
    return results, idx._state


def test_forgotten_lines_are_gone_at_once_whenever_their_postings_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    # Months of bursts with the default retention: banners fall out of the index and come back.
    # A line whose articles are all forgotten is never found again, dropped or not, so the
    # results do not depend on when the batch drop runs.
    eager, _ = learned_months(1, monkeypatch)
    late, lazy = learned_months(10**9, monkeypatch)
    default, _ = learned_months(256, monkeypatch)
    assert eager == late == default
    # What the corpus exercised: dead lines not dropped (lazily), and keys that came back as new lines.
    assert lazy.clusters.dead and lazy.forgetting.doomed
    exact = lazy.clusters.exact
    exact.merge()
    assert len(exact) > len(np.unique(exact._keys))
    assert any(r["removals"] for r in eager) and any(r["duplicate_of"] for r in eager)


@needs_helsinki
def test_forgetting_real_articles_does_not_depend_on_the_drop_batch(monkeypatch: pytest.MonkeyPatch) -> None:
    from dedup.index import forgetting

    docs = csv_docs("helsinki") + csv_docs("census") + csv_docs("spotify")  # March to September 2018
    got = []
    for batch in (1, 10**9):
        monkeypatch.setattr(forgetting, "_MIN_FORGET_BATCH", batch)
        got.append([r.to_dict() for r in dedup.clean_corpus(docs)])
    assert got[0] == got[1]


def test_a_batch_learned_into_an_index_skips_no_band_keys_of_lines_it_forgets(monkeypatch: pytest.MonkeyPatch) -> None:
    # A record prepared against the index skips the band keys of the lines it knows; a line the
    # batch itself makes the index forget (newer articles push its holders out of the window)
    # must not count as known, or it comes back as a new line with no band keys.
    from dedup.index.state import IndexState

    def run() -> tuple[list[dict[str, Any]], Any]:
        idx = dedup.Index()
        dedup.clean_corpus(months()[:70], index=idx)
        results = [r.to_dict() for r in dedup.clean_corpus(months()[70:], index=idx)]
        return results, idx._state

    got, state = run()
    for table in state.clusters.bands:
        table.merge()
    assert not any((table._keys == 0).any() for table in state.clusters.bands)
    monkeypatch.setattr(IndexState, "knows", lambda self, keys, newest=None: np.zeros(len(keys), bool))
    assert run()[0] == got  # the same results as with every band key computed
