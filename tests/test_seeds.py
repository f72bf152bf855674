"""The seed articles (fixtures/seeds) against expected.json, line by line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import dedup
from dedup.lines import split_lines
from tests.invariants import check_invariants

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
EXPECTED = json.loads((SEEDS / "expected.json").read_text(encoding="utf-8"))
# These need no corpus; 002 and 004 share a banner that only a corpus reveals.
SINGLE = ["000_6c5c5e19d0649f3a.txt", "001_762ba3fc91da0198.txt", "003_089e1ef557ae56c4.txt"]


def verdicts(text: str, result: dedup.CleanResult) -> dict[int, str]:
    """Physical line number -> 'keep' or the removing rule."""
    out = {}
    for line in split_lines(text):
        kept = result.to_clean(line.start) is not None
        rule = next((r.rule for r in result.removals if r.start <= line.start < r.end), None)
        assert kept != (rule is not None)
        out[line.number] = "keep" if kept else str(rule)
    return out


def check_expected(name: str, got: dict[int, str]) -> None:
    exp = EXPECTED[name]
    assert set(got) == set(exp["keep"]) | {int(k) for k in exp["drop"]} | set(exp["either"])
    for n in exp["keep"]:
        assert got[n] == "keep", f"{name} line {n} should be kept, was removed as {got[n]}"
    for n, rule in exp["drop"].items():
        assert got[int(n)] == rule, f"{name} line {n} should be removed as {rule}, got {got[int(n)]}"


@pytest.mark.parametrize("name", SINGLE)
def test_seed_lines_match_expected_without_a_corpus(name: str) -> None:
    text = (SEEDS / name).read_text(encoding="utf-8")
    result = dedup.clean(text)
    check_invariants(text, result)
    check_expected(name, verdicts(text, result))


def test_seed_001_reports_reuters_as_the_credit() -> None:
    result = dedup.clean((SEEDS / "001_762ba3fc91da0198.txt").read_text(encoding="utf-8"))
    assert result.credit == "Reuters"
    assert "Reuters" not in result.text.splitlines()


def test_seed_000_keeps_the_line_only_the_second_copy_has() -> None:
    result = dedup.clean((SEEDS / "000_6c5c5e19d0649f3a.txt").read_text(encoding="utf-8"))
    assert '"hot heads"' in result.text
    assert result.text.count("Lavrov previously said that Moscow would recognise the results.") == 1
    reasons = [r.reason for r in result.removals if r.rule == "repeat"]
    assert "repeats line 2" in reasons
