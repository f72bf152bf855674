"""The repeat rule's near and truncated copies on the labelled sample of real page text
(tests/repeat_labels/, read from $DEDUP_DATA): precision at least 0.95, and at least 90% of the
true repeats still removed. Every removal must be labelled; every labelled line must still be
where it was. The sample's loader and metric are benchmarks/repeat_precision.py's."""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

import pytest

import dedup
from tests.realdata import DATA

if TYPE_CHECKING:
    from benchmarks.repeat_precision import Evaluation

IN_SOURCE_TREE = importlib.util.find_spec("benchmarks") is not None
needs_data = pytest.mark.skipif(
    not IN_SOURCE_TREE or not (DATA / "aeb" / "html").is_dir() or not (DATA / "helsinki").is_dir(),
    reason=f"needs the evaluation data at {DATA} and the source tree's benchmarks/: run from the repository and "
    "set DEDUP_DATA to the folder holding aeb/, big9-2017/, cleanportaleval/ and helsinki/ (research data, not "
    "in the repository), e.g. DEDUP_DATA=/path/to/shared/data python -m pytest tests/test_repeat_labels.py",
)


@pytest.fixture(scope="module")
def measured() -> Evaluation:
    from benchmarks.repeat_precision import evaluate, load_labels, page_texts

    labels = [lab for lab in load_labels() if lab.source != "extracted"]  # extraction changes: benchmark only
    texts = page_texts(DATA, {lab.page_key for lab in labels}, extracted=False)
    assert len(texts) == len({lab.page_key for lab in labels}), "some labelled pages were not found in the data"
    return evaluate(labels, texts, dedup.Config())


@needs_data
def test_every_labelled_line_is_still_where_it_was(measured: Evaluation) -> None:
    assert measured.moved == [], f"labelled lines moved or changed: {measured.moved[:10]}"


@needs_data
def test_every_near_or_truncated_removal_is_labelled(measured: Evaluation) -> None:
    assert measured.unlabelled == [], (
        "removals not in tests/repeat_labels/labels.jsonl: read each pair and add its label "
        f"(see the README there): {measured.unlabelled[:10]}"
    )


@needs_data
def test_precision_on_the_labelled_sample_is_at_least_095(measured: Evaluation) -> None:
    assert measured.same + measured.distinct >= 150
    assert measured.precision >= 0.95, [f"{lab.page} {lab.line}: {lab.note}" for lab in measured.distinct_removed]


@needs_data
def test_at_least_90_percent_of_the_true_repeats_are_still_removed(measured: Evaluation) -> None:
    assert measured.recall_before >= 0.90
    assert measured.recall_sample >= 0.90


@pytest.mark.skipif(not IN_SOURCE_TREE, reason="reads the sample with the source tree's benchmarks/")
def test_the_sample_holds_lists_tables_schedules_and_quotes() -> None:
    from benchmarks.repeat_precision import load_labels

    labels = load_labels()
    assert len([lab for lab in labels if lab.found_by]) >= 150
    assert {"meal plan", "menu", "table", "schedule", "pull quote", "captions", "transcript"} <= {
        lab.shape for lab in labels
    }
    assert {lab.label for lab in labels} == {"same", "distinct"}
