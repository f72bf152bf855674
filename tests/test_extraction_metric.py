"""The aeb metric of benchmarks/extraction_quality.py on tiny pages computed by hand."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction_quality.py"
_spec = importlib.util.spec_from_file_location("extraction_quality", _PATH)
assert _spec is not None and _spec.loader is not None
eq = importlib.util.module_from_spec(_spec)
sys.modules["extraction_quality"] = eq
_spec.loader.exec_module(eq)


def test_shingles_are_four_word_tokens_with_multiplicity() -> None:
    # "a b c d a b c d": shingles abcd, bcda, cdab, dabc, abcd -> abcd twice
    s = eq.shingles("a, b. c d a b c d")
    assert s[("a", "b", "c", "d")] == 2
    assert sum(s.values()) == 5
    assert eq.shingles("one two three") == {}


def test_a_paragraph_output_twice_costs_precision_not_recall() -> None:
    gold = "w1 w2 w3 w4 w5"  # 2 shingles
    p, r = eq.page_scores(gold + "\n" + gold, gold)
    # predicted: w1..w5 w1..w5 -> 7 shingles, 2 of them (w1234, w2345) appear twice: matched = min(2,1)+min(2,1) = 2
    assert (p, r) == (pytest.approx(2 / 7), 1.0)


def test_partial_extraction_recall_and_precision() -> None:
    gold = "the cat sat on the mat today"  # 4 shingles
    predicted = "menu home the cat sat on the mat"  # 5 shingles, 3 shared
    p, r = eq.page_scores(predicted, gold)
    assert p == pytest.approx(3 / 5)
    assert r == pytest.approx(3 / 4)


def test_empty_prediction_scores_zero() -> None:
    assert eq.page_scores("", "a b c d e") == (0.0, 0.0)


def test_f1_comes_from_mean_precision_and_mean_recall() -> None:
    pages = [("a b c d", "a b c d"), ("x y z w", "a b c d")]  # (1, 1) and (0, 0)
    s = eq.mean_scores(pages)
    assert (s.precision, s.recall, s.pages) == (0.5, 0.5, 2)
    assert s.f1 == pytest.approx(0.5)
    # not the mean of per-page F1s: (1, 0.5) and (0.5, 1) give per-page F1 2/3 each, F1 of means 0.75
    s = eq.mean_scores([("a b c d", "a b c d e f g"), ("a b c d e f g", "a b c d")])
    assert s.precision == pytest.approx(0.625) and s.recall == pytest.approx(0.625)


def test_oracle_line_filter_keeps_only_gold_lines_once_per_gold_occurrence() -> None:
    gold = "Intro line here.\nThe body says things.\nThe body says things."
    text = "Home\nIntro line here.\nThe body says things.\nThe body says things.\nThe body says things."
    assert eq.oracle_line_filter(text, gold).split("\n") == [
        "Intro line here.",
        "The body says things.",
        "The body says things.",
    ]


def test_cleaneval_gold_is_stripped_of_markers_url_and_entities() -> None:
    raw = "URL: http://example.com/a\n<h>A title\n\n<p>It&#8217;s text\n continued\n<l>an item"
    assert eq.strip_cleaneval(raw) == "A title\n\nIt’s text\n continued\nan item"
