"""Latency of ``idx.clean(article, learn=False)`` against a large in-memory index built in bulk.

    python -m benchmarks.latency_bulk --data ../shared/data --articles 1000000 [--queries 1000] [--json out.json]

``python -m benchmarks`` builds its latency index with ``Index.add``, one article at a time,
which takes hours at a million articles. This builds the same index (the first ``--articles``
articles of the benchmark corpus, seed 1) through ``Index.prepare_many`` and ``Index.learn_many``
in chunks of 50,000 articles, as ``clean_corpus`` learns, which gives the state learning the
articles one at a time gives (``IndexState.apply_many`` is tested for that), then times
``clean(..., learn=False)`` on each of the ``--queries`` articles that follow, one call at a time:
wall clock and CPU time of the thread, as the harness does. Prints one markdown table row.
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from itertools import islice
from pathlib import Path

import dedup
from dedup.index.records import learning_order

from .corpus import CorpusSpec, articles, sentence_pool
from .machine import describe_machine, peak_rss, rss
from .measure import time_queries

_CHUNK = 50_000


def _ms(seconds: list[float]) -> dict[str, float]:
    xs = sorted(seconds)

    def pct(p: float) -> float:
        return 1000 * xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]

    return {"p50": pct(50), "p90": pct(90), "p99": pct(99), "max": 1000 * xs[-1], "mean": 1000 * sum(xs) / len(xs)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    pool = sentence_pool(args.data)
    stream = articles(pool, CorpusSpec(articles=args.articles + args.queries))
    idx = dedup.Index()
    gc.collect()
    rss_before = rss()
    build = build_cpu = 0.0
    lines = done = 0
    while done < args.articles:
        chunk = list(islice(stream, min(_CHUNK, args.articles - done)))
        lines += sum(d["text"].count("\n") + 1 for d in chunk)
        start, cpu = time.perf_counter(), time.process_time()
        prepared = idx.prepare_many(((d["text"], d["id"], d["source"], d["published"]) for d in chunk), "bench")
        idx.learn_many(sorted((p.rec for p in prepared), key=learning_order))
        build += time.perf_counter() - start
        build_cpu += time.process_time() - cpu
        done += len(chunk)
        del prepared
        print(f"[latency_bulk {time.strftime('%H:%M:%S')}] {done:,} articles learned", file=sys.stderr, flush=True)
    gc.collect()
    growth, peak = rss() - rss_before, peak_rss() - rss_before
    took, took_cpu = time_queries(idx, list(stream))
    stats = idx.stats()
    result = {
        "command": "python -m benchmarks.latency_bulk " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": describe_machine().line(),
        "articles": args.articles,
        "lines": lines,
        "distinct_lines": stats.lines,
        "build_seconds": build,
        "build_cpu_seconds": build_cpu,
        "rss_growth": growth,
        "peak_growth": peak,
        "queries": len(took),
        "latency_ms": _ms(took),
        "latency_cpu_ms": _ms(took_cpu),
    }
    if args.json is not None:
        args.json.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    w, c = result["latency_ms"], result["latency_cpu_ms"]
    print(
        f"| `Index()` in memory, built in bulk | {args.articles:,} | {lines:,} ({stats.lines:,}) | {len(took):,} "
        f"| {w['p50']:.2f} | {w['p90']:.2f} | {w['p99']:.2f} | {w['max']:.2f} | {w['mean']:.2f} "
        f"| {c['p50']:.2f} | {c['p99']:.2f} |"
    )
    print(
        f"build {build:.0f} s ({build_cpu:.0f} s CPU, {lines / build:,.0f} lines/s), "
        f"RSS growth {growth / 2**30:.2f} GiB ({growth / lines:.0f} B/line), peak {peak / 2**30:.2f} GiB"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
