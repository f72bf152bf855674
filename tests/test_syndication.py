"""Syndication: copies of one story across outlets, clustered, with one canonical copy."""

from __future__ import annotations

import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from tests.corpora import BANNERS, layouts, paragraph, rewrapped, story

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
    abridged = r["abridged"].syndication  # 7 of the 10 paragraphs
    assert abridged is not None and abridged.containment == 1.0 and abridged.adds == ()
    assert 0.6 < abridged.canonical_containment < 0.8
    assert 40 < abridged.lacks < 120  # about the words of the three paragraphs missing (each ~30)
    extended = r["extended"]
    assert extended.syndication is not None
    added = [extended.original[s:e] for s, e in extended.syndication.adds]
    assert added == [paragraph("c-intro", 0), paragraph("c-note", 0)]
    assert extended.to_dict()["syndication"]["adds"] == [list(span) for span in extended.syndication.adds]


def test_copies_are_found_whatever_their_line_breaks_quotes_dashes_and_case() -> None:
    r = by_id(dedup.clean_corpus(rewrapped()))
    for layout in layouts():
        if layout != "lines":
            got = r[f"wire/{layout}"]
            assert got.duplicate_of == "wire/lines", layout
            assert got.syndication is not None and got.syndication.similarity == 1.0, layout
            assert got.text == got.original.strip(), layout  # a copy keeps its text: lines are only deleted
    assert r["wire/lines"].syndication is not None and r["wire/lines"].syndication.members == 5


def test_abridged_and_edited_copies_in_other_layouts_are_copies() -> None:
    text = layouts()["lines"].splitlines()
    abridged = " ".join(text[:6])  # the first two thirds, in one line
    edited = "\n".join(line.replace(" the ", " a ", 1).replace("Council", "Board", 1) for line in text)
    edited = "New headline for the story\n" + edited.replace(".", ".\n", 3)  # and broken differently
    docs = [
        {"id": "full", "source": "a.example", "text": "\n".join(text)},
        {"id": "abridged", "source": "b.example", "text": abridged},
        {"id": "edited", "source": "c.example", "text": edited},
    ]
    r = by_id(dedup.clean_corpus(docs))
    assert r["abridged"].duplicate_of == "full" and r["edited"].duplicate_of == "full"
    abridged_match = r["abridged"].syndication
    assert abridged_match is not None and abridged_match.containment > 0.95
    assert 0.5 < abridged_match.canonical_containment < 0.8


def test_stories_sharing_a_background_paragraph_and_a_quote_are_not_copies() -> None:
    background = paragraph("background", 0, words=40)
    quote = '"' + paragraph("quote", 1, words=18)[:-1] + '," the minister said.'
    a = [paragraph("story-a", k, words=30) for k in range(6)]
    b = [paragraph("story-b", k, words=30) for k in range(6)]
    docs = [
        {"id": "a", "source": "x.example", "text": "\n".join([*a[:3], quote, *a[3:], background])},
        {"id": "b", "source": "y.example", "text": " ".join([*b[:2], background, *b[2:], quote])},  # one line
    ]
    results = dedup.clean_corpus(docs)
    assert [(r.duplicate_of, r.syndication) for r in results] == [(None, None), (None, None)]


def test_a_copy_of_two_versions_of_a_developing_story_joins_the_one_it_is_closer_to() -> None:
    p = [paragraph("developing", k) for k in range(12)]
    docs = [  # the update shares too little with the first version to be its copy
        {"id": "first", "source": "wire.example", "published": at(0), "text": "\n".join(p[0:6])},
        {"id": "update", "source": "wire.example", "published": at(1), "text": "\n".join(p[4:12])},
        {"id": "between", "source": "a.example", "published": at(2), "text": "\n".join(p[2:10])},
        {"id": "update-copy", "source": "b.example", "published": at(3), "text": "\n".join(p[4:12])},
    ]
    r = by_id(dedup.clean_corpus(docs))
    assert r["update"].duplicate_of is None  # a canonical copy of its own
    # verified against both versions, it shares more with the update (6 paragraphs of 8, not 4 of 6)
    assert r["between"].duplicate_of == "update" and r["update-copy"].duplicate_of == "update"
    idx = dedup.Index()
    dedup.clean_corpus(docs, index=idx)
    late = idx.clean("\n".join(p[2:10]), doc_id="late", source="c.example", published=at(4), learn=False)
    assert late.duplicate_of == "update"  # the stream joins the same way


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
    docs = [  # A and B share two thirds of A, B and C two thirds of C; A and C nothing
        {"id": "A", "published": at(0), "source": "a", "text": "\n".join(p[0:6])},
        {"id": "B", "published": at(1), "source": "b", "text": "\n".join(p[2:10])},
        {"id": "C", "published": at(2), "source": "c", "text": "\n".join(p[6:12])},
    ]
    r = by_id(dedup.clean_corpus(docs))
    assert r["B"].duplicate_of == "A"  # verified against A
    assert r["C"].duplicate_of is None  # verified against B only, never against A


def test_stories_of_one_outlet_sharing_its_furniture_are_not_copies() -> None:
    notice = "Follow the Courier on social media for the latest local news and updates from our reporters."
    docs = []
    for n in range(4):
        body = [*story("courier", n).splitlines(), *story("courier", 10 + n).splitlines()]
        lines = [*body[:2], notice, *body[2:], *BANNERS["herald.example"]]  # a notice mid-article, a banner
        docs.append({"id": f"c{n}", "source": "courier.example", "text": "\n".join(lines)})
    results = dedup.clean_corpus(docs)
    assert all(r.duplicate_of is None and r.syndication is None for r in results)
    assert all({m.rule for m in r.removals} == {"banner", "boilerplate"} for r in results[1:])


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
    r = by_id(dedup.clean_corpus(docs))
    assert r["new"].duplicate_of is None and r["old"].syndication is None
    # Nothing silent: both say which article of the same text was left out, and why.
    for mine, other in (("new", "old"), ("old", "new")):
        note = r[mine].outside_window
        assert note is not None and note.far_copies == 1 and note.examples == (other,) and note.window_days == 3.0
        assert r[mine].to_dict()["outside_window"]["examples"] == [other]
        assert "published more than 3 days from it" in note.explain()
    unlimited = dedup.Config(syndication_window_days=None)
    r = by_id(dedup.clean_corpus(docs, config=unlimited))
    assert r["new"].duplicate_of == "old" and r["new"].outside_window is None


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
    assert fresh.duplicate_of == "wire" and fresh.syndication is not None and fresh.syndication.lacks > 0


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


def test_the_index_forgets_on_request_and_later_articles_say_so() -> None:
    idx = dedup.Index(dedup.Config(syndication_window_days=1))
    banner = "\n".join(BANNERS["herald.example"])
    for day in range(3):
        idx.add(story("h", day) + "\n" + banner, doc_id=f"h/{day}", source="h.example", published=at(24 * day))
    idx.add("\n".join(WIRE), doc_id="wire", source="w.example", published=at(0))
    idx.add(story("u", 0), doc_id="undated", source="h.example")
    assert len(idx) == 5
    assert idx.forget(before=at(24 * 2)) == 3  # h/0, h/1 and the wire story; undated ones are kept
    assert "h/0" not in idx and "wire" not in idx and "undated" in idx and len(idx) == 2
    late = idx.clean(story("h", 9) + "\n" + banner, doc_id="h/9", source="h.example", published=at(24 * 3))
    assert late.removals[0].reason.endswith("in 1 other story of h.example")  # h/2 only
    note = late.outside_window
    assert note is not None and note.forgotten_before is not None and note.forgotten_before.startswith("2018-07-18")
    assert "the index forgot them" in note.explain()
    copy = idx.clean("\n".join(WIRE), doc_id="copy", source="c.example", published=at(24 * 4), learn=False)
    assert copy.duplicate_of is None  # the original is forgotten
    old = idx.add(story("h", 5), doc_id="h/old", source="h.example", published=at(0))
    assert old in idx  # an old article is learned: no date is ever too old or too new by itself


def test_forgetting_frees_lines_postings_and_anchors() -> None:
    idx = dedup.Index()
    for n in range(600):
        idx.add(story("f", n), doc_id=f"f/{n}", source="f.example", published=at(n))
    assert idx.forget(before=at(400)) == 400
    state = idx._state
    assert len(idx) == 200
    live_lines = {int(x) for d in range(600) if not state.articles.dead[d] for x in state.postings.lines_of(d)}
    assert len(state.clusters.exact) == len(live_lines)  # the lines only forgotten articles held are gone
    assert all(len(state.postings.lines_of(d)) == 0 for d in range(400))
    assert all(len(state.stories.doc_anchors[d]) == 0 for d in range(400))
    assert not any(d < 400 for a in state.stories.doc_anchors[450] for d in state.stories.postings.get(a))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"syndication_window_days": 0}, "syndication_window_days=0"),
        ({"memory_days": -1}, "memory_days=-1"),
        ({"memory_days": "30"}, "memory_days='30'"),
    ],
)
def test_time_settings_are_checked(kwargs: dict[str, Any], message: str) -> None:
    with pytest.raises(dedup.ConfigError, match=message):
        dedup.Config(**kwargs)


def test_a_forgotten_line_is_never_found_again_and_comes_back_as_a_new_line() -> None:
    idx = dedup.Index()
    banner = "\n".join(BANNERS["gazette.example"])
    for n in range(3):
        idx.add(story("g", n) + "\n" + banner, doc_id=f"g/{n}", source="g.example", published=at(n))
    before = len(idx._state.clusters)
    idx.forget(before=at(10))
    exact = idx._state.clusters.exact
    exact.merge()
    assert len(exact) == 0  # every line's articles are forgotten
    r = idx.clean(story("g", 9) + "\n" + banner, doc_id="g/9", source="g.example", published=at(11))
    assert not r.removals  # the banner is new again: nothing recurs
    assert len(idx._state.clusters) > before  # new line ids for the same keys


def test_memory_days_counts_only_the_stories_near_each_article() -> None:
    banner = "\n".join(BANNERS["herald.example"])
    docs = [
        {"id": f"h/{n}", "source": "h.example", "published": at(24 * 40 * n), "text": story("h", n) + "\n" + banner}
        for n in range(4)  # forty days apart
    ]
    near = dedup.Config(memory_days=30)
    assert all(not r.removals for r in dedup.clean_corpus(docs, config=near))  # no other story within 30 days
    assert all(r.removals for r in dedup.clean_corpus(docs))  # every story counts by default

    def stories(config: dedup.Config) -> list[int]:
        return [r.removals[0].evidence["stories"] for r in dedup.clean_corpus(docs, config=config)]

    assert stories(dedup.Config()) == [3, 3, 3, 3]
    assert stories(dedup.Config(memory_days=90)) == [2, 3, 3, 2]  # the stories within 90 days of each


def test_an_archive_spread_over_a_year_loses_no_furniture_and_no_copy() -> None:
    docs = rewrapped()  # the outlets' stories dated over 400 days
    dated = dedup.clean_corpus(docs)
    undated = dedup.clean_corpus([{**d, "published": None} for d in docs])
    assert [r.removals for r in dated] == [r.removals for r in undated]
    assert sum(len(r.removals) for r in dated) == 2 * 20  # both banner lines of every outlet story

    def clusters(results: list[dedup.CleanResult]) -> set[frozenset[str | None]]:
        canonical = {r.id: r.syndication.canonical for r in results if r.syndication is not None}
        return {frozenset(i for i, c in canonical.items() if c == one) for one in canonical.values()}

    assert clusters(dated) == clusters(undated) == {frozenset(f"wire/{layout}" for layout in layouts())}


def test_an_outlier_date_changes_nobody_elses_result() -> None:
    docs = copies()
    want = [r.to_dict() for r in dedup.clean_corpus(docs)]
    outlier = {
        "id": "far-future",
        "source": "z.example",
        "published": "2081-01-01T00:00:00+00:00",
        "text": story("z", 1),
    }
    undated = {"id": "no-date", "source": "y.example", "text": story("y", 1)}
    got = [r.to_dict() for r in dedup.clean_corpus([*docs, outlier, undated])]
    assert got[: len(docs)] == want
