"""Loading the real scraped articles under ``--data`` (../shared/data), for benchmarks and tests.

The text is research data that stays out of the repository: it is read at run time.
"""

from __future__ import annotations

import csv
from pathlib import Path

__all__ = ["scraped_articles"]


def scraped_articles(data: Path, corpus: str = "helsinki", id_prefix: str = "") -> list[dict[str, str]]:
    """The articles of one corpus (``helsinki``, ``census``, ``spotify``) as clean_corpus dicts.

    Paragraphs (separated by `` ### `` in the files) become lines; ``source`` is the publisher and
    ``published`` the scrape time.
    """
    with open(data / "helsinki" / f"{corpus}_articles.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [
        {
            "id": f"{id_prefix}{r['id']}",
            "source": r["publisher"],
            "published": r["scrape_time"],
            "text": "\n".join(r["text"].split(" ### ")),
        }
        for r in rows
    ]
