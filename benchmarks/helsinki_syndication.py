"""Syndication clusters on real scraped articles, with a sample to check by hand and an
estimate of the copies missed.

    python benchmarks/helsinki_syndication.py --data ../shared/data [--sample 30] [--seed 3]

Articles: helsinki/helsinki_articles.csv (paragraphs split on " ### ", source = publisher,
published = scrape_time), cleaned together with clean_corpus and the default Config.
Missed copies are estimated by brute force over all pairs: two articles whose word 5-shingle
sets (over the whole text) have containment >= 0.8 of the smaller one are very likely copies;
the pairs of those that dedup did not put in one cluster are listed.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from helsinki_boilerplate import load

import dedup


def shingle_set(text: str, n: int = 5) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1))}


def first_content(text: str) -> str:
    return next((ln for ln in text.splitlines() if len(ln.split()) >= 8), text[:100])[:110]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()

    docs = load(args.data)
    text_of = {d["id"]: d["text"] for d in docs}
    source_of = {d["id"]: d["source"] for d in docs}
    idx = dedup.Index()
    t0 = time.perf_counter()
    results = {r.id: r for r in dedup.clean_corpus(docs, index=idx)}
    elapsed = time.perf_counter() - t0
    clusters = idx.clusters()
    sizes = Counter(len(m) for _, m in clusters)
    copies = sum(len(m) - 1 for _, m in clusters)
    print(f"# Syndication on helsinki: {len(docs)} articles, {len({d['source'] for d in docs})} outlets\n")
    print(
        f"clean_corpus took {elapsed:.1f} s. {len(clusters)} clusters of 2+ articles; {copies} articles are "
        f"copies of another ({copies / len(docs):.1%}).\n"
    )
    print("| cluster size | clusters |\n|---:|---:|")
    for size, n in sorted(sizes.items()):
        print(f"| {size} | {n} |")
    cross = sum(1 for _, m in clusters if len({source_of[x] for x in m}) > 1)
    print(f"\n{cross} clusters span more than one outlet.\n")

    pairs = [(c, m) for c, members in clusters for m in members[1:]]
    rnd = random.Random(args.seed)
    sample = rnd.sample(pairs, min(args.sample, len(pairs)))
    print(f"## Sample of {len(sample)} (canonical, copy) pairs (seed {args.seed}), for checking by hand\n")
    for k, (c, m) in enumerate(sample, 1):
        s = results[m].syndication
        assert s is not None
        print(
            f"{k}. {source_of[c]} #{c} <- {source_of[m]} #{m}: similarity {s.similarity:.2f}, "
            f"containment {s.containment:.2f} / {s.canonical_containment:.2f}, adds {len(s.adds)}, lacks {s.lacks}"
        )
        print(f"   canonical: {first_content(text_of[c])!r}")
        print(f"   copy:      {first_content(text_of[m])!r}")

    # Brute force: pairs with high 5-shingle containment, and whether dedup clustered them.
    cluster_of = {m: c for c, members in clusters for m in members}
    sets = {d["id"]: shingle_set(d["text"]) for d in docs}
    likely, missed = 0, []
    for a, b in combinations(sorted(sets), 2):
        sa, sb = sets[a], sets[b]
        if min(len(sa), len(sb)) < 30:
            continue
        shared = len(sa & sb)
        if shared / min(len(sa), len(sb)) >= 0.8:
            likely += 1
            if cluster_of.get(a, a) != cluster_of.get(b, b):
                missed.append((shared / min(len(sa), len(sb)), a, b))
    split = sum(1 for _, a, b in missed if a in cluster_of and b in cluster_of)
    alone = sum(1 for _, a, b in missed if a not in cluster_of or b not in cluster_of)
    print(
        f"\n## Copies missed (estimate)\n\n{likely} pairs of articles share >= 80% of the smaller one's word "
        f"5-shingles; {len(missed)} of them are not in one dedup cluster: {split} pairs are in two different "
        f"clusters (each matched, to different canonical copies), {alone} pairs have an article in no cluster.\n"
    )
    for cont, a, b in sorted(missed, reverse=True)[:40]:
        print(
            f"- {cont:.2f} {source_of[a]} #{a} / {source_of[b]} #{b}: {first_content(text_of[a])[:70]!r} / "
            f"{first_content(text_of[b])[:70]!r}"
        )


if __name__ == "__main__":
    main()
