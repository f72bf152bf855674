"""CPU per line of learning as the index grows (issue 26): flat if learning is linear.

    python -m benchmarks.learn_growth --data ../shared/data --articles 200000 [--chunk 25000] [--queries 1000]

Feeds the benchmark corpus (``benchmarks.corpus``, seed 1) to one in-memory index a chunk at a
time, oldest first, as ``clean_corpus`` learns it: per chunk, the CPU microseconds per line of
preparing it (split, normalise, fingerprint: work that does not depend on the index) and of
learning it (``Index.learn_many``), apart. Then ``idx.clean(learn=False)`` is timed (thread CPU)
on each of the ``--queries`` articles that follow. Generating the articles is not timed. Prints
one line per chunk, then the query percentiles.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from itertools import islice
from pathlib import Path

import dedup

from .corpus import CorpusSpec, articles, sentence_pool
from .machine import describe_machine
from .measure import prepare_docs, records_to_learn, time_queries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--chunk", type=int, default=25_000)
    parser.add_argument("--queries", type=int, default=1_000)
    args = parser.parse_args(argv)
    print(describe_machine().line(), flush=True)
    stream = articles(sentence_pool(args.data), CorpusSpec(articles=args.articles + args.queries))
    idx = dedup.Index()
    done = 0
    first = None
    while done < args.articles:
        chunk = list(islice(stream, min(args.chunk, args.articles - done)))
        lines = sum(d["text"].count("\n") + 1 for d in chunk)
        gc.collect()
        cpu = time.process_time()
        records = records_to_learn(prepare_docs(idx, chunk))
        prepared = time.process_time()
        idx.learn_many(records)
        learned = time.process_time()
        done += len(chunk)
        learn = 1e6 * (learned - prepared) / lines
        first = learn if first is None else first
        print(
            f"{done:>9,} articles: prepare {1e6 * (prepared - cpu) / lines:5.1f} us/line, "
            f"learn {learn:5.1f} us/line ({learn / first:.2f}x the first chunk)",
            flush=True,
        )
        del records
    if args.queries:
        _, cpu_seconds = time_queries(idx, list(stream))
        ms = sorted(1e3 * c for c in cpu_seconds)
        p99 = ms[min(len(ms) - 1, int(0.99 * len(ms)))]
        print(f"clean(learn=False), {len(ms):,} queries: CPU ms p50 {statistics.median(ms):.2f}, p99 {p99:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
