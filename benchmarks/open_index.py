"""Opening a persistent index: full replay of its log against loading a checkpoint.

    python -m benchmarks.open_index --data ../shared/data --articles 100000 [--tail 0.01] [--out benchmarks/RESULTS.md]

Builds a SQLite index of the first ``--articles`` articles of the benchmark corpus (seed 1, as
``benchmarks.latency_bulk`` builds its index: ``dedup.prepare.prepare`` + ``Index.learn_many`` in
chunks of 50,000, oldest first), then times, in one process, one after the other:

1. ``Index.open(path)`` with no checkpoint: the whole log replayed;
2. ``Index.checkpoint()``: the state written beside the file (seconds, bytes, bytes per line);
3. ``Index.open(path)`` from that checkpoint (nothing to replay), three times (the median is
   reported), and the checkpoint's reading alone (``read_checkpoint``);
4. the replayed index, still open, appends the next ``--tail`` share of articles (1%) as another
   writer would, then ``Index.open(path)`` from the checkpoint plus that tail.

Each opened index is checked against the replayed one (articles, distinct lines, outlets,
syndication clusters, and every result of cleaning 200 further articles with ``learn=False``),
so the figures are of equal states.
Prints a summary; ``--out`` rewrites section 12 of RESULTS.md (runs at several sizes are kept in
``--json``, one entry per size, and the section shows them all).
"""

from __future__ import annotations

import argparse
import gc
import json
import re
import statistics
import sys
import tempfile
import time
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Any

import xxhash

import dedup
from dedup.index.checkpoint import read_checkpoint
from dedup.index.storage import SQLiteLog as _SQLiteLog

from .corpus import CorpusSpec, articles, sentence_pool
from .machine import describe_machine
from .measure import prepare_docs, records_to_learn
from .report import write_section

SECTION_RE = re.compile(r"^## (?:\d+\. )?Opening a persistent index: checkpoints[^\n]*$", re.MULTILINE)

_CHUNK = 50_000
_PROBES = 200
_REPEAT = 3


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.open_index", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder (helsinki corpora)")
    parser.add_argument("--articles", type=int, default=20_000, help="articles in the index (default: 20,000)")
    parser.add_argument("--tail", type=float, default=0.01, help="share appended after the checkpoint (default 0.01)")
    parser.add_argument("--dir", type=Path, default=None, help="folder for the index file (default: a temporary one)")
    parser.add_argument("--json", type=Path, default=None, help="keep every size's figures in this JSON file")
    parser.add_argument("--out", type=Path, default=None, help="rewrite section 12 of this RESULTS.md")
    args = parser.parse_args(argv)
    command = "python -m benchmarks.open_index " + " ".join(sys.argv[1:] if argv is None else argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        result = run(args.data, args.articles, args.tail, Path(folder) / "bench.dedup")
    result["command"] = command
    runs: dict[str, Any] = {}
    if args.json is not None and args.json.exists():
        runs = json.loads(args.json.read_text(encoding="utf-8"))
    runs[str(args.articles)] = result
    if args.json is not None:
        args.json.write_text(json.dumps(runs, indent=1) + "\n", encoding="utf-8")
    if args.out is not None:
        write_section(args.out, render(list(runs.values())), SECTION_RE)
    print(render_row(result))
    return 0


def run(data: Path, n: int, tail_share: float, path: Path) -> dict[str, Any]:
    """Build the index at ``path`` and time its openings; returns the figures."""
    machine = describe_machine().line()
    tail_n = max(1, round(n * tail_share))
    stream = articles(sentence_pool(data), CorpusSpec(articles=n + tail_n + _PROBES))
    lines = 0
    start = time.perf_counter()
    with dedup.Index.open(path, checkpoint_every=0) as idx:
        done = 0
        while done < n:
            chunk = list(islice(stream, min(_CHUNK, n - done)))
            lines += sum(d["text"].count("\n") + 1 for d in chunk)
            _learn(idx, chunk)
            done += len(chunk)
            _log(f"{done:,} articles learned")
    build = time.perf_counter() - start
    log_bytes = sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())
    tail = list(islice(stream, tail_n))
    probes = list(stream)
    gc.collect()

    _log("opening by full replay ...")
    replay, replay_s = _timed_open(path)
    want = _fingerprint(replay, probes)
    _log(f"  {replay_s:.1f} s; writing a checkpoint ...")
    start, cpu = time.perf_counter(), time.process_time()
    info = replay.checkpoint()
    write_s, write_cpu = time.perf_counter() - start, time.process_time() - cpu
    _log(f"  {write_s:.1f} s, {info.size:,} bytes; checksum pass over it ...")
    checksum_s = _checksum_seconds(Path(info.path))

    _log("opening from the checkpoint ...")
    loads = []
    for _ in range(_REPEAT):  # a shared machine: the median of a few openings
        loaded, took = _timed_open(path)
        loads.append(took)
        loaded.close()
        del loaded
        gc.collect()
    load_s = statistics.median(loads)
    log = _SQLiteLog(str(path))
    start = time.perf_counter()
    read_checkpoint(info.path, log, dedup.Config())
    read_s = time.perf_counter() - start
    log.close()
    loaded, _ = _timed_open(path)
    same = _fingerprint(loaded, probes) == want
    loaded.close()
    del loaded
    gc.collect()

    # The replayed index, still open, is the second writer: it appends the tail after the checkpoint.
    _log(f"  {load_s:.1f} s; another writer appends {tail_n:,} articles ...")
    _learn(replay, tail)
    want_tail = _fingerprint(replay, probes)
    tail_lines = sum(d["text"].count("\n") + 1 for d in tail)
    resumed, tail_s = _timed_open(path)
    same_tail = _fingerprint(resumed, probes) == want_tail
    resumed.close()
    replay.close()
    _log(f"  {tail_s:.1f} s; same results: {same} and {same_tail}")
    return {
        "date": datetime.now(timezone.utc).date().isoformat(),
        "machine": machine,
        "articles": n,
        "lines": lines,
        "build_seconds": build,
        "replay_seconds": replay_s,
        "checkpoint_seconds": write_s,
        "checkpoint_cpu_seconds": write_cpu,
        "checkpoint_bytes": info.size,
        "log_bytes": log_bytes,
        "checksum_seconds": checksum_s,
        "load_seconds": load_s,
        "load_runs": loads,
        "read_checkpoint_seconds": read_s,
        "tail_articles": tail_n,
        "tail_lines": tail_lines,
        "load_tail_seconds": tail_s,
        "probes": len(probes),
        "same_as_replay": same,
        "same_as_writer_after_tail": same_tail,
    }


def _learn(idx: dedup.Index, docs: list[dict[str, str]]) -> None:
    idx.learn_many(records_to_learn(prepare_docs(idx, docs)))


def _timed_open(path: Path) -> tuple[dedup.Index, float]:
    start = time.perf_counter()
    idx = dedup.Index.open(path, checkpoint_every=0)
    return idx, time.perf_counter() - start


def _fingerprint(idx: dedup.Index, probes: list[dict[str, str]]) -> tuple[Any, ...]:
    """What must be equal between two openings: sizes, clusters, and probe results."""
    stats = idx.stats()
    results = [
        idx.clean(d["text"], doc_id="probe/" + d["id"], source=d["source"], published=d["published"], learn=False)
        for d in probes
    ]
    return stats.documents, stats.lines, stats.outlets, len(idx.clusters()), results


def _checksum_seconds(path: Path) -> float:
    """Time of one xxh3-128 pass over the file: the check done before unpickling."""
    start = time.perf_counter()
    h = xxhash.xxh3_128()
    with path.open("rb") as f:
        while chunk := f.read(1 << 24):
            h.update(chunk)
    return time.perf_counter() - start


def render_row(r: dict[str, Any]) -> str:
    return (
        f"| {r['articles']:,} | {r['lines']:,} | {r['replay_seconds']:.1f} | {r['checkpoint_seconds']:.1f} "
        f"| {r['checkpoint_bytes'] / 2**20:,.0f} MiB ({r['checkpoint_bytes'] / r['lines']:.0f} B/line) "
        f"| {r['load_seconds']:.2f} ({r['replay_seconds'] / r['load_seconds']:.0f}x) "
        f"| {r['tail_articles']:,} | {r['load_tail_seconds']:.2f} "
        f"| {'yes' if r['same_as_replay'] and r['same_as_writer_after_tail'] else '**NO**'} |"
    )


def render(runs: list[dict[str, Any]]) -> str:
    runs = sorted(runs, key=lambda r: r["articles"])
    out = [
        "## 12. Opening a persistent index: checkpoints",
        "",
        *(f"Command: `{r['command']}` (date {r['date']}).  " for r in runs),
        *(f"Machine ({r['articles']:,} articles): {r['machine']}.  " for r in runs),
        "",
        "A SQLite index of the first N articles of the benchmark corpus (section 7's, seed 1), built in bulk "
        "(`prepare` + `learn_many`, 50,000 articles a chunk). Then, one after the other in one process: "
        "`Index.open(path)` with no checkpoint (the whole log replayed, 10,000 records a page); "
        "`Index.checkpoint()` (the state pickled beside the file, checksummed, fsynced); `Index.open(path)` from "
        "that checkpoint; and, after the replayed index (still open: another writer) appended the next 1% of "
        "articles, `Index.open(path)` from the checkpoint plus that tail. Every opened index is checked against "
        "the replayed one (after the tail, against that writer): articles, distinct lines, outlets, syndication "
        "clusters and every `CleanResult` of cleaning 200 further articles with `learn=False`.",
        "",
        "| articles | lines | open by replay s | checkpoint write s | checkpoint size | open from checkpoint s "
        "(vs replay) | tail articles | open from checkpoint + tail s | same results |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
        *(render_row(r) for r in runs),
        "",
    ]
    for r in runs:
        out.append(
            f"- {r['articles']:,} articles: build {r['build_seconds']:.0f} s; SQLite file "
            f"{r['log_bytes'] / 2**20:,.0f} MiB (the checkpoint: {r['checkpoint_bytes'] / r['log_bytes']:.0%} of it); "
            "checkpoint write "
            f"{r['checkpoint_cpu_seconds']:.1f} s CPU; opening from the checkpoint "
            f"{', '.join(f'{x:.2f}' for x in r['load_runs'])} s (median in the table), of which reading the "
            f"checkpoint (checksum pass, unpickling, checks) {r['read_checkpoint_seconds']:.2f} s and one xxh3-128 "
            f"pass over the file {r['checksum_seconds']:.2f} s; "
            f"tail {r['tail_lines']:,} lines."
        )
    return "\n".join(out) + "\n"


def _log(message: str) -> None:
    print(f"[open_index {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    raise SystemExit(main())
