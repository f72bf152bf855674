"""Invariants of clean() on arbitrary article-like text (strategies in tests/strategies.py)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

import dedup
from tests.invariants import check_invariants
from tests.strategies import WILD, articles


@given(articles())
def test_clean_keeps_provenance_and_accounts_for_every_character(text: str) -> None:
    check_invariants(text, dedup.clean(text))


@given(WILD)
def test_arbitrary_unicode_never_crashes_or_loses_characters(text: str) -> None:
    check_invariants(text, dedup.clean(text))


@given(articles())
def test_cleaning_the_clean_text_changes_nothing(text: str) -> None:
    once = dedup.clean(text)
    twice = dedup.clean(once.text)
    assert twice.text == once.text
    assert twice.removals == ()


@given(articles())
def test_same_input_gives_the_same_result(text: str) -> None:
    assert dedup.clean(text) == dedup.clean(text)


@given(articles(), st.sampled_from(["\n", "\r\n", "\r", "\u2028"]))
def test_newline_convention_does_not_change_the_verdicts(text: str, newline: str) -> None:
    lines = text.splitlines()
    a = dedup.clean("\n".join(lines))
    b = dedup.clean(newline.join(lines))
    assert [(r.rule, r.reason) for r in a.removals] == [(r.rule, r.reason) for r in b.removals]
