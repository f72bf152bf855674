"""Regression on 8 real pages of the article-extraction benchmark (fixtures/aeb, MIT).

dedup (two-mode extraction + cleaning) against trafilatura's default extraction, in one run,
with the benchmark's own metric: it must not score lower, nor lose recall on any page.
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import sys
from pathlib import Path

import trafilatura

import dedup

AEB = Path(__file__).resolve().parent.parent / "fixtures" / "aeb"
_PATH = Path(__file__).resolve().parent.parent / "benchmarks" / "extraction_quality.py"
_spec = importlib.util.spec_from_file_location("extraction_quality", _PATH)
assert _spec is not None and _spec.loader is not None
eq = sys.modules.get("extraction_quality") or importlib.util.module_from_spec(_spec)
if "extraction_quality" not in sys.modules:
    sys.modules["extraction_quality"] = eq
    _spec.loader.exec_module(eq)


def test_dedup_scores_at_least_trafilatura_on_the_aeb_sample() -> None:
    truth = json.loads((AEB / "ground-truth.json").read_text(encoding="utf-8"))
    assert len(truth) == 8
    golds, baseline, docs = [], [], []
    for key, item in sorted(truth.items()):
        html = gzip.decompress((AEB / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", errors="replace")
        golds.append(item["articleBody"])
        baseline.append(trafilatura.extract(html, url=item["url"]) or "")
        docs.append(dedup.Document.from_html(html, url=item["url"], id=key))
    cleaned = [r.text for r in dedup.clean_corpus(docs)]
    ours = eq.mean_scores(zip(cleaned, golds, strict=True))
    theirs = eq.mean_scores(zip(baseline, golds, strict=True))
    assert ours.f1 >= theirs.f1
    for text, base, gold in zip(cleaned, baseline, golds, strict=True):
        assert eq.page_scores(text, gold)[1] >= eq.page_scores(base, gold)[1] - 0.01
