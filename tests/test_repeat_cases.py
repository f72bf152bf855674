"""The repeat rule on shapes of lines, as data: tests/repeat_cases/<shape>.json (schema in its
README.md). Parallel content (a FAQ, a table, a schedule, roles, lists) is kept; a copy that
carries nothing new (a caption or headline printed twice, a pull quote, a cut preview) goes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.lines import split_lines

CASES = Path(__file__).resolve().parent / "repeat_cases"


def _cases() -> list[tuple[str, str, dict[str, Any]]]:
    out = []
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for n, case in enumerate(data["cases"]):
            out.append((f"{path.stem}-{n}-{case['lang']}", data["expect"], case))
    return out


@pytest.mark.parametrize(("name", "expect", "case"), _cases(), ids=[c[0] for c in _cases()])
def test_repeat_case(name: str, expect: str, case: dict[str, Any]) -> None:
    text = "\n".join(case["lines"])
    result = dedup.clean(text)
    judged = split_lines(text)[case.get("judged", -1)]
    removal = next((r for r in result.removals if r.start <= judged.start < r.end), None)
    if expect == "kept":
        assert removal is None, f"{name}: the judged line was removed ({removal and removal.reason})"
    else:
        assert removal is not None and removal.rule == "repeat", (
            f"{name}: the judged line was kept or removed otherwise"
        )


def test_every_case_file_names_its_shape_and_expectation() -> None:
    for path in sorted(CASES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        assert set(data) == {"shape", "about", "expect", "cases"}, path.name
        assert data["expect"] in ("kept", "removed"), path.name
        assert all(set(c) <= {"lang", "lines", "note", "judged"} and len(c["lines"]) >= 2 for c in data["cases"]), (
            path.name
        )
