"""dedup.index.decisions and dedup.index.timeline: the decisions both paths share, and the cluster
timeline the Spark job streams, against its whole-cluster reference (the Spark parity tests run
them end to end)."""

from __future__ import annotations

import math
import random

import pytest

from dedup import Config
from dedup.index import decisions
from dedup.index.timeline import TimelineStream, label_at
from tests.reference_timeline import Timeline, component_timeline


def never(e: int, t: int = 0) -> bool:
    return False


def test_a_late_bridge_merges_clusters_only_from_its_own_time() -> None:
    # Lines 1 and 2 arrive with articles 0 and 1 and do not agree; line 3 (article 2) agrees with
    # both. Article 1 was checked against the clusters of its time: line 2 alone, so article 0
    # was no candidate of it; article 2 finds both.
    words = {1: 9, 2: 9, 3: 9}
    tl = component_timeline(
        words, [(1, 3, 2), (2, 3, 2)], [(1, 0), (2, 1), (3, 2)], lambda e, t: True, never, long_line_words=8
    )
    assert sorted(tl.held) == [(2, 0), (2, 1)]
    assert tl.histories == {3: [(2, 1)], 2: [(2, 1)]}
    assert [label_at(2, tl.histories.get(2), t) for t in (1, 2)] == [2, 1]
    assert tl.roots == [(0, 1, 0), (1, 1, 0), (2, 1, 0)]
    assert tl.final_held == [] and tl.final_roots == []


def test_forgotten_articles_are_no_candidates_and_are_matched_at_the_end() -> None:
    words = {1: 9}
    postings = [(1, 0), (1, 1), (1, 2)]
    # Article 0 is forgotten before article 2 arrives, and by the end.
    tl = component_timeline(words, [], postings, lambda e, t: not (e == 0 and t == 2), lambda d: d == 0, 8)
    assert sorted(tl.held) == [(1, 0), (2, 1)]
    assert sorted(tl.final_held) == [(0, 1), (0, 2)] and tl.final_roots == [(0, 1, 0)]


def test_too_common_clusters_are_not_listed() -> None:
    tl = component_timeline({1: 9}, [], [(1, 0), (1, 1), (1, 2)], lambda e, t: True, never, 8, cap=2)
    assert sorted(tl.held) == [(1, 0)]  # article 2 sees 3 postings: too many to list
    assert tl.roots == [(0, 1, 0), (1, 1, 0), (2, 1, 1)]


def test_short_lines_count_for_postings_but_are_not_content() -> None:
    tl = component_timeline({1: 3, 2: 9}, [(1, 2, 1)], [(1, 0), (2, 1)], lambda e, t: True, never, 8)
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
        config = Config(story_containment=rnd.choice((0.3, 0.5, 0.8)))
        shared = len(set(a) & set(b))
        ok = decisions.same_story(a, b, a, lambda b=b: set(b), config)
        for slack in (0, 1, 3):
            could = decisions.could_be_same_story(shared + slack, len(set(a)), len(set(b)), len(set(a)), config)
            assert could or not ok
        accepted += ok
        rejected_early += not decisions.could_be_same_story(shared, len(set(a)), len(set(b)), len(set(a)), config)
    assert accepted > 100 and rejected_early > 1000  # both outcomes exercised


def _replay_both(rnd: random.Random, cap: int) -> tuple[Timeline, Timeline]:
    """One random line cluster replayed by component_timeline and by TimelineStream."""
    n_lines, n_docs = rnd.randrange(1, 7), rnd.randrange(1, 25)
    retention = rnd.choice([None, 1.0, 3.0])
    undated = rnd.randrange(0, n_docs + 1) if rnd.random() < 0.5 else 0
    stamps: list[float] = [-math.inf] * undated
    for _ in range(n_docs - undated):
        stamps.append((stamps[-1] if stamps and stamps[-1] != -math.inf else 0.0) + rnd.choice([0.0, 0.5, 1.0, 2.0]))
    before = [-math.inf, *stamps[:-1]]
    words = {line: rnd.choice([3, 9]) for line in range(1, n_lines + 1)}
    held_by = {t: sorted(rnd.sample(sorted(words), rnd.randrange(0, n_lines + 1))) for t in range(n_docs)}
    for line in words:  # every line is held by some article, the first one at its creation
        if not any(line in keys for keys in held_by.values()):
            held_by[rnd.randrange(n_docs)].append(line)
    created = {line: min(t for t, keys in held_by.items() if line in keys) for line in words}
    edges = []
    lines = sorted(words, key=created.__getitem__)
    for k, line in enumerate(lines[1:], 1):  # a spanning tree, so the cluster is one at the end
        other = rnd.choice(lines[:k])
        edges.append((other, line, max(created[line], rnd.randrange(created[line], n_docs))))
    for _ in range(rnd.randrange(0, 4)):
        a, b = rnd.sample(lines, 2) if len(lines) > 1 else (lines[0], lines[0])
        edges.append((a, b, max(created[a], created[b])))
    newest = max(stamps)
    cutoff = -math.inf if retention is None or newest == -math.inf else newest - retention

    def alive(e: int, t: int) -> bool:
        s, b = stamps[e], before[t]
        return retention is None or s == -math.inf or b == -math.inf or s >= b - retention

    def dead(d: int) -> bool:
        return stamps[d] != -math.inf and stamps[d] < cutoff

    finals = [(rnd.choice(lines), d) for d in range(n_docs) if dead(d) for _ in range(rnd.randrange(0, 3))]
    postings = [(line, t) for t in range(n_docs) for line in dict.fromkeys(held_by[t])]
    want = component_timeline(words, edges, postings, alive, dead, 8, finals, cap=cap)

    got = Timeline()
    stream = TimelineStream(8, retention, cap)
    for t in range(n_docs):
        stream.edges(t, sorted((a, b) for a, b, when in edges if when == t))
        mine = [(line, words[line]) for line in dict.fromkeys(held_by[t])]
        if mine:
            found, roots, unlisted = stream.article(t, stamps[t], before[t], mine)
            got.held.extend((t, e) for e in found)
            if roots:
                got.roots.append((t, roots, unlisted))
    got.final_held, got.final_roots = stream.final(cutoff, finals)
    got.histories = stream.histories
    return want, got


@pytest.mark.parametrize("cap", [1, 2, 3, 2000])
def test_the_streamed_timeline_finds_what_component_timeline_finds(cap: int) -> None:
    # TimelineStream keeps only the newest cap + 1 postings held per label: a tiny cap makes
    # clusters too common to list, and postings forgotten, all the time.
    rnd = random.Random(cap)
    unlisted = forgotten = 0
    for _ in range(1500):
        want, got = _replay_both(rnd, cap)
        assert sorted(got.held) == sorted(want.held)
        assert got.roots == want.roots
        assert sorted(got.final_held) == sorted(want.final_held)
        assert sorted(got.final_roots) == sorted(want.final_roots)
        assert {k: [label_at(k, got.histories.get(k), t) for t in range(30)] for k in want.histories} == {
            k: [label_at(k, want.histories.get(k), t) for t in range(30)] for k in want.histories
        }
        assert set(got.histories) == set(want.histories)
        unlisted += sum(u for _, _, u in want.roots)
        forgotten += len(want.final_roots)
    assert forgotten > 100 and (unlisted > 100 or cap == 2000)
