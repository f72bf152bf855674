"""dedup.decisions: the decisions the embedded index and the Spark job share (the Spark parity
tests run them end to end)."""

from __future__ import annotations

import random

from dedup import Config, decisions


def test_could_be_same_story_never_rules_out_a_copy() -> None:
    # The index skips same_story for candidates whose shared anchors cannot pass its count test:
    # sound only while every pair same_story accepts also passes could_be_same_story.
    rnd = random.Random(6)
    accepted = rejected_early = 0
    for _ in range(20_000):
        a = list(dict.fromkeys(rnd.randrange(40) for _ in range(rnd.randrange(1, 30))))
        b = list(dict.fromkeys(rnd.randrange(40) for _ in range(rnd.randrange(1, 30))))
        if rnd.random() < 0.1:  # the same anchors (a page scraped twice), in another order
            b = rnd.sample(a, len(a))
        elif rnd.random() < 0.1:  # an excerpt: a piece of a
            lo = rnd.randrange(len(a))
            b = a[lo : lo + rnd.randrange(1, 6)]
        config = Config(story_containment=rnd.choice((0.3, 0.5, 0.8)), copy_excerpt_share=rnd.choice((0.6, 0.8)))
        shared = len(set(a) & set(b))
        ok = decisions.same_story(a, b, config)
        for slack in (0, 1, 3):
            assert decisions.could_be_same_story(shared + slack, len(set(a)), len(set(b)), config) or not ok
        assert not ok or shared >= 2  # one shared anchor (a quote) never makes a copy
        accepted += ok
        rejected_early += not decisions.could_be_same_story(shared, len(set(a)), len(set(b)), config)
    assert accepted > 100 and rejected_early > 1000  # both outcomes exercised


def test_same_story_is_symmetric() -> None:
    rnd = random.Random(7)
    for _ in range(5_000):
        a = list(dict.fromkeys(rnd.randrange(30) for _ in range(rnd.randrange(0, 25))))
        b = list(dict.fromkeys(rnd.randrange(30) for _ in range(rnd.randrange(0, 25))))
        assert decisions.same_story(a, b, Config()) == decisions.same_story(b, a, Config())


def test_a_shared_banner_at_the_end_is_not_a_copy_but_a_page_scraped_twice_is() -> None:
    story_a, story_b, banner = list(range(0, 20)), list(range(100, 120)), list(range(500, 530))
    assert not decisions.same_story(story_a + banner, story_b + banner, Config())  # 30 of 50 shared, at the end
    page = story_a + banner
    assert decisions.same_story(page, [*page[:-1], 999], Config())  # nearly all shared: scraped twice, updated
    assert decisions.same_story(story_a[5:15], story_a + banner, Config())  # whole inside: an excerpt
