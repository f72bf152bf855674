"""``dedup.iter_clean_corpus`` end to end over a large generated corpus: throughput and peak memory.

    python -m benchmarks.stream_scale --data ../shared/data --articles 1000000 [--json out.json]

``clean_corpus`` holds every prepared article and every result (2.8 GiB of peak RSS at 100,000
articles, so ~28 GiB at a million); ``iter_clean_corpus`` gives the same results one at a time
with the corpus spilled to a temporary file, so its memory is the index plus one chunk. This
feeds it the benchmark corpus (``benchmarks.corpus``, seed 1) and drains the results, counting
lines removed per rule and syndicated copies as the harness does; time spent generating the
articles is measured apart and left out. Prints one line of figures.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import dedup

from .corpus import CorpusSpec, articles, sentence_pool
from .machine import describe_machine, peak_rss, rss
from .measure import Timed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--spill-dir", type=Path, default=None, help="where the temporary spill file goes")
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    pool = sentence_pool(args.data)
    docs = Timed(articles(pool, CorpusSpec(articles=args.articles)))
    rss_before = rss()
    removed: Counter[str] = Counter()
    copies = 0
    start, cpu = time.perf_counter(), time.process_time()
    for n, cleaned in enumerate(dedup.iter_clean_corpus(docs, spill_dir=args.spill_dir), 1):
        for r in cleaned.removals:
            removed[r.rule] += cleaned.original.count("\n", r.start, r.end) + 1
        copies += cleaned.duplicate_of is not None
        if n % 100_000 == 0:
            print(f"[stream_scale {time.strftime('%H:%M:%S')}] {n:,} articles cleaned", file=sys.stderr, flush=True)
    seconds = time.perf_counter() - start - docs.seconds
    cpu_seconds = time.process_time() - cpu - docs.cpu_seconds
    peak = peak_rss() - rss_before
    result = {
        "command": "python -m benchmarks.stream_scale " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": describe_machine().line(),
        "articles": docs.articles,
        "lines": docs.lines,
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "lines_per_s": docs.lines / seconds,
        "cpu_lines_per_s": docs.lines / cpu_seconds,
        "peak_rss_growth": peak,
        "removed_lines": dict(sorted(removed.items())),
        "copies": copies,
    }
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(
        f"iter_clean_corpus, {docs.articles:,} articles, {docs.lines:,} lines: {seconds:.0f} s "
        f"({cpu_seconds:.0f} s CPU), {docs.lines / seconds:,.0f} lines/s ({docs.lines / cpu_seconds:,.0f} by CPU), "
        f"peak RSS growth {peak / 2**30:.2f} GiB; removed {dict(removed)}, {copies:,} copies"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
