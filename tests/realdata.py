"""Real scraped articles for the tests that need them, read from ``$DEDUP_DATA``.

They are research data whose text belongs to the publishers, so they are never committed. The
folder is ``$DEDUP_DATA`` when set, else ``../shared/data`` beside the repository (where CI lays
it out); the tests that need it skip, saying how to point at it, when it is absent.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

import pytest

#: The evaluation data folder (helsinki/, aeb/, big9-2017/, cleanportaleval/).
DATA = Path(os.environ.get("DEDUP_DATA") or Path(__file__).resolve().parent.parent.parent / "shared" / "data")
HELSINKI = DATA / "helsinki"

#: Set by .ci/run: a missing data folder then fails the tests that need it instead of skipping them.
REQUIRED = os.environ.get("DEDUP_REQUIRE_DATA") == "1"

needs_helsinki = pytest.mark.skipif(
    not REQUIRED and (not HELSINKI.is_dir() or importlib.util.find_spec("benchmarks") is None),
    reason=f"needs the real articles at {HELSINKI} and the source tree's benchmarks/ loader: run from the "
    "repository and set DEDUP_DATA to the folder holding helsinki/ (research data, not in the repository), "
    "e.g. DEDUP_DATA=/path/to/shared/data python -m pytest",
)


def csv_docs(name: str) -> list[dict[str, Any]]:
    """The articles of one corpus (``helsinki``, ``census``, ``spotify``) as clean_corpus dicts."""
    if not HELSINKI.is_dir():
        raise FileNotFoundError(
            f"DEDUP_REQUIRE_DATA=1 but there are no real articles at {HELSINKI}: set DEDUP_DATA to the folder "
            "holding helsinki/ (research data, not in the repository)"
        )
    from benchmarks.data import scraped_articles  # only with the data at hand, i.e. in the source tree

    return list(scraped_articles(DATA, name, id_prefix=f"{name}/"))
