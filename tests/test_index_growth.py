"""What keeps learning and look-ups from slowing as the index grows gives exactly the same answers:
the copy candidates counted at once and pre-filtered by their counts, and spreads kept up to date
instead of cleared."""

from __future__ import annotations

import heapq
from collections import Counter
from datetime import datetime, timedelta

import numpy as np
import pytest

import dedup
from dedup.decisions import same_story
from dedup.evidence import EXAMPLES
from dedup.index.state import IndexState
from tests.corpora import corpus, months


def reference_copies(s: IndexState, anchors: list[int], d: int, cap: int) -> list[int]:
    """The copy check done the slow way, at article ``d``'s arrival: every earlier article sharing
    one of its anchors that were listed then (held by ``cap`` earlier articles or fewer), compared
    with ``same_story``."""
    config = s.config
    before = {a: [e for e in s.stories.postings.get(a) if e < d] for a in anchors}
    listed = [a for a in anchors if len(before[a]) <= cap]
    found = {e for a in listed for e in before[a]}
    return [e for e in sorted(found) if same_story(anchors, s.stories.doc_anchors[e], config)]


@pytest.mark.parametrize("limit", [3, 8, 2000])
def test_copies_equal_counting_every_posting(limit: int) -> None:
    """With few postings allowed per anchor, banners and wire text are unlisted: every branch."""
    idx = dedup.Index(dedup.Config(syndication_window_days=None, copy_candidate_postings=limit))
    docs = [*corpus(), *({**d, "id": f"m/{d['id']}"} for d in months())]
    dedup.clean_corpus(docs, index=idx)
    s = idx._state
    checked = copies = 0
    for doc_id, d in s.articles.num.items():
        anchors = s.stories.doc_anchors[d]
        if len(anchors) < 2:
            continue
        got = sorted(e for e in s.stories.copies.get(d) if e < d)  # the links made at its arrival
        assert got == reference_copies(s, anchors, d, limit), doc_id
        checked += 1
        copies += bool(got)
    assert checked > len(docs) // 2 and copies >= 2, copies


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
    idx = dedup.Index(dedup.Config(syndication_window_days=3.0))
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
        if k % 40 == 39:  # the owner forgets what is older than a week, now and then
            week_ago = datetime.fromisoformat(doc["published"]) - timedelta(days=7)
            idx.forget(before=week_ago)
    assert checked > 100
    assert len(idx) < len(docs)  # articles were forgotten on the way
    assert idx.clusters()  # and stories joined
    assert calls["join_stories"] > 10 and calls["forget_article"] > 50, calls


def test_restored_index_files_articles_of_few_anchors_again() -> None:
    """The table of articles of few anchors is not saved: a restored index rebuilds it from the
    anchors, so the copy check finds the same copies before and after."""
    idx = dedup.Index()
    dedup.clean_corpus([*corpus(), *({**d, "id": f"m/{d['id']}"} for d in months())], index=idx)
    s = idx._state
    arrays, meta = s.to_arrays()
    again = IndexState.from_arrays(s.config, arrays, meta)
    assert again.stories.few.items()[0].tolist() == s.stories.few.items()[0].tolist()
    assert again.stories.few.items()[1].tolist() == s.stories.few.items()[1].tolist()
    assert len(s.stories.few) > 0
    for d in range(len(s.stories.doc_anchors)):
        anchors = s.stories.doc_anchors[d]
        if len(anchors) >= 2:
            mine = np.array(anchors, np.uint32)
            assert again.stories._candidates(mine, d) == s.stories._candidates(mine, d), d
