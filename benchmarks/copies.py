"""Copies and dates on real scraped articles: are copies found whatever the paragraphing, and does
no date switch learning off?

    python benchmarks/copies.py --data ../shared/data [--sample 30] [--seed 3] [--out benchmarks/out/copies.md]

Articles: helsinki/helsinki_articles.csv (612 articles from 75 outlets, paragraphs split on
" ### ", source = publisher, published = scrape_time), cleaned with ``clean_corpus`` and the
default Config. Measured, each in one run:

- **recall**: the pairs of articles whose word 5-shingle sets (over the whole text) share at least
  80% of the smaller one's (and 30 shingles at least), found by brute force over every pair: how
  many dedup puts in one syndication cluster (one canonical), and how many in one story;
- **re-paragraphed**: the same, with every article re-paragraphed at random (its lines joined into
  one, or split at every sentence);
- **spread dates**: the same articles re-dated at random over 400 days (seeded), as a crawl of an
  archive is: the lines removed by the corpus rules (banner, boilerplate) against the same articles
  as scraped and undated; and the articles with their own dates plus one article dated 2081 (and one undated): every
  other article's result must be identical;
- **pages with their own dates**: big9-2017's 90 pages, extracted from HTML with the date each
  page gives, against the same pages undated: the lines each rule removes;
- **hand check**: a sample of (canonical, copy) pairs, written with the first line of each to the
  ``--out`` file (publishers' text: keep it out of the repository; benchmarks/out/ is ignored) for
  reading by hand.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from datetime import datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dedup
from benchmarks.data import scraped_articles
from benchmarks.machine import describe_machine

_WORD = re.compile(r"\w+")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def shingle_set(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def truth_pairs(docs: list[dict[str, Any]]) -> list[tuple[str, str, float]]:
    """Pairs sharing >= 80% of the smaller one's word 5-shingles (30 shingles at least)."""
    sets = {d["id"]: shingle_set(d["text"]) for d in docs}
    out = []
    for a, b in combinations(sorted(sets), 2):
        sa, sb = sets[a], sets[b]
        if min(len(sa), len(sb)) >= 30:
            shared = len(sa & sb) / min(len(sa), len(sb))
            if shared >= 0.8:
                out.append((a, b, shared))
    return out


def reparagraphed(docs: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Each article's lines joined into one, or split at every sentence (chosen at random)."""
    rnd = random.Random(seed)
    out = []
    for d in docs:
        lines = d["text"].split("\n")
        if rnd.random() < 0.5:
            text = " ".join(line.strip() for line in lines if line.strip())
        else:
            text = "\n".join(s for line in lines for s in _SENTENCE_END.split(line) if s.strip())
        out.append({**d, "text": text})
    return out


def recall(docs: list[dict[str, Any]], truth: list[tuple[str, str, float]]) -> dict[str, Any]:
    idx = dedup.Index()
    started = time.perf_counter()
    results = dedup.clean_corpus(docs, index=idx)
    seconds = time.perf_counter() - started
    clusters = idx.clusters()
    cluster_of = {m: c for c, members in clusters for m in members}
    state = idx._state
    num = state.articles.num
    in_cluster = sum(1 for a, b, _ in truth if cluster_of.get(a, a) == cluster_of.get(b, b))
    in_story = sum(1 for a, b, _ in truth if state.stories.find(num[a]) == state.stories.find(num[b]))
    return {
        "results": results,
        "clusters": clusters,
        "in_cluster": in_cluster,
        "in_story": in_story,
        "copies": sum(len(m) - 1 for _, m in clusters),
        "seconds": seconds,
    }


def corpus_removals(results: list[dedup.CleanResult]) -> Counter[str]:
    """Lines removed by the corpus rules."""
    out: Counter[str] = Counter()
    for r in results:
        for m in r.removals:
            if m.rule in ("banner", "boilerplate"):
                out[m.rule] += r.original[m.start : m.end].strip().count("\n") + 1
    return out


def pages_with_their_dates(data: Path) -> None:
    """big9-2017's 90 pages (9 sites) as a scraper passes them: each page's own date (from its
    HTML) or none; the corpus rules must remove the same lines either way."""
    from benchmarks.extraction_quality import load_big9

    docs = []
    for page in load_big9(data / "big9-2017"):
        doc = dedup.Document.from_html(page.html, url=page.url, id=page.id)
        docs.append(dedup.Document(doc.text, id=doc.id, source=page.site, url=doc.url, published=doc.published))
    dates = sorted(d.published for d in docs if d.published)
    undated = [dedup.Document(d.text, id=d.id, source=d.source, url=d.url, published=None) for d in docs]
    span = f"{dates[0]:%Y-%m-%d} to {dates[-1]:%Y-%m-%d}"
    print(f"\nbig9-2017: {len(docs)} pages, {len(dates)} with their own date ({span}).\n")
    print("| big9-2017 | lines removed, by rule |\n|---|---|")
    for name, run in (("the pages' own dates", docs), ("undated", undated)):
        counts = Counter(m.rule for r in dedup.clean_corpus(run) for m in r.removals)
        print(f"| {name} | {', '.join(f'{rule} {n}' for rule, n in sorted(counts.items()))} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("benchmarks/out/copies.md"))
    args = parser.parse_args()
    docs = scraped_articles(args.data, "helsinki")
    truth = truth_pairs(docs)
    print(f"Command: `python benchmarks/copies.py --data {args.data}` (date {datetime.now(timezone.utc):%Y-%m-%d})")
    print(f"Machine: {describe_machine().line()}\n")

    base = recall(docs, truth)
    again = recall(reparagraphed(docs, args.seed), truth)
    n = len(truth)
    pairs = "pairs (>= 80% of the smaller's 5-shingles)"
    print(f"| helsinki, {len(docs)} articles | {pairs} | in one cluster | in one story |")
    print("|---|---:|---:|---:|")
    for name, run in (("as scraped", base), ("re-paragraphed at random", again)):
        print(
            f"| {name} | {n} | {run['in_cluster']} ({run['in_cluster'] / n:.1%}) "
            f"| {run['in_story']} ({run['in_story'] / n:.1%}) |"
        )
    print(f"\n{len(base['clusters'])} clusters, {base['copies']} copies; clean_corpus {base['seconds']:.1f} s.\n")

    # Containment of every pair dedup found (a copy and its canonical), as a histogram.
    shares = Counter()
    for r in base["results"]:
        if r.duplicate_of is not None and r.syndication is not None:
            shares[min(9, int(r.syndication.containment * 10))] += 1
    print("| copy's containment in its canonical | copies |\n|---|---:|")
    for k in sorted(shares):
        print(f"| {k / 10:.1f}-{(k + 1) / 10:.1f} | {shares[k]} |")

    # Dates: spread over 400 days; one article far in the future and one undated.
    rnd = random.Random(args.seed)
    start = datetime(2017, 6, 1, tzinfo=timezone.utc)
    spread = [{**d, "published": (start + timedelta(days=rnd.uniform(0, 400))).isoformat()} for d in docs]
    as_dated = corpus_removals(base["results"])
    spread_run = corpus_removals(dedup.clean_corpus(spread))
    undated = corpus_removals(dedup.clean_corpus([{**d, "published": None} for d in docs]))
    print("\n| dates | banner lines | boilerplate lines | all |\n|---|---:|---:|---:|")
    for name, c in (("as scraped (3 days)", as_dated), ("undated", undated), ("spread over 400 days", spread_run)):
        print(f"| {name} | {c['banner']} | {c['boilerplate']} | {sum(c.values())} |")
    ratio = sum(spread_run.values()) / max(1, sum(undated.values()))
    print(f"\nSpread over 400 days / undated: {ratio:.3f}.")
    plain = [r.to_dict() for r in base["results"]]
    future = "2081-01-01T00:00:00+00:00"
    for what, extra in (
        (
            "a new article dated 2081",
            {
                "id": "future",
                "source": "future.example",
                "published": future,
                "text": "A story from the future, told once, by an outlet nobody else knows.",
            },
        ),
        (
            "an undated article",
            {
                "id": "nodate",
                "source": "nodate.example",
                "published": None,
                "text": "A story without a date, told once, by an outlet nobody else knows.",
            },
        ),
        (f"a copy of article {docs[0]['id']} dated 2081", {**docs[0], "id": "future-copy", "published": future}),
    ):
        more = [r.to_dict() for r in dedup.clean_corpus([*docs, extra])]
        changed = {a["id"]: sorted(k for k in a if a[k] != b[k]) for a, b in zip(plain, more, strict=False) if a != b}
        print(
            f"With {what}: {len(plain) - len(changed)} of {len(plain)} results identical; "
            f"changed (article: fields): {changed}."
        )

    pages_with_their_dates(args.data)

    # The hand-check sample: first lines to a local file, never to the repository.
    pairs = [(c, m) for c, members in base["clusters"] for m in members[1:]]
    sample = random.Random(args.seed).sample(pairs, min(args.sample, len(pairs)))
    text_of = {d["id"]: d["text"] for d in docs}
    source_of = {d["id"]: d["source"] for d in docs}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as out:
        by_id = {r.id: r for r in base["results"]}
        for k, (c, m) in enumerate(sample, 1):
            s = by_id[m].syndication
            assert s is not None
            out.write(
                f"{k}. {source_of[c]} #{c} <- {source_of[m]} #{m}: containment {s.containment:.2f} / "
                f"{s.canonical_containment:.2f}\n   canonical: {text_of[c][:300]!r}\n"
                f"   copy:      {text_of[m][:300]!r}\n"
            )
        out.write(json.dumps({"sample": sample}) + "\n")
    print(f"\nHand-check sample of {len(sample)} (canonical, copy) pairs (seed {args.seed}) written to {args.out}.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
