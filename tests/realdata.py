"""Real scraped articles for the tests that need them, read from ../shared/data beside the repository.

They are research data whose text belongs to the publishers, so they are never committed: CI
lays shared/ out beside the clone, and the tests using them skip, saying why, when it is absent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks.data import scraped_articles

HELSINKI = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "helsinki"

needs_helsinki = pytest.mark.skipif(
    not HELSINKI.is_dir(), reason=f"the real articles are not at {HELSINKI} (research data, not in the repository)"
)


def csv_docs(name: str) -> list[dict[str, Any]]:
    """The articles of one corpus (``helsinki``, ``census``, ``spotify``) as clean_corpus dicts."""
    return list(scraped_articles(HELSINKI.parent, name, id_prefix=f"{name}/"))
