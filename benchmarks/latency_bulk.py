"""Latency of ``idx.clean(article, learn=False)`` against a large in-memory index built in bulk.

    python -m benchmarks.latency_bulk --data ../shared/data --articles 1000000 [--queries 1000] [--json out.json]

``python -m benchmarks`` builds its latency index with ``Index.add``, one article at a time,
which takes hours at a million articles. This builds the same index (the first ``--articles``
articles of the benchmark corpus, seed 1) through ``Index.prepare_many`` and ``Index.learn_many``
in chunks of 50,000 articles, as ``clean_corpus`` learns, which gives the state learning the
articles one at a time gives (``IndexState.apply_many`` is tested for that), then times
``clean(..., learn=False)`` on each of the ``--queries`` articles that follow, one call at a time:
wall clock and CPU time of the thread, as the harness does. Prints one markdown table row.

With ``--sqlite PATH`` the same records are also appended to a SQLite index file at PATH (one
transaction per chunk, as ``Index.learn_many`` on a persistent index does); after the in-memory
queries the in-memory index is freed, ``Index.open(PATH)`` replays the file (timed), and the
same queries are timed against it: a second row, with the file's size per million lines.

With ``--clean-every K`` every K-th learned article is then cleaned as ``clean_corpus`` cleans
(``clean_learned``), and learn + clean throughput is reported with the cleaning time of all
articles taken as K times the sample's (K = 1: all of them, measured).
"""

from __future__ import annotations

import argparse
import gc
import json
import sys
import time
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import xxhash

import dedup
from dedup.index.logs import SQLiteLog
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
    parser.add_argument("--sqlite", type=Path, default=None, help="also build this SQLite index file and time it")
    parser.add_argument(
        "--clean-every",
        type=int,
        default=0,
        metavar="K",
        help="then clean every K-th learned article as clean_corpus does (1: all of them; the time of all is "
        "extrapolated as K times the sample's), for learn + clean throughput",
    )
    args = parser.parse_args(argv)
    if args.sqlite is not None and args.sqlite.exists():
        parser.error(f"{args.sqlite} exists: give a new file name")
    pool = sentence_pool(args.data)
    stream = articles(pool, CorpusSpec(articles=args.articles + args.queries))
    idx = dedup.Index()
    log = None
    if args.sqlite is not None:
        log = SQLiteLog(str(args.sqlite))
        log.check_params(idx.config.index_params())
    gc.collect()
    rss_before = rss()
    build = build_cpu = write = 0.0
    lines = done = 0
    while done < args.articles:
        chunk = list(islice(stream, min(_CHUNK, args.articles - done)))
        lines += sum(d["text"].count("\n") + 1 for d in chunk)
        start, cpu = time.perf_counter(), time.process_time()
        prepared = idx.prepare_many(((d["text"], d["id"], d["source"], d["published"]) for d in chunk), "bench")
        recs = sorted((p.rec for p in prepared), key=learning_order)
        idx.learn_many(recs)
        build += time.perf_counter() - start
        build_cpu += time.process_time() - cpu
        if log is not None:
            start = time.perf_counter()
            log.append_many([rec.to_bytes() for rec in recs])
            write += time.perf_counter() - start
        del recs
        done += len(chunk)
        del prepared
        _log(f"{done:,} articles learned")
    gc.collect()
    growth, peak = rss() - rss_before, peak_rss() - rss_before
    queries = list(stream)
    took, took_cpu = time_queries(idx, queries)
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
    w, c = result["latency_ms"], result["latency_cpu_ms"]
    _log(f"in memory: p50 {w['p50']:.2f} ms, p99 {w['p99']:.2f} ms (CPU {c['p50']:.2f} / {c['p99']:.2f})")
    _save(args.json, result)
    if args.clean_every:
        k = args.clean_every
        _log(f"cleaning every {k}th of the {args.articles:,} learned articles ...")
        sample = islice(articles(pool, CorpusSpec(articles=args.articles)), 0, None, k)
        took_clean, took_clean_cpu, _ = clean_learned(idx, sample)
        result["clean_all"] = {
            "every": k,
            "sample_seconds": took_clean,
            "clean_seconds": k * took_clean,
            "clean_cpu_seconds": k * took_clean_cpu,
            "lines_per_s": lines / (build + k * took_clean),
            "cpu_lines_per_s": lines / (build_cpu + k * took_clean_cpu),
        }
        _log(f"sample cleaned in {took_clean:.0f} s")
        _save(args.json, result)
    if log is not None:
        log.close()
        del idx
        gc.collect()
        result["sqlite"] = _sqlite_run(args.sqlite, queries, lines, write)
    _save(args.json, result)
    print(
        f"| `Index()` in memory, built in bulk | {args.articles:,} | {lines:,} ({stats.lines:,}) | {len(took):,} "
        f"| {w['p50']:.2f} | {w['p90']:.2f} | {w['p99']:.2f} | {w['max']:.2f} | {w['mean']:.2f} "
        f"| {c['p50']:.2f} | {c['p99']:.2f} |"
    )
    print(
        f"build {build:.0f} s ({build_cpu:.0f} s CPU, {lines / build:,.0f} lines/s), "
        f"RSS growth {growth / 2**30:.2f} GiB ({growth / lines:.0f} B/line), peak {peak / 2**30:.2f} GiB"
    )
    if args.clean_every:
        a = result["clean_all"]
        print(
            f"learn + clean of all {args.articles:,} articles (cleaning every {a['every']}th, times "
            f"{a['every']}): {build + a['clean_seconds']:.0f} s, "
            f"{a['lines_per_s']:,.0f} lines/s ({a['cpu_lines_per_s']:,.0f} by CPU)"
        )
    if log is not None:
        q = result["sqlite"]
        w, c = q["latency_ms"], q["latency_cpu_ms"]
        print(
            f"| `Index.open(path)`, SQLite, built in bulk | {args.articles:,} | {lines:,} ({stats.lines:,}) "
            f"| {len(took):,} | {w['p50']:.2f} | {w['p90']:.2f} | {w['p99']:.2f} | {w['max']:.2f} | {w['mean']:.2f} "
            f"| {c['p50']:.2f} | {c['p99']:.2f} |"
        )
        print(
            f"SQLite: written in {q['write_seconds']:.0f} s, {q['file_bytes'] / 2**20:,.0f} MiB "
            f"({q['mib_per_million_lines']:.0f} MiB per million lines), "
            f"opened (log replayed) in {q['open_seconds']:.0f} s"
        )
    return 0


def clean_learned(
    idx: dedup.Index, docs: Iterable[dict[str, Any]], digest: bool = False
) -> tuple[float, float, str | None]:
    """Clean each article of ``docs`` (all learned already) as ``clean_corpus`` cleans, a chunk
    at a time, dropping the results: wall and CPU seconds, and a digest of every result's
    ``to_dict()`` when asked (to check this against ``clean_corpus``).

    ``clean_corpus`` learns every article, then cleans every article, holding every result: at a
    million articles that is ~28 GiB. The benchmark corpus comes in learning order (published
    times rise with the article number), so learning it a chunk at a time and then cleaning it
    a chunk at a time is the same work with the same results, in bounded memory.
    """
    config = idx.rule_config(None)
    h = xxhash.xxh64() if digest else None
    seconds = cpu_seconds = 0.0
    stream = iter(docs)
    while chunk := list(islice(stream, _CHUNK)):
        start, cpu = time.perf_counter(), time.process_time()
        prepared = idx.prepare_many(((d["text"], d["id"], d["source"], d["published"]) for d in chunk), "bench")
        for p in prepared:
            r = idx.clean_prepared(p.text, p.lines, p.rec, config, p.repeat_keys, p.openings)
            if h is not None:
                h.update(json.dumps(r.to_dict(), sort_keys=True).encode())
        seconds += time.perf_counter() - start
        cpu_seconds += time.process_time() - cpu
    return seconds, cpu_seconds, None if h is None else h.hexdigest()


def _save(path: Path | None, result: dict[str, Any]) -> None:
    """Write what is measured so far (a long run stopped early keeps its figures)."""
    if path is not None:
        path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def _log(message: str) -> None:
    print(f"[latency_bulk {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _sqlite_run(path: Path, queries: list[dict[str, Any]], lines: int, write: float) -> dict[str, Any]:
    """Open the SQLite index at ``path`` (replaying its log) and time the queries against it."""
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())
    _log(f"opening {path} (replaying its log) ...")
    start = time.perf_counter()
    idx = dedup.Index.open(path)
    opened = time.perf_counter() - start
    _log(f"opened in {opened:.0f} s; timing the queries ...")
    took, took_cpu = time_queries(idx, queries)
    idx.close()
    return {
        "file_bytes": size,
        "mib_per_million_lines": size / 2**20 / (lines / 1e6),
        "write_seconds": write,
        "open_seconds": opened,
        "queries": len(took),
        "latency_ms": _ms(took),
        "latency_cpu_ms": _ms(took_cpu),
    }


if __name__ == "__main__":
    raise SystemExit(main())
