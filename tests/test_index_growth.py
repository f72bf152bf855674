"""What keeps learning and look-ups from slowing as the index grows gives exactly the same answers:
the prefix-filtered copy candidates, and spreads kept up to date instead of cleared."""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import dedup
from dedup.dates import micros
from dedup.evidence import EXAMPLES
from dedup.index import stories as stories_module
from dedup.index.candidates import holders_of_all, shared_counts
from dedup.index.decisions import candidate_floor, could_be_same_story, same_story
from dedup.index.state import IndexState
from tests.corpora import corpus, months

postings_st = st.dictionaries(
    st.integers(0, 30), st.lists(st.integers(0, 40), min_size=0, max_size=25), min_size=1, max_size=12
)


def holders(postings: dict[int, list[int]]) -> dict[int, set[int]]:
    out: dict[int, set[int]] = {}
    for cluster, docs in postings.items():
        for d in docs:
            out.setdefault(d, set()).add(cluster)
    return out


@settings(max_examples=150, deadline=None)
@given(postings_st, st.floats(-3, 14), st.one_of(st.none(), st.integers(0, 40)), st.randoms())
def test_shared_counts_equal_counting_every_posting(
    postings: dict[int, list[int]], need: float, exclude: int | None, rnd: object
) -> None:
    held = holders(postings)
    full = Counter(d for docs in postings.values() for d in set(docs))
    full.pop(exclude if exclude is not None else -1, None)
    want = {d: n for d, n in full.items() if n >= need}
    # the sizes only choose what to walk: any estimate gives the same answer
    sized = [(rnd.randrange(50), cluster) for cluster in postings]  # type: ignore[attr-defined]
    assert shared_counts(sized, need, postings.__getitem__, lambda d: held.get(d, set()), exclude) == want
    exact = [(len(docs), cluster) for cluster, docs in postings.items()]
    assert shared_counts(exact, need, postings.__getitem__, lambda d: held.get(d, set()), exclude) == want


@settings(max_examples=150, deadline=None)
@given(postings_st, st.one_of(st.none(), st.integers(0, 40)), st.randoms())
def test_holders_of_all_is_the_intersection(postings: dict[int, list[int]], exclude: int | None, rnd: object) -> None:
    held = holders(postings)
    want = set.intersection(*(set(docs) for docs in postings.values())) - {exclude}
    sized = [(rnd.randrange(200), cluster) for cluster in postings]  # type: ignore[attr-defined]
    assert holders_of_all(sized, postings.__getitem__, lambda d: held.get(d, set()), exclude) == want


def reference_copies(s: IndexState, line_ids: list[int], exclude: int | None, published: str | None) -> list[int]:
    """The copy check as it was before prefix filtering: every listed cluster's postings counted."""
    config = s.config
    mine = s.clusters.content(line_ids, config.long_line_words)
    roots = list(dict.fromkeys(mine))
    listed: list[int] = []
    unlisted = 0
    for root in roots:
        docs = s.docs_of(root)
        if len(docs) <= config.copy_candidate_postings:
            listed.extend(set(docs) if root in s.clusters.members else docs)
        else:
            unlisted += 1
    held = Counter(listed)
    held.pop(exclude if exclude is not None else -1, None)
    floor = candidate_floor(len(roots), config)
    candidates = [d for d, n in held.items() if n + unlisted >= floor]
    mine_all = [s.clusters.find(i) for i in line_ids]
    clusters = len(set(mine_all))
    if len(roots) < 2 and candidates:
        possible = set(candidates)
        for root in set(mine_all):
            possible.intersection_update(s.docs_of(root))
        candidates = [d for d in candidates if d in possible]
    days = config.syndication_window_days
    mine_us = None if published is None or days is None else micros(published)
    out = []
    for d in sorted(candidates):
        theirs_published = s.articles.published[d]
        near = mine_us is None or days is None or theirs_published is None
        if near or abs(mine_us - micros(theirs_published)) / 1e6 <= days * 86400:  # type: ignore[operator, arg-type]
            theirs = s.stories.content_of(d)
            every = {s.clusters.find(i) for i in s.postings.lines_of(d)}
            if could_be_same_story(held[d] + unlisted, len(roots), len(set(theirs)), clusters, config) and same_story(
                mine, theirs, mine_all, lambda every=every: set(every), config
            ):
                out.append(d)
    return out


@pytest.mark.parametrize("limit", [3, 8, 2000])
def test_copies_equal_counting_every_posting(monkeypatch: pytest.MonkeyPatch, limit: int) -> None:
    """With few postings allowed per cluster, banners and wire lines are unlisted: every branch."""
    idx = dedup.Index(dedup.Config(retention_days=None, syndication_window_days=None, copy_candidate_postings=limit))
    docs = [*corpus(), *({**d, "id": f"m/{d['id']}"} for d in months())]
    short = [{"id": f"short/{k}", "source": "gazette.example", "text": "Subscribe to the Gazette"} for k in range(4)]
    dedup.clean_corpus([*docs, *short], index=idx)
    s = idx._state
    checked = copies = 0
    for doc_id, d in s.articles.num.items():
        lines = s.postings.lines_of(d)
        got = s.stories.copies_of(lines, exclude=d, published=None)
        assert got == reference_copies(s, lines, d, None), doc_id
        checked += 1
        copies += bool(got)
    assert checked == len(docs) + len(short) and copies >= 2, copies


def test_distinct_contents_counted_in_arrays_equal_the_listed_ones() -> None:
    """The copy check's count of each candidate's distinct content clusters, counted for many
    articles at once, is len(set(_content_of)), with line clusters merged and articles forgotten."""
    idx = dedup.Index(dedup.Config(retention_days=6.0, syndication_window_days=3.0))
    short = [{"id": f"short/{k}", "source": "gazette.example", "text": "Subscribe to the Gazette"} for k in range(2)]
    dedup.clean_corpus([*short, *corpus(), *({**d, "id": f"m/{d['id']}"} for d in months())], index=idx)
    s = idx._state
    stories = s.stories
    assert s.clusters.joins > 0 and any(s.articles.dead)
    docs = list(range(len(s.articles)))
    assert len(docs) > stories_module._LISTED_UP_TO
    got = stories._distinct_contents(docs[::-1])[::-1]  # counted in arrays, in any order
    stories._content_sizes.clear()
    stories._contents.clear()
    few = [n for k in range(0, len(docs), 5) for n in stories._distinct_contents(docs[k : k + 5])]  # listed
    assert got == few == stories._distinct_contents(docs) == [len(set(stories.content_of(d))) for d in docs]
    assert max(got) > 2 and 0 in got


def check_spreads(s: IndexState) -> int:
    """Every cached spread equals the one computed afresh; returns how many were checked."""
    kept = s.spreads._spreads
    for root, (per_outlet, recurring, smallest) in list(kept.items()):
        del kept[root]
        fresh, fresh_recurring, _ = s.spreads.spread(root)
        kept[root] = per_outlet, recurring, smallest
        assert per_outlet == fresh and recurring == fresh_recurring, root
        for outlet, first in smallest.items():
            assert first == heapq.nsmallest(EXAMPLES + 1, [(i, st) for st, i in fresh.get(outlet, {}).items()])
    return len(kept)


def test_spreads_stay_exact_as_articles_arrive_join_stories_and_are_forgotten(monkeypatch: pytest.MonkeyPatch) -> None:
    idx = dedup.Index(dedup.Config(retention_days=6.0, syndication_window_days=3.0))
    s = idx._state
    calls: Counter[str] = Counter()
    for name in ("join_stories", "forget_article"):
        method = getattr(s.spreads, name)
        monkeypatch.setattr(s.spreads, name, lambda *a, m=method, n=name: (calls.update([n]), m(*a))[1])
    checked = 0
    docs = []
    for doc in months():  # and an outlet republishing its wire stories an hour later, under smaller ids
        docs.append(doc)
        if doc["text"].startswith("Wire story"):
            later = (datetime.fromisoformat(doc["published"]) + timedelta(hours=1)).isoformat()
            docs.append({**doc, "id": "0-" + doc["id"], "published": later})
    for k, doc in enumerate(docs):
        args = (doc["text"], doc["id"], doc["source"], doc["published"])
        idx.clean(*args, learn=False)  # asks for the spreads of its lines
        idx.add(*args)
        if k % 3 == 0:
            checked += check_spreads(s)
    assert checked > 100
    assert len(idx) < len(docs)  # articles were forgotten on the way
    assert idx.clusters()  # and stories joined
    assert calls["join_stories"] > 10 and calls["forget_article"] > 50, calls
