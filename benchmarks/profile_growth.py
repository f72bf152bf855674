"""Where learning and look-ups spend their time as the index grows (cProfile at checkpoints).

    python -m benchmarks.profile_growth --data ../shared/data --at 100000,300000 [--learn 10000] [--queries 1000]

Builds the latency index of ``benchmarks.latency_bulk`` (the benchmark corpus, seed 1, learned in
bulk 50,000 articles a chunk, oldest first) without profiling; at each checkpoint it profiles the
learning of the next ``--learn`` articles (``Index.learn_many``, after ``prepare_many``, which is not
profiled) and then ``clean(..., learn=False)`` of the ``--queries`` articles that follow (they are
learned afterwards, with the rest of the stream). Prints, per checkpoint and per step, the
functions with the most time of their own and the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import time
from itertools import islice
from pathlib import Path

import dedup

from .corpus import CorpusSpec, articles, sentence_pool
from .measure import prepare_docs, records_to_learn

_CHUNK = 50_000


def _learn(idx: dedup.Index, chunk: list[dict[str, str]], profile: cProfile.Profile | None = None) -> float:
    recs = records_to_learn(prepare_docs(idx, chunk))
    start = time.perf_counter()
    if profile is not None:
        profile.enable()
    idx.learn_many(recs)
    if profile is not None:
        profile.disable()
    return time.perf_counter() - start


def _report(title: str, profile: cProfile.Profile, seconds: float, top: int) -> str:
    out = io.StringIO()
    out.write(f"### {title}: {seconds:.1f} s (under cProfile)\n\n")
    for key in ("tottime", "cumulative"):
        stats = pstats.Stats(profile, stream=out)
        stats.strip_dirs().sort_stats(key).print_stats(top)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--at", default="100000,300000", help="comma-separated index sizes to profile at")
    parser.add_argument("--learn", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=1_000)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--out", type=Path, default=None, help="write the report here (default: stdout)")
    args = parser.parse_args(argv)
    checkpoints = sorted(int(x) for x in args.at.split(","))
    pool = sentence_pool(args.data)
    total = checkpoints[-1] + len(checkpoints) * (args.learn + args.queries)
    stream = articles(pool, CorpusSpec(articles=total))
    idx = dedup.Index()
    report: list[str] = []
    for at in checkpoints:
        while len(idx) < at:
            took = _learn(idx, list(islice(stream, min(_CHUNK, at - len(idx)))))
            print(f"[profile_growth] {len(idx):,} articles learned ({took:.0f} s)", file=sys.stderr, flush=True)
        profile = cProfile.Profile()
        took = _learn(idx, list(islice(stream, args.learn)), profile)
        report.append(_report(f"learning {args.learn:,} articles at {at:,}", profile, took, args.top))
        queries = list(islice(stream, args.queries))
        profile = cProfile.Profile()
        start = time.perf_counter()
        profile.enable()
        for d in queries:
            idx.clean(d["text"], d["id"], d["source"], d["published"], learn=False)
        profile.disable()
        took = time.perf_counter() - start
        report.append(_report(f"{args.queries:,} queries at {len(idx):,}", profile, took, args.top))
        _learn(idx, queries)
        print(f"[profile_growth] profiled at {at:,}", file=sys.stderr, flush=True)
    text = "\n".join(report)
    if args.out is None:
        print(text)
    else:
        args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
