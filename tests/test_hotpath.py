"""The vectorised hot path gives exactly what the line-by-line reference computations give."""

from __future__ import annotations

import random

import numpy as np
import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import dedup
from dedup.anchors import StoryFingerprint
from dedup.fingerprint import band_keys
from dedup.hashing import exact_key, exact_keys_of, flat_shingle_hashes, shingles, token_hash
from dedup.index import clusters as clusters_module
from dedup.index import state as state_module
from dedup.index.clusters import _agreeing_earlier, _agreeing_pairs
from dedup.index.records import DocRecord, record_from
from dedup.index.spreads import Spreads
from dedup.index.state import IndexState
from dedup.lines import TYPOGRAPHY, Line, normalize, normalize_many, split_lines, split_lines_many
from dedup.prepare import fingerprint_lines, hasher_for, prepare
from dedup.repeats import find_repeats

SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
words_st = st.lists(
    st.one_of(st.sampled_from(["the", "wire", "said", "北京", "😀", "naïve", "\ud800", "x" * 40]), st.text(max_size=6)),
    max_size=12,
)
normals_st = st.lists(words_st.map(lambda ws: normalize(" ".join(ws))), max_size=12)


@SETTINGS
@given(normals_st, st.integers(1, 5))
def test_flat_shingle_hashes_equal_hashing_each_shingle(normals: list[str], n: int) -> None:
    hashes, offsets = flat_shingle_hashes(normals, n)
    expected = [[token_hash(s) for s in shingles(x.split(" ") if x else [], n)] for x in normals]
    assert [hashes[offsets[i] : offsets[i + 1]].tolist() for i in range(len(normals))] == expected


@SETTINGS
@given(normals_st)
def test_exact_keys_of_equal_exact_key(normals: list[str]) -> None:
    assert exact_keys_of(normals).tolist() == [exact_key(x) for x in normals]


def record_one_line_at_a_time(lines: tuple[Line, ...], config: dedup.Config, story: StoryFingerprint) -> DocRecord:
    """The record of an article computed the slow way: each line's MinHash alone (the story
    anchors as prepared: tested in tests/test_anchors.py)."""
    bands = np.zeros((len(lines), config.bands), np.uint32)
    for r, line in enumerate(lines):
        if line.tokens:
            (sig,) = hasher_for(config).signatures([shingles(line.tokens, config.shingle_size)])
            bands[r] = band_keys(sig[None, :], config.bands).astype(np.uint32)[0]
    return DocRecord(
        doc_id="d",
        source="s",
        published=None,
        keys=np.array([exact_key(line.normal) for line in lines], np.uint64),
        bands=bands,
        words=np.array([min(len(line.tokens), 65535) for line in lines], np.uint16),
        texts=tuple(line.text[:300] for line in lines),
        anchors=story.anchors,
        text_key=story.text_key,
    )


@SETTINGS
@given(st.lists(st.lists(words_st.map(" ".join), max_size=8).map("\n".join), max_size=5))
def test_batch_records_equal_records_made_one_at_a_time(texts: list[str]) -> None:
    config = dedup.Config()
    for p in prepare([(t, "d", "s", None) for t in texts], config, "test"):
        slow = record_one_line_at_a_time(p.lines, config, p.story)
        assert record_from(p).to_bytes() == slow.to_bytes()


@SETTINGS
@given(st.lists(st.lists(words_st.map(" ".join), max_size=8).map("\n".join), max_size=6), st.integers(1, 60))
def test_story_anchors_hashed_in_passes_equal_one_pass(texts: list[str], chunk_chars: int) -> None:
    from dedup import anchors

    config = dedup.Config()
    split = split_lines_many(texts, {})
    whole = anchors._fingerprints([" ".join(x.normal for x in lines if x.normal) for lines in split], split, config)
    saved = anchors._CHUNK_CHARS
    anchors._CHUNK_CHARS = chunk_chars  # a pass every few articles
    try:
        passes = anchors.story_fingerprints(split, config)
    finally:
        anchors._CHUNK_CHARS = saved
    assert len(passes) == len(whole)
    for a, b in zip(passes, whole, strict=True):
        assert (a.anchors.tolist(), a.anchor_lines.tolist(), a.text_key, a.words) == (
            b.anchors.tolist(),
            b.anchor_lines.tolist(),
            b.text_key,
            b.words,
        )


def test_agreement_among_new_lines_equals_pairwise_comparison() -> None:
    rng = np.random.default_rng(7)
    for n in (0, 1, 5, 40, 300):  # 300 takes the path without an n x n grid
        bands = rng.integers(0, 3, size=(n, 8)).astype(np.uint32)
        expected = [[c for c in range(r) if int((bands[r] == bands[c]).sum()) >= 3] for r in range(n)]
        assert _agreeing_earlier(bands, 3) == expected


def test_agreeing_pairs_equal_pairwise_comparison() -> None:
    rng = np.random.default_rng(11)
    for n, spread in ((0, 3), (1, 3), (2, 1), (60, 3), (300, 2), (400, 50)):
        bands = rng.integers(0, spread, size=(n, 8)).astype(np.uint32)
        expected = {(r, c) for r, cs in enumerate(_agreeing_earlier(bands, 3)) for c in cs}
        assert _agreeing_pairs(bands, 3) == expected


def test_precomputed_repeat_keys_give_the_same_repeats() -> None:
    text = "\n".join(
        [
            "Putin and Trump met in Helsinki on Monday for more than two hours of talks.",
            "Oil prices rose on Monday as traders weighed the outcome of the summit.",
            "Putin and Trump met in Helsinki on Monday for more than two hours of talks!",
            "Putin and Trump met in Helsinki on Monday for more than two hours",
            "Markets: Oil prices rose on Monday as traders weighed the outcome of the summit.",
        ]
    )
    lines = split_lines(text)
    config = dedup.Config()
    (fp,) = fingerprint_lines([lines], config)
    eligible = list(range(len(lines)))
    alone = find_repeats(lines, eligible, config)
    assert find_repeats(lines, eligible, config, fp.repeat_keys) == alone
    assert find_repeats(lines, eligible, config, fp.repeat_keys, fp.openings) == alone
    assert sorted(alone) == [2, 3, 4]


@pytest.mark.parametrize("truncated_min_words", [2, 3, 8])
def test_opening_hashes_skip_only_searches_that_find_nothing(truncated_min_words: int) -> None:
    config = dedup.Config(truncated_min_words=truncated_min_words)
    texts = [
        # a truncated copy (its last word cut) of a longer line, and one ending in an ellipsis
        "Putin and Trump met in Helsinki on Monday for more than two hours of talks.\n"
        "Oil prices rose.\nPutin and Trump met in Helsinki on Monday for more than tw",
        "The summit in Helsinki ended without a joint statement on Syria.\nThe summit in Helsinki ended without a jo...",
        # openings shared, no truncation: the search runs and finds nothing
        "The talks began on Monday morning in the palace.\nThe talks began late because Putin was delayed.",
        # nothing shared: the search is skipped
        "Oil prices rose on Monday.\nTraders weighed the outcome.\nMarkets in Asia were calm.",
        "Kerry went home.\nKerry went home to Washington on Wednesday night after the talks ended.",
    ]
    found = 0
    for text in texts:
        lines = split_lines(text)
        (fp,) = fingerprint_lines([lines], config)
        eligible = list(range(len(lines)))
        alone = find_repeats(lines, eligible, config)
        assert find_repeats(lines, eligible, config, fp.repeat_keys, fp.openings) == alone
        assert find_repeats(lines, eligible[1:], config, fp.repeat_keys, fp.openings) == find_repeats(
            lines, eligible[1:], config
        )
        found += sum(r.kind == "truncated" for r in alone.values())
    assert found >= 2


def _state_snapshot(state: IndexState) -> tuple[object, ...]:
    c, p, a = state.clusters, state.postings, state.articles
    for table in [c.exact, *c.bands]:
        table.merge()
    return (
        [c.find(i) for i in range(len(c))],
        {root: sorted(members) for root, members in c.members.items()},
        p.first.tolist(),
        [x.tolist() for x in p.more.items()],
        [p.texts.get(i) for i in range(len(c))],
        bytes(p.flags),
        sorted(zip(*(x.tolist() for x in state.stories.copies.items()), strict=True)),
        [state.stories.find(d) for d in range(len(a))],
        [p.lines_of(d) for d in range(len(p.doc_lines))],
        [[x.tolist() for x in t.items()] for t in [c.exact, *c.bands]],
        a.num,
        a.dead,
    )


def _records(texts: list[str], dated: bool) -> list[DocRecord]:
    idx = dedup.Index()
    out = []
    for n, text in enumerate(texts):
        published = f"2018-{1 + n // 28:02d}-{1 + n % 28:02d}T10:00:00" if dated else None
        (p,) = prepare([(text, f"d{n}", f"outlet{n % 3}.example", published)], idx.config, "test")
        out.extend(idx.records([p]))
    return out


@pytest.mark.parametrize(("batch", "group"), [(7, 1024), (2048, 1024), (7, 3)])
def test_bulk_learning_builds_the_state_of_learning_one_at_a_time(
    batch: int, group: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(state_module, "_BATCH_DOCS", batch)
    monkeypatch.setattr(clusters_module, "_MAX_GROUP", group)  # 3: some batches fall back
    rnd = random.Random(3)
    vocab = [f"w{k}" for k in range(60)]
    stories = [" ".join(rnd.choices(vocab, k=rnd.randint(3, 20))) for _ in range(120)]
    banner = ["Dear readers, please support our journalism today.", "Remind me later."]
    texts = []
    for n in range(150):
        body = rnd.sample(stories, rnd.randint(2, 8))
        if n % 7 == 0 and texts:  # a lightly edited copy: near-duplicate lines
            body = ["WASHINGTON (Reuters) - " + line for line in texts[-1].split("\n")[:4]]
        texts.append("\n".join(body + banner * (n % 2) + body[:1]))
    for dated in (False, True):  # dated: 150 days, so the syndication window keeps copies apart
        recs = _records(texts, dated)
        config = dedup.Config()
        one, bulk = IndexState(config), IndexState(config)
        assert [one.apply(r) for r in recs] == bulk.apply_many(recs)
        assert _state_snapshot(one) == _state_snapshot(bulk)


line_text_st = st.text(
    alphabet=st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(["\u0301", "ﬁ", "Ⅻ", "ß", "İ", "\u00a0", "\x0b", "\r", "\u2028", "_", "A", "é", "北"]),
    ),
    max_size=40,
)


@SETTINGS
@given(st.lists(line_text_st.map(lambda t: t.replace("\n", " ")), max_size=8))
def test_normalize_many_equals_normalize_line_by_line(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(t) for t in texts]


def test_typographic_characters_act_as_spaces_in_the_normal_form() -> None:
    import string
    import unicodedata

    for c in TYPOGRAPHY:
        assert unicodedata.combining(c) == 0
        for a in string.printable:
            for b in "aZ9_ .'’":
                assert normalize(a + c + b) == normalize(a + " " + b), (a, c, b)


@SETTINGS
@given(st.lists(st.text(alphabet=st.sampled_from([*TYPOGRAPHY, *"aB9_ .,'-\t", "é", "™", "\u0301"]), max_size=20)))
def test_normalize_many_equals_normalize_on_typographic_lines(texts: list[str]) -> None:
    assert normalize_many(texts) == [normalize(t) for t in texts]
    cache: dict[str, str] = {}
    assert normalize_many(texts, cache) == [normalize(t) for t in texts]
    assert normalize_many(texts, cache) == [normalize(t) for t in texts]


def _split_lines_reference(text: str) -> list[tuple[int, int, int, str, str]]:
    """The line splitter before vectorisation: a regex scan and one normalize() per line."""
    out = []
    pos, number = 0, 1
    bounds = [(m.start(), m.end()) for m in regex.finditer(r"\r\n|[\n\r\x85\u2028\u2029]", text)]
    for start, end in [*bounds, (len(text), len(text))]:
        raw = text[pos:start]
        stripped = raw.strip()
        if stripped:
            s = pos + len(raw) - len(raw.lstrip())
            out.append((number, s, s + len(stripped), stripped, normalize(stripped)))
        pos, number = end, number + 1
    return out


@SETTINGS
@given(
    st.lists(st.one_of(line_text_st, st.sampled_from(["\n", "\r\n", "\r", "  \n", "\u2029"])), max_size=12).map("".join)
)
def test_split_lines_equals_the_line_by_line_splitter(text: str) -> None:
    got = [(ln.number, ln.start, ln.end, ln.text, ln.normal) for ln in split_lines(text)]
    assert got == _split_lines_reference(text)


_ascii_text_st = st.text(alphabet=st.sampled_from(list("ab Z_9.,\t\x0b\x0c-'!\n\r")), max_size=30)


@SETTINGS
@given(st.lists(st.one_of(_ascii_text_st, line_text_st), max_size=8))
def test_split_lines_many_equals_splitting_each_text(texts: list[str]) -> None:
    cache: dict[str, str] = {}
    assert split_lines_many(texts, cache) == [split_lines(t) for t in texts]
    assert split_lines_many(texts) == [tuple(_line(*row) for row in _split_lines_reference(t)) for t in texts]


def _line(number: int, start: int, end: int, text: str, normal: str) -> Line:
    return Line(number, start, end, text, normal)


def test_spreads_kept_up_to_date_in_a_stream_give_the_uncached_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    rnd = random.Random(5)
    banner = ["Dear readers, please support our journalism today.", "Remind me later.", "Donate now"]
    stories = [f"Story {k} about the summit in Helsinki and what the leaders said there on Monday." for k in range(40)]
    docs = []
    for n in range(120):
        body = [*rnd.sample(stories, 3), f"Line {n} unique to this article, written by one reporter alone."]
        docs.append((f"d{n}", f"outlet{n % 4}.example", "\n".join(body + banner * (n % 3 > 0))))

    def stream() -> list[dict[str, object]]:
        idx = dedup.Index()
        return [idx.clean(text, doc_id=i, source=src).to_dict() for i, src, text in docs]

    cached = stream()
    monkeypatch.setattr(Spreads, "add_article", lambda self, d, distinct: self._spreads.clear())
    assert stream() == cached


_VOCAB = [
    "putin",
    "trump",
    "met",
    "in",
    "helsinki",
    "on",
    "monday",
    "for",
    "talks",
    "oil",
    "prices",
    "rose",
    "the",
    "summit",
    "ended",
]


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(st.sampled_from(_VOCAB), min_size=1, max_size=12), min_size=2, max_size=12),
    cuts=st.lists(st.integers(0, 11), max_size=4),
)
def test_opening_hashes_never_change_repeats(rows: list[list[str]], cuts: list[int]) -> None:
    texts = [" ".join(words) for words in rows]
    for c in cuts:  # truncated copies: a line cut inside a word, with or without an ellipsis
        source = texts[c % len(texts)]
        texts.append(source[: max(1, len(source) - 1 - c)] + ("..." if c % 2 else ""))
    lines = split_lines("\n".join(texts))
    config = dedup.Config()
    (fp,) = fingerprint_lines([lines], config)
    eligible = list(range(len(lines)))
    assert find_repeats(lines, eligible, config, fp.repeat_keys, fp.openings) == find_repeats(lines, eligible, config)
