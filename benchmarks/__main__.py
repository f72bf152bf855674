"""``python -m benchmarks``: measure dedup's throughput, memory, latency and scaling (issue 6).

    python -m benchmarks --data /work/shared/data              # quick: a few minutes
    python -m benchmarks --full --data /work/shared/data       # 10k / 100k articles, then a million in bulk: hours
    python -m benchmarks --quick --data D --latency-articles 20000 --profile

Each measurement runs in a fresh process, so memory figures and timings do not inherit another
measurement's heap. The performance section of ``--out`` (benchmarks/RESULTS.md) is rewritten;
every other section is kept. ``--json`` also writes every figure, for comparing two runs.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, replace
from datetime import datetime, timezone
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

from . import latency_bulk
from .corpus import CorpusSpec, sentence_pool
from .machine import describe_machine
from .measure import (
    Throughput,
    measure_datasketch,
    measure_index,
    measure_profile,
    measure_throughput,
    measure_tracemalloc,
    with_articles,
)
from .report import Report, render, report_from_dict, write_section

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Preset:
    sizes: tuple[int, ...]
    datasketch_lines: int
    latency_articles: int
    sqlite_articles: int
    tracemalloc_articles: int
    queries: int
    workers_articles: int
    profile_articles: int
    bulk_articles: int  # 0: no bulk step


PRESETS = {
    # For the test suite: seconds, figures meaningless.
    "tiny": Preset((200,), 200, 200, 100, 200, 20, 200, 100, 300),
    # A few minutes with the code of 2026-11-25.
    "quick": Preset((1_000, 5_000), 5_000, 5_000, 2_000, 2_000, 300, 5_000, 2_000, 0),
    # What issue 6 asks for: the million-article points come from the bulk step (section 10), as
    # `clean_corpus` would hold ~28 GiB and `Index.add` one article at a time takes many hours there.
    "full": Preset((10_000, 100_000), 20_000, 100_000, 20_000, 20_000, 1_000, 100_000, 10_000, 1_000_000),
}


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks", description=(__doc__ or "").splitlines()[0], allow_abbrev=False
    )
    mode = parser.add_mutually_exclusive_group()
    for name in PRESETS:
        mode.add_argument(f"--{name}", dest="preset", action="store_const", const=name, help=f"the {name} preset")
    parser.set_defaults(preset="quick")
    parser.add_argument("--data", type=Path, help="the shared data folder (holds helsinki/); required to measure")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/RESULTS.md"), help="markdown file to update")
    parser.add_argument("--json", type=Path, default=None, help="also write every figure to this JSON file")
    parser.add_argument("--sizes", type=_sizes, help="corpus sizes in articles for throughput, e.g. 10000,100000")
    parser.add_argument("--datasketch-lines", type=_positive, help="lines in the side-by-side datasketch sample")
    parser.add_argument("--latency-articles", type=_positive, help="articles in the in-memory index for latency")
    parser.add_argument("--sqlite-articles", type=_positive, help="articles in the SQLite index")
    parser.add_argument("--tracemalloc-articles", type=_positive, help="articles built under tracemalloc")
    parser.add_argument("--queries", type=_positive, help="clean(learn=False) calls timed per index")
    parser.add_argument("--workers-articles", type=_positive, help="corpus size of the 2-process run")
    parser.add_argument("--workers", type=_positive, default=2, help="worker processes (default 2)")
    parser.add_argument(
        "--bulk-articles",
        type=_positive_or_zero,
        help="articles of the bulk step (0: none): learned in bulk, all cleaned, timed in memory and with SQLite "
        "(python -m benchmarks.latency_bulk: section 10 of --out, and a row of the scaling table)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile clean_corpus and record the top functions")
    parser.add_argument("--profile-articles", type=_positive, help="articles in the profiled run")
    parser.add_argument("--outlets", type=_positive, default=CorpusSpec(1).outlets, help="outlets in the corpus")
    parser.add_argument("--seed", type=int, default=1, help="seed of the corpus generator")
    parser.add_argument(
        "--from-json", type=Path, default=None, help="measure nothing: re-render a past run's --json into --out"
    )
    args = parser.parse_args(argv)
    preset = PRESETS[args.preset]
    for field in Preset.__dataclass_fields__:
        if getattr(args, field, None) is None:
            setattr(args, field, getattr(preset, field))
    return args


def _positive(text: str) -> int:
    value = int(text.replace("_", ""))
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a positive number, got {text}")
    return value


def _positive_or_zero(text: str) -> int:
    return 0 if text.strip() == "0" else _positive(text)


def _sizes(text: str) -> tuple[int, ...]:
    return tuple(sorted({_positive(part) for part in text.split(",") if part.strip()}))


def run(args: argparse.Namespace, argv: Sequence[str]) -> Report:
    started = time.perf_counter()
    machine = describe_machine()
    data: Path = args.data
    pool_size = len(sentence_pool(data))  # fails early, with a message, on a wrong --data
    spec = CorpusSpec(articles=max(args.sizes), outlets=args.outlets, seed=args.seed)

    ds = _child(measure_datasketch, data, spec, args.datasketch_lines, what="datasketch sample")
    scaling = tuple(
        _child(measure_throughput, data, with_articles(spec, n), what=f"clean_corpus, {n:,} articles")
        for n in args.sizes
    )
    parallel, wall = _parallel(data, with_articles(spec, args.workers_articles), args.workers)
    memory = _child(
        measure_index,
        data,
        with_articles(spec, args.latency_articles + args.queries),
        args.latency_articles,
        "memory",
        what=f"in-memory index, {args.latency_articles:,} articles",
    )
    sqlite = _child(
        measure_index,
        data,
        with_articles(spec, args.sqlite_articles + args.queries),
        args.sqlite_articles,
        "sqlite",
        what=f"SQLite index, {args.sqlite_articles:,} articles",
    )
    traced = _child(measure_tracemalloc, data, with_articles(spec, args.tracemalloc_articles), what="tracemalloc build")
    profile = None
    if args.profile:
        profile = _child(measure_profile, data, with_articles(spec, args.profile_articles), what="profile")
    bulk = _bulk(args) if args.bulk_articles else None
    return Report(
        command="python -m benchmarks " + shlex.join(argv),
        date=datetime.now(timezone.utc).date().isoformat(),
        machine=machine,
        spec=replace(spec, articles=max(args.sizes)),
        pool_sentences=pool_size,
        datasketch=ds,
        scaling=scaling,
        parallel=parallel,
        parallel_wall_seconds=wall,
        memory=memory,
        sqlite=sqlite,
        tracemalloc=traced,
        profile=profile,
        bulk=bulk,
        elapsed_seconds=time.perf_counter() - started,
        load_end=" ".join(f"{x:.1f}" for x in os.getloadavg()),
    )


def _bulk(args: argparse.Namespace) -> dict[str, Any]:
    """The bulk step: ``python -m benchmarks.latency_bulk`` in a fresh process, every learned article
    cleaned (``--clean-every 1``), with a SQLite index in a temporary folder (``TMPDIR``; ~4.5 GB at a
    million articles); it rewrites section 10 of ``--out``. Returns its figures."""
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        figures = Path(tmp) / "bulk.json"
        argv = [
            *("--data", str(args.data), "--articles", str(args.bulk_articles), "--queries", str(args.queries)),
            *("--outlets", str(args.outlets), "--seed", str(args.seed), "--clean-every", "1"),
            *("--sqlite", str(Path(tmp) / "bulk.dedup"), "--json", str(figures), "--out", str(args.out)),
        ]
        code = _child(latency_bulk.main, argv, what=f"bulk step, {args.bulk_articles:,} articles")
        if code != 0:
            raise RuntimeError(f"python -m benchmarks.latency_bulk {shlex.join(argv)} exited with {code}")
        figures_of_run: dict[str, Any] = json.loads(figures.read_text(encoding="utf-8"))
        return figures_of_run


def _child(fn: Callable[..., T], *args: object, what: str) -> T:
    """``fn(*args)`` in a fresh (spawned) process."""
    _log(f"{what} ...")
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as ex:
        result = ex.submit(fn, *args).result()
    _log(f"{what}: {time.perf_counter() - start:.1f} s")
    return result


def _parallel(data: Path, spec: CorpusSpec, workers: int) -> tuple[tuple[Throughput, ...], float]:
    """``workers`` processes, each cleaning its outlets' share of ``spec``, started together."""
    ctx = get_context("spawn")
    _log(f"{workers} workers, {spec.articles:,} articles ...")
    start = time.perf_counter()
    with ctx.Manager() as manager, ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as ex:
        barrier = manager.Barrier(workers)
        futures = [ex.submit(measure_throughput, data, spec, k, workers, barrier) for k in range(workers)]
        results = tuple(f.result() for f in futures)
    wall = time.perf_counter() - start
    _log(f"{workers} workers: {wall:.1f} s")
    return results, wall


def _log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.from_json is not None:
        report = report_from_dict(json.loads(args.from_json.read_text(encoding="utf-8")))
        args.json = None
    elif args.data is None:
        print("python -m benchmarks: pass --data (the shared data folder) or --from-json", file=sys.stderr)
        return 2
    else:
        try:
            report = run(args, argv)
        except FileNotFoundError as err:
            print(f"python -m benchmarks: {err}", file=sys.stderr)
            return 2
    section = render(report)
    write_section(args.out, section)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(asdict(report), indent=1, default=str) + "\n", encoding="utf-8")
    sys.stdout.write(section)
    _log(f"wrote the performance section of {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
