"""Latency of ``idx.clean(article, learn=False)`` against a large in-memory index built in bulk.

    python -m benchmarks.latency_bulk --data ../shared/data --articles 1000000 [--queries 1000] [--json out.json]

``python -m benchmarks`` builds its latency index with ``Index.add``, one article at a time,
which takes hours at a million articles. This builds the same index (the first ``--articles``
articles of the benchmark corpus, seed 1 unless ``--seed``) through ``dedup.prepare.prepare`` and ``Index.learn_many``
in chunks of 50,000 articles, as ``clean_corpus`` learns, which gives the state learning the
articles one at a time gives (``IndexState.apply_many`` is tested for that), then times
``clean(..., learn=False)`` on each of the ``--queries`` articles that follow, one call at a time:
wall clock and CPU time of the thread, as the harness does. Prints one markdown table row.

With ``--sqlite PATH`` the same records are also appended to a SQLite index file at PATH (one
transaction per chunk, as ``Index.learn_many`` on a persistent index does); after the in-memory
queries the in-memory state is saved as the file's checkpoint (what ``Index.checkpoint()``
writes), the in-memory index is freed, ``Index.open(PATH)`` loads it (timed), and the same
queries are timed against it: a second row, with the file's size per million lines. ``--replay``
also times opening the file by replaying its whole log (as long as the build itself).

With ``--clean-every K`` every K-th learned article is then cleaned as ``clean_corpus`` cleans
(``clean_learned``), and learn + clean throughput is reported with the cleaning time of all
articles taken as K times the sample's (K = 1: all of them, measured).
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import re
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

import xxhash

import dedup
from dedup.index.checkpoint import write_checkpoint
from dedup.index.storage import SQLiteLog

from .corpus import CorpusSpec, articles, sentence_pool
from .machine import describe_machine, peak_rss, rss
from .measure import prepare_docs, records_to_learn, time_queries
from .report import write_section

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
    parser.add_argument("--outlets", type=int, default=CorpusSpec(1).outlets, help="outlets in the corpus")
    parser.add_argument("--seed", type=int, default=CorpusSpec(1).seed, help="seed of the corpus generator")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument(
        "--tracemalloc", action="store_true", help="trace allocations over the build (slower): live bytes per line"
    )
    parser.add_argument("--out", type=Path, default=None, help="rewrite section 10 of this markdown file (RESULTS.md)")
    parser.add_argument("--from-json", type=Path, default=None, help="measure nothing: render a past run's --json")
    parser.add_argument("--sqlite", type=Path, default=None, help="also build this SQLite index file and time it")
    parser.add_argument(
        "--replay",
        action="store_true",
        help="with --sqlite: also time opening the file by replaying its whole log (as long as the build)",
    )
    parser.add_argument(
        "--reopen",
        action="store_true",
        help="build nothing: open the --sqlite file an earlier run wrote, time it, add it to that run's --json",
    )
    parser.add_argument(
        "--clean-every",
        type=int,
        default=0,
        metavar="K",
        help="then clean every K-th learned article as clean_corpus does (1: all of them; the time of all is "
        "extrapolated as K times the sample's), for learn + clean throughput",
    )
    args = parser.parse_args(argv)
    if args.from_json is not None:
        if args.out is None:
            parser.error("--from-json needs --out")
        past = json.loads(args.from_json.read_text(encoding="utf-8"))
        mtime = datetime.fromtimestamp(args.from_json.stat().st_mtime, timezone.utc)
        past.setdefault("date", mtime.date().isoformat())  # runs before the date was recorded
        write_section(args.out, render(past), SECTION_RE)
        return 0
    if args.reopen:
        if args.sqlite is None or not args.sqlite.exists() or args.json is None or not args.json.exists():
            parser.error("--reopen needs the --sqlite file and the --json of the run that built it")
        return _reopen(args)
    if args.sqlite is not None and args.sqlite.exists():
        parser.error(f"{args.sqlite} exists: give a new file name")
    pool = sentence_pool(args.data)
    stream = articles(pool, _spec(args, args.articles + args.queries))
    idx = dedup.Index()
    log = None
    if args.sqlite is not None:
        log = SQLiteLog(str(args.sqlite))
        log.check_params(idx.config.index_params())
    gc.collect()
    rss_before = rss()
    arenas_before = pymalloc_stats()
    if args.tracemalloc:
        tracemalloc.start()
    build = build_cpu = write = 0.0
    appended = 0
    chunks: list[tuple[float, float]] = []  # per chunk: wall and CPU seconds of learning
    lines = done = 0
    while done < args.articles:
        chunk = list(islice(stream, min(_CHUNK, args.articles - done)))
        lines += sum(d["text"].count("\n") + 1 for d in chunk)
        start, cpu = time.perf_counter(), time.process_time()
        prepared = prepare_docs(idx, chunk)
        recs = records_to_learn(prepared)
        idx.learn_many(recs)
        chunks.append((time.perf_counter() - start, time.process_time() - cpu))
        build += chunks[-1][0]
        build_cpu += chunks[-1][1]
        if log is not None:
            start = time.perf_counter()
            log.append_many([rec.to_bytes() for rec in recs])
            appended += len(recs)
            write += time.perf_counter() - start
        del recs
        done += len(chunk)
        del prepared
        _log(f"{done:,} articles learned (this chunk: {chunks[-1][0]:.1f} s, {chunks[-1][1]:.1f} s CPU)")
    chunk = []  # the last chunk's articles are not the index's
    gc.collect()
    growth, peak = rss() - rss_before, peak_rss() - rss_before
    arenas = {k: v - arenas_before.get(k, 0) for k, v in pymalloc_stats().items()}
    traced = tracemalloc.get_traced_memory()[0] if args.tracemalloc else None
    tracemalloc.stop()
    trimmed = _trimmed_rss()
    queries = list(stream)
    took, took_cpu = time_queries(idx, queries)
    stats = idx.stats()
    result = {
        "date": datetime.now(timezone.utc).date().isoformat(),
        "command": "python -m benchmarks.latency_bulk " + " ".join(sys.argv[1:] if argv is None else argv),
        "machine": describe_machine().line(),
        "articles": args.articles,
        "seed": args.seed,
        "outlets": args.outlets,
        "lines": lines,
        "distinct_lines": stats.lines,
        "build_seconds": build,
        "build_cpu_seconds": build_cpu,
        "chunk_seconds": [[round(w, 2), round(c, 2)] for w, c in chunks],
        "rss_growth": growth,
        "peak_growth": peak,
        "rss_growth_trimmed": None if trimmed is None else trimmed - rss_before,
        "pymalloc_growth": arenas,
        "traced_bytes": traced,
        "queries": len(took),
        "latency_ms": _ms(took),
        "latency_cpu_ms": _ms(took_cpu),
    }
    if log is not None:
        result["sqlite_write_seconds"] = write
    w, c = result["latency_ms"], result["latency_cpu_ms"]
    _log(f"in memory: p50 {w['p50']:.2f} ms, p99 {w['p99']:.2f} ms (CPU {c['p50']:.2f} / {c['p99']:.2f})")
    _save(args.json, result)
    if args.clean_every:
        k = args.clean_every
        _log(f"cleaning one in {k} of the {args.articles:,} learned articles ...")
        sample = islice(articles(pool, _spec(args, args.articles)), 0, None, k)
        tally: Counter[str] = Counter()
        took_clean, took_clean_cpu, _ = clean_learned(idx, sample, tally=tally)
        result["clean_all"] = {
            "every": k,
            "sample_seconds": took_clean,
            "clean_seconds": k * took_clean,
            "clean_cpu_seconds": k * took_clean_cpu,
            "lines_per_s": lines / (build + k * took_clean),
            "cpu_lines_per_s": lines / (build_cpu + k * took_clean_cpu),
            "removed_lines": {rule: n for rule, n in sorted(tally.items()) if rule != "copies"},
            "copies": tally["copies"],
        }
        _log(f"sample cleaned in {took_clean:.0f} s")
        _save(args.json, result)
    if log is not None:
        # The in-memory state is the one replaying these records gives (apply_many = learn_many, tested):
        # saved as the file's checkpoint, it is what Index.open loads, as after a user's Index.checkpoint().
        _log("writing the checkpoint ...")
        start = time.perf_counter()
        write_checkpoint(f"{args.sqlite}.checkpoint", idx._state, appended, log)
        checkpoint_seconds = time.perf_counter() - start
        log.close()
        del idx
        gc.collect()
        result["sqlite"] = _sqlite_run(args.sqlite, queries, lines, write, replay=args.replay)
        result["sqlite"]["checkpoint_seconds"] = checkpoint_seconds
    _save(args.json, result)
    if args.out is not None:
        write_section(args.out, render(result), SECTION_RE)
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
            f"learn + clean of all {args.articles:,} articles (cleaning one in {a['every']}, times "
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
            f"opened ({_how_opened(q)}) in {q['open_seconds']:.1f} s"
            + ("" if q.get("replay_seconds") is None else f", by a full replay in {q['replay_seconds']:.0f} s")
        )
    return 0


def _how_opened(q: dict[str, Any]) -> str:
    return "from its checkpoint" if q.get("opened_from") == "checkpoint" else "its log replayed"


def clean_learned(
    idx: dedup.Index, docs: Iterable[dict[str, Any]], digest: bool = False, tally: Counter[str] | None = None
) -> tuple[float, float, str | None]:
    """Clean each article of ``docs`` (all learned already) as ``clean_corpus`` cleans, a chunk
    at a time, dropping the results: wall and CPU seconds, and a digest of every result's
    ``to_dict()`` when asked (to check this against ``clean_corpus``). A ``tally`` counts the
    lines removed per rule, and the copies found (``"copies"``).

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
        prepared = prepare_docs(idx, chunk)
        for p, rec in prepared:
            r = idx.clean_prepared(p, rec, config)
            if h is not None:
                h.update(json.dumps(r.to_dict(), sort_keys=True).encode())
            if tally is not None:
                tally["copies"] += r.duplicate_of is not None
                for removal in r.removals:
                    tally[removal.rule] += r.original.count("\n", removal.start, removal.end) + 1
        seconds += time.perf_counter() - start
        cpu_seconds += time.process_time() - cpu
    return seconds, cpu_seconds, None if h is None else h.hexdigest()


SECTION = "## 10. A million articles (issue 6)"
SECTION_RE = re.compile(r"^## (?:\d+\. )?A million articles \(issue 6\)[^\n]*$", re.MULTILINE)


def render(r: dict[str, Any]) -> str:
    """Section 10 of RESULTS.md from a run's figures."""
    n, lines, distinct = r["articles"], r["lines"], r["distinct_lines"]
    seed, outlets = r.get("seed", 1), r.get("outlets", CorpusSpec(1).outlets)
    out = [
        SECTION,
        "",
        f"Command: `{r['command']}` (date {r['date']}).",
        f"Machine: {r['machine']}. Shared with other engineers' jobs: CPU-time figures are the steadier ones.",
        "",
        f"The benchmark corpus of section 7 (seed {seed}, {outlets} outlets; published times over 4 days; "
        f"the index holds every article), its first {n:,} articles learned in bulk (`prepare` + "
        f"`Index.learn_many`, {_CHUNK:,} articles a chunk, oldest first, the state `Index.add` one at a time "
        f"gives), then `idx.clean(article, learn=False)` timed on each of the {r['queries']:,} articles that "
        "follow, one call at a time, first call included.",
        "",
        "| index | articles held | lines held (distinct) | queries | p50 ms | p90 ms | p99 ms | max ms | mean ms "
        "| CPU p50 ms | CPU p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    rows = [("`Index()` in memory", r)]
    if "sqlite" in r:
        rows.append(("`Index.open(path)` SQLite", r["sqlite"]))
    for name, run in rows:
        w, c = run["latency_ms"], run["latency_cpu_ms"]
        out.append(
            f"| {name} | {n:,} | {lines:,} ({distinct:,}) | {run['queries']:,} | {w['p50']:.2f} | {w['p90']:.2f} "
            f"| {w['p99']:.2f} | {w['max']:.2f} | {w['mean']:.2f} | {c['p50']:.2f} | {c['p99']:.2f} |"
        )
    out += [
        "",
        f"- Build (learning only): {r['build_seconds']:,.0f} s wall, {r['build_cpu_seconds']:,.0f} s CPU: "
        f"{lines / r['build_seconds']:,.0f} lines/s ({lines / r['build_cpu_seconds']:,.0f} by CPU time).",
        f"- Memory: RSS growth over the build {r['rss_growth'] / 2**30:.2f} GiB, **{r['rss_growth'] / lines:.0f} B "
        f"per indexed line** ({r['rss_growth'] / distinct:.0f} B per distinct line); peak growth "
        f"{r['peak_growth'] / 2**30:.2f} GiB ({r['peak_growth'] / lines:.0f} B per line)"
        + (
            ""
            if r.get("rss_growth_trimmed") is None
            else f"; after `malloc_trim(0)` (glibc hands freed memory back) {r['rss_growth_trimmed'] / lines:.0f} B "
            "per line"
        )
        + ".",
    ]
    if r.get("traced_bytes") is not None:
        out.append(
            f"- Live allocations traced over the build (tracemalloc, numpy's arrays included): "
            f"{r['traced_bytes'] / lines:.0f} B per line."
        )
    if r.get("pymalloc_growth"):
        a = r["pymalloc_growth"]
        out.append(
            f"- Of that growth, Python's object allocator (pymalloc, `sys._debugmallocstats`): arenas "
            f"{a['arena_bytes'] / lines:.0f} B per line, holding {a['allocated_blocks'] / lines:.0f} B of live objects "
            f"and {a['available_blocks'] / lines:.0f} B of free blocks (a partly used arena is never handed back); "
            "the rest of the RSS growth is numpy's arrays and the C allocator's."
        )
    if "clean_all" in r:
        a = r["clean_all"]
        sample = "every article" if a["every"] == 1 else f"one article in {a['every']} ({-(-n // a['every']):,})"
        out.append(
            f"- Learn + clean (`clean_corpus`'s work: learn all, then clean all, as `clean_learned` does, tested "
            f"equal to `clean_corpus`): cleaning {sample} took {a['sample_seconds']:,.0f} s"
            + ("" if a["every"] == 1 else f", so all {n:,} about {a['clean_seconds']:,.0f} s")
            + f"; with the build, **{a['lines_per_s']:,.0f} lines/s** ({a['cpu_lines_per_s']:,.0f} by CPU time)."
            " `clean_corpus` itself holds every prepared article and every result (2.8 GiB peak RSS at 100,000 "
            "articles in section 7, ~28 GiB at a million, more than this machine has): at this size the "
            "bounded-memory path is `dedup.iter_clean_corpus` (the same results, the corpus spilled to a "
            "temporary file; `python -m benchmarks.stream_scale` measures it)."
        )
    if "sqlite" in r:
        q = r["sqlite"]
        written = "" if math.isnan(q["write_seconds"]) else f" ({q['write_seconds']:,.0f} s)"
        if q.get("opened_from") == "checkpoint":
            opened = (
                f"`Index.open` loaded the checkpoint the build wrote beside the file (the in-memory state, "
                f"{q['checkpoint_bytes'] / 2**30:.2f} GiB, written in {q['checkpoint_seconds']:,.1f} s, as "
                f"`Index.checkpoint()` writes it) in **{q['open_seconds']:,.1f} s**"
            )
            if q.get("replay_seconds") is not None:
                opened += f"; replaying the whole log instead took {q['replay_seconds']:,.0f} s"
        else:
            opened = (
                "`Index.open` replayed the log (10,000 records a page through `apply_many`) in "
                f"{q['open_seconds']:,.0f} s"
            )
        out.append(
            f"- SQLite: the same records appended in one transaction per chunk{written}; "
            f"file {q['file_bytes'] / 2**30:.2f} GiB, **{q['mib_per_million_lines']:.0f} MiB per million lines**; "
            + opened
            + (f", measured in a later run (`{q['reopened']}`)." if "reopened" in q else ".")
        )
    return "\n".join(out) + "\n"


_MALLOC_STATS = {
    "arena_bytes": re.compile(r"^\d+ arenas \* \d+ bytes/arena\s+=\s+([\d,]+)", re.MULTILINE),
    "allocated_blocks": re.compile(r"^# bytes in allocated blocks\s+=\s+([\d,]+)", re.MULTILINE),
    "available_blocks": re.compile(r"^# bytes in available blocks\s+=\s+([\d,]+)", re.MULTILINE),
}


def pymalloc_stats() -> dict[str, int]:
    """Bytes in pymalloc's arenas, in their live blocks and in their free blocks ({} when the
    interpreter does not print them)."""
    import os
    import tempfile

    with tempfile.TemporaryFile() as tmp:
        sys.stderr.flush()
        saved = os.dup(2)
        try:
            os.dup2(tmp.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode("utf-8", "replace")
    found = {k: pattern.search(text) for k, pattern in _MALLOC_STATS.items()}
    return {k: int(m.group(1).replace(",", "")) for k, m in found.items() if m is not None}


def _trimmed_rss() -> int | None:
    """RSS after asking glibc to return the memory it keeps from freed blocks (None elsewhere):
    what the live objects take, without the allocator's leftovers from the build."""
    import ctypes
    import ctypes.util

    name = ctypes.util.find_library("c")
    if name is None:
        return None
    try:
        ctypes.CDLL(name).malloc_trim(0)
    except (OSError, AttributeError):
        return None
    return rss()


def _save(path: Path | None, result: dict[str, Any]) -> None:
    """Write what is measured so far (a long run stopped early keeps its figures)."""
    if path is not None:
        path.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")


def _log(message: str) -> None:
    print(f"[latency_bulk {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _spec(args: argparse.Namespace, n: int) -> CorpusSpec:
    return CorpusSpec(articles=n, outlets=args.outlets, seed=args.seed)


def _reopen(args: argparse.Namespace) -> int:
    """Time an existing SQLite index (see ``--reopen``) and add the figures to its run's JSON."""
    result = json.loads(args.json.read_text(encoding="utf-8"))
    if result.get("articles") != args.articles:
        raise SystemExit(f"{args.json} is a run of {result.get('articles')} articles, not {args.articles}")
    _log(f"generating the {args.queries:,} queries that follow the first {args.articles:,} articles ...")
    stream = articles(sentence_pool(args.data), _spec(args, args.articles + args.queries))
    queries = list(islice(stream, args.articles, None))
    write = result.get("sqlite_write_seconds", float("nan"))
    sqlite = _sqlite_run(args.sqlite, queries, result["lines"], write, replay=args.replay)
    sqlite["reopened"] = "python -m benchmarks.latency_bulk " + " ".join(sys.argv[1:])
    result["sqlite"] = sqlite
    _save(args.json, result)
    w = sqlite["latency_ms"]
    _log(f"SQLite: opened in {sqlite['open_seconds']:.0f} s; p50 {w['p50']:.2f} ms, p99 {w['p99']:.2f} ms")
    return 0


def _sqlite_run(path: Path, queries: list[dict[str, Any]], lines: int, write: float, replay: bool) -> dict[str, Any]:
    """Open the SQLite index at ``path`` (from its checkpoint when it has one, else replaying its
    log), time the queries against it and, with ``replay``, time a full replay of its log too."""
    size = sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())
    checkpoint = Path(f"{path}.checkpoint")
    had_checkpoint = checkpoint.exists()
    _log(f"opening {path} ({'from its checkpoint' if had_checkpoint else 'replaying its log'}) ...")
    start = time.perf_counter()
    idx = dedup.Index.open(path, checkpoint_every=0)
    opened = time.perf_counter() - start
    _log(f"opened in {opened:.1f} s; timing the queries ...")
    took, took_cpu = time_queries(idx, queries)
    idx.close()
    out = {
        "file_bytes": size,
        "mib_per_million_lines": size / 2**20 / (lines / 1e6),
        "write_seconds": write,
        "open_seconds": opened,
        "opened_from": "checkpoint" if had_checkpoint else "replay",
        "checkpoint_bytes": checkpoint.stat().st_size if had_checkpoint else None,
        "queries": len(took),
        "latency_ms": _ms(took),
        "latency_cpu_ms": _ms(took_cpu),
    }
    if replay and had_checkpoint:
        _log(f"opening {path} again, replaying its whole log ...")
        del idx
        gc.collect()
        with tempfile.TemporaryDirectory() as elsewhere:
            start = time.perf_counter()
            idx = dedup.Index.open(path, checkpoint_path=Path(elsewhere) / "none", checkpoint_every=0)
            out["replay_seconds"] = time.perf_counter() - start
            idx.close()
        _log(f"replayed in {out['replay_seconds']:.0f} s")
    return out


if __name__ == "__main__":
    raise SystemExit(main())
