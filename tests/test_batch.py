"""dedup.index.batch: the pure functions of the global step (the Spark parity tests run them end to end)."""

from __future__ import annotations

import random

import pytest

from dedup.index import batch


def never(e: int, t: int = 0) -> bool:
    return False


def test_a_late_bridge_merges_clusters_only_from_its_own_time() -> None:
    # Lines 1 and 2 arrive with articles 0 and 1 and do not agree; line 3 (article 2) agrees with
    # both. Article 1 was checked against the clusters of its time: line 2 alone, so article 0
    # was no candidate of it; article 2 finds both.
    words = {1: 9, 2: 9, 3: 9}
    tl = batch.component_timeline(
        words, [(1, 3, 2), (2, 3, 2)], [(1, 0), (2, 1), (3, 2)], lambda e, t: True, never, long_line_words=8
    )
    assert sorted(tl.held) == [(2, 0), (2, 1)]
    assert tl.histories == {3: [(2, 1)], 2: [(2, 1)]}
    assert [batch.label_at(2, tl.histories.get(2), t) for t in (1, 2)] == [2, 1]
    assert tl.roots == [(0, 1, 0), (1, 1, 0), (2, 1, 0)]
    assert tl.final_held == [] and tl.final_roots == []


def test_forgotten_articles_are_no_candidates_and_are_matched_at_the_end() -> None:
    words = {1: 9}
    postings = [(1, 0), (1, 1), (1, 2)]
    # Article 0 is forgotten before article 2 arrives, and by the end.
    tl = batch.component_timeline(words, [], postings, lambda e, t: not (e == 0 and t == 2), lambda d: d == 0, 8)
    assert sorted(tl.held) == [(1, 0), (2, 1)]
    assert sorted(tl.final_held) == [(0, 1), (0, 2)] and tl.final_roots == [(0, 1, 0)]


def test_too_common_clusters_are_not_listed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(batch, "MAX_CANDIDATE_POSTINGS", 2)
    tl = batch.component_timeline({1: 9}, [], [(1, 0), (1, 1), (1, 2)], lambda e, t: True, never, 8)
    assert sorted(tl.held) == [(1, 0)]  # article 2 sees 3 postings: too many to list
    assert tl.roots == [(0, 1, 0), (1, 1, 0), (2, 1, 1)]


def test_short_lines_count_for_postings_but_are_not_content() -> None:
    tl = batch.component_timeline({1: 3, 2: 9}, [(1, 2, 1)], [(1, 0), (2, 1)], lambda e, t: True, never, 8)
    assert tl.held == [(1, 0)]  # article 0 holds the cluster through its short variant
    assert tl.roots == [(1, 1, 0)]  # article 0 has no content line here


def test_could_be_same_story_never_rules_out_a_copy() -> None:
    # The index skips same_story for candidates whose shared clusters cannot pass its count test:
    # sound only while every pair same_story accepts also passes could_be_same_story.
    rnd = random.Random(6)
    accepted = rejected_early = 0
    for _ in range(20_000):
        a = [rnd.randrange(30) for _ in range(rnd.randrange(1, 25))]
        b = [rnd.randrange(30) for _ in range(rnd.randrange(1, 25))]
        if rnd.random() < 0.1:  # the same clusters (a page scraped twice), in another order
            b = rnd.sample(a, len(a))
        containment = rnd.choice((0.3, 0.5, 0.8))
        shared = len(set(a) & set(b))
        ok = batch.same_story(a, b, a, lambda b=b: set(b), containment)
        for slack in (0, 1, 3):
            could = batch.could_be_same_story(shared + slack, len(set(a)), len(set(b)), len(set(a)), containment)
            assert could or not ok
        accepted += ok
        rejected_early += not batch.could_be_same_story(shared, len(set(a)), len(set(b)), len(set(a)), containment)
    assert accepted > 100 and rejected_early > 1000  # both outcomes exercised
