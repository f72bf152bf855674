"""The measurements, each meant to run in a fresh process (see ``benchmarks.__main__``).

Every function takes the data folder and a :class:`CorpusSpec`, builds its articles with
:func:`benchmarks.corpus.articles` and uses only dedup's public API (``clean_corpus``,
``Index()``, ``Index.open``, ``add``, ``clean(..., learn=False)``, ``stats``), so the same
harness measures any version of the library. Time spent generating articles is never counted:
the corpus is an iterator, and :class:`Timed` measures the time spent inside it so that it can be
subtracted.
"""

from __future__ import annotations

import cProfile
import gc
import os
import pstats
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

import dedup
from dedup.index.records import DocRecord, learning_order
from dedup.prepare import Prepared, prepare

from .corpus import CorpusSpec, articles, sentence_pool
from .machine import peak_rss, rss

__all__ = [
    "DatasketchRun",
    "IndexRun",
    "ProfileRow",
    "ProfileRun",
    "Throughput",
    "Timed",
    "TracemallocRun",
    "datasketch_pipeline",
    "measure_datasketch",
    "measure_index",
    "measure_profile",
    "measure_throughput",
    "measure_tracemalloc",
    "with_articles",
]


class _Barrier(Protocol):
    def wait(self) -> Any: ...


class Timed:
    """Wraps an article iterator; counts articles, lines and UTF-8 bytes, and the time spent in it."""

    def __init__(self, docs: Iterator[dict[str, str]]) -> None:
        self._docs = docs
        self.seconds = 0.0
        self.cpu_seconds = 0.0
        self.articles = 0
        self.lines = 0
        self.bytes = 0

    def __iter__(self) -> Timed:
        return self

    def __next__(self) -> dict[str, str]:
        start, cpu = time.perf_counter(), time.process_time()
        try:
            doc = next(self._docs)
            self.articles += 1
            self.lines += doc["text"].count("\n") + 1
            self.bytes += len(doc["text"].encode("utf-8"))
            return doc
        finally:
            self.seconds += time.perf_counter() - start
            self.cpu_seconds += time.process_time() - cpu


# ---- throughput ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Throughput:
    """One ``clean_corpus`` run (learn + clean) over a whole generated corpus."""

    articles: int
    lines: int
    bytes: int
    seconds: float  # wall time inside clean_corpus, article generation excluded
    cpu_seconds: float  # CPU time of the process over the same span (less sensitive to other jobs)
    generate_seconds: float
    peak_rss: int  # of the whole process, at the end of the run
    removed: tuple[tuple[str, int], ...]  # lines removed, per rule
    copies: int  # articles found to be syndicated copies (duplicate_of set)

    @property
    def lines_per_s(self) -> float:
        return self.lines / self.seconds

    @property
    def cpu_lines_per_s(self) -> float:
        return self.lines / self.cpu_seconds

    @property
    def mb_per_s(self) -> float:
        return self.bytes / 1e6 / self.seconds

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds


def measure_throughput(
    data: Path, spec: CorpusSpec, part: int = 0, parts: int = 1, barrier: _Barrier | None = None
) -> Throughput:
    """``dedup.clean_corpus`` over the articles of ``spec`` (its ``part`` of ``parts`` outlets).

    With a ``barrier``, waits on it once the sentence pool is loaded, so that workers start
    cleaning together.
    """
    pool = sentence_pool(data)
    docs = Timed(articles(pool, spec, part, parts))
    if barrier is not None:
        barrier.wait()
    start, cpu = time.perf_counter(), time.process_time()
    results = dedup.clean_corpus(docs)
    seconds = time.perf_counter() - start - docs.seconds
    cpu_seconds = time.process_time() - cpu - docs.cpu_seconds
    removed = _removed_lines(results)
    copies = sum(result.duplicate_of is not None for result in results)
    return Throughput(
        articles=docs.articles,
        lines=docs.lines,
        bytes=docs.bytes,
        seconds=seconds,
        cpu_seconds=cpu_seconds,
        generate_seconds=docs.seconds,
        peak_rss=peak_rss(),
        removed=tuple(sorted(removed.items())),
        copies=copies,
    )


def _removed_lines(results: list[dedup.CleanResult]) -> Counter[str]:
    """Lines removed per rule (a removal spans one or more whole lines)."""
    counts: Counter[str] = Counter()
    for result in results:
        for r in result.removals:
            counts[r.rule] += result.original.count("\n", r.start, r.end) + 1
    return counts


# ---- datasketch baseline -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatasketchRun:
    """The plain datasketch pipeline and clean_corpus on the same sample of whole articles,
    alternated over a few rounds in one process; medians of the rounds are reported."""

    articles: int
    lines: int
    bytes: int
    datasketch_seconds: tuple[float, ...]  # wall time per round
    dedup_seconds: tuple[float, ...]
    datasketch_cpu_seconds: tuple[float, ...]  # CPU time per round
    dedup_cpu_seconds: tuple[float, ...]
    candidates: int  # lines for which MinHashLSH returned at least one earlier line

    @property
    def datasketch_lines_per_s(self) -> float:
        return self.lines / _median(self.datasketch_seconds)

    @property
    def dedup_lines_per_s(self) -> float:
        return self.lines / _median(self.dedup_seconds)

    @property
    def ratio(self) -> float:
        """Median dedup speed over median datasketch speed, by wall time."""
        return _median(self.datasketch_seconds) / _median(self.dedup_seconds)

    @property
    def cpu_ratio(self) -> float:
        """The same by CPU time."""
        return _median(self.datasketch_cpu_seconds) / _median(self.dedup_cpu_seconds)


def _median(xs: tuple[float, ...]) -> float:
    return float(np.median(xs))


def datasketch_pipeline(lines: list[str]) -> int:
    """What a user would write with datasketch: per line ``MinHash(num_perm=128)`` updated per
    3-word shingle, then ``MinHashLSH(threshold=0.8)`` query and insert.

    Returns the number of lines that had a candidate (so the work cannot be optimised away).

    >>> datasketch_pipeline(["the cat sat on the mat today", "the cat sat on the mat today", "a dog"])
    1
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    found = 0
    for n, line in enumerate(lines):
        words = line.split()
        m = MinHash(num_perm=128)
        for k in range(max(1, len(words) - 2)):
            m.update(" ".join(words[k : k + 3]).encode("utf-8"))
        if lsh.query(m):
            found += 1
        lsh.insert(str(n), m)
    return found


def measure_datasketch(data: Path, spec: CorpusSpec, sample_lines: int, rounds: int = 3) -> DatasketchRun:
    """The first whole articles of ``spec`` holding ``sample_lines`` lines or more, through the
    datasketch pipeline (line by line) and through ``clean_corpus`` (a new index each time),
    alternately, ``rounds`` times each."""
    pool = sentence_pool(data)
    sample: list[dict[str, str]] = []
    n_lines = 0
    for doc in articles(pool, spec):
        if n_lines >= sample_lines:
            break
        sample.append(doc)
        n_lines += doc["text"].count("\n") + 1
    lines = [line for doc in sample for line in doc["text"].split("\n")]
    ds: list[tuple[float, float]] = []
    dd: list[tuple[float, float]] = []
    candidates = 0
    for _ in range(rounds):
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        candidates = datasketch_pipeline(lines)
        ds.append((time.perf_counter() - start, time.process_time() - cpu))
        gc.collect()
        start, cpu = time.perf_counter(), time.process_time()
        dedup.clean_corpus(sample)
        dd.append((time.perf_counter() - start, time.process_time() - cpu))
    return DatasketchRun(
        articles=len(sample),
        lines=len(lines),
        bytes=sum(len(doc["text"].encode("utf-8")) for doc in sample),
        datasketch_seconds=tuple(w for w, _ in ds),
        dedup_seconds=tuple(w for w, _ in dd),
        datasketch_cpu_seconds=tuple(c for _, c in ds),
        dedup_cpu_seconds=tuple(c for _, c in dd),
        candidates=candidates,
    )


# ---- index: memory, latency, SQLite --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexRun:
    """An index built with ``add`` one article at a time, then ``clean(..., learn=False)`` timed per query."""

    backend: str  # "memory" or "sqlite"
    articles: int
    lines: int
    distinct_lines: int  # idx.stats().lines
    build_seconds: float  # inside add(), generation excluded
    rss_growth: int  # RSS after the build minus before (bytes)
    peak_growth: int  # peak RSS during the build minus RSS before
    file_bytes: int  # SQLite: the file with its -wal and -shm; memory: 0
    open_seconds: float  # SQLite: Index.open on the finished file (replays the log); memory: 0
    queries: int
    latency_ms: tuple[float, float, float, float, float]  # wall clock: p50, p90, p99, max, mean
    latency_cpu_ms: tuple[float, float, float, float, float]  # the same in CPU time of the thread

    @property
    def learn_lines_per_s(self) -> float:
        return self.lines / self.build_seconds


def measure_index(data: Path, spec: CorpusSpec, n_index: int, backend: str) -> IndexRun:
    """Build an index of the first ``n_index`` articles of ``spec`` (``backend``: "memory" or
    "sqlite"), then time ``clean(..., learn=False)`` on each of the remaining articles."""
    if backend not in ("memory", "sqlite"):
        raise ValueError(f"backend must be 'memory' or 'sqlite', got {backend!r}")
    pool = sentence_pool(data)
    with tempfile.TemporaryDirectory(prefix="dedup-bench-") as tmp:
        path = os.path.join(tmp, "bench.dedup")
        gc.collect()
        rss_before = rss()
        idx = dedup.Index() if backend == "memory" else dedup.Index.open(path)
        stream = articles(pool, spec)
        build = 0.0
        lines = 0
        for _ in range(n_index):
            doc = next(stream)
            lines += doc["text"].count("\n") + 1
            start = time.perf_counter()
            idx.add(doc["text"], doc_id=doc["id"], source=doc["source"], published=doc["published"])
            build += time.perf_counter() - start
        gc.collect()
        rss_growth = rss() - rss_before
        peak_growth = peak_rss() - rss_before
        distinct = idx.stats().lines
        file_bytes = 0
        open_seconds = 0.0
        if backend == "sqlite":
            idx.close()
            file_bytes = sum(os.path.getsize(p) for p in (path, path + "-wal", path + "-shm") if os.path.exists(p))
            start = time.perf_counter()
            idx = dedup.Index.open(path)
            open_seconds = time.perf_counter() - start
        queries = list(stream)
        took, took_cpu = time_queries(idx, queries)
        idx.close()
    return IndexRun(
        backend=backend,
        articles=n_index,
        lines=lines,
        distinct_lines=distinct,
        build_seconds=build,
        rss_growth=rss_growth,
        peak_growth=peak_growth,
        file_bytes=file_bytes,
        open_seconds=open_seconds,
        queries=len(took),
        latency_ms=_summary_ms(took),
        latency_cpu_ms=_summary_ms(took_cpu),
    )


def prepare_docs(idx: dedup.Index, docs: Iterable[Mapping[str, Any]]) -> list[tuple[Prepared, DocRecord]]:
    """Benchmark corpus articles (dicts of text, id, source, published) prepared
    (:func:`dedup.prepare.prepare`), with their records against ``idx`` as it is now."""
    prepared = prepare(((d["text"], d["id"], d["source"], d["published"]) for d in docs), idx.config, "bench")
    return list(zip(prepared, idx.records(prepared), strict=True))


def records_to_learn(prepared: Iterable[tuple[Prepared, DocRecord]]) -> list[DocRecord]:
    """The records of prepared articles in learning order (oldest first), as ``clean_corpus`` learns them."""
    return sorted((rec for _, rec in prepared), key=learning_order)


def time_queries(idx: dedup.Index, queries: Sequence[Mapping[str, Any]]) -> tuple[list[float], list[float]]:
    """Wall-clock and thread CPU seconds of ``idx.clean(..., learn=False)``, one article a call."""
    took: list[float] = []
    took_cpu: list[float] = []
    for doc in queries:
        start, cpu = time.perf_counter(), time.thread_time()
        idx.clean(doc["text"], doc_id=doc["id"], source=doc["source"], published=doc["published"], learn=False)
        took.append(time.perf_counter() - start)
        took_cpu.append(time.thread_time() - cpu)
    return took, took_cpu


def _summary_ms(seconds: list[float]) -> tuple[float, float, float, float, float]:
    """p50, p90, p99, max and mean, in milliseconds."""
    ms = np.array(seconds or [0.0]) * 1000
    p50, p90, p99 = (float(x) for x in np.percentile(ms, [50, 90, 99]))
    return p50, p90, p99, float(ms.max()), float(ms.mean())


@dataclass(frozen=True, slots=True)
class TracemallocRun:
    """Python allocations (numpy's included) held by an in-memory index, and the peak while building it."""

    articles: int
    lines: int
    distinct_lines: int
    current: int
    peak: int


def measure_tracemalloc(data: Path, spec: CorpusSpec) -> TracemallocRun:
    """``Index()`` fed every article of ``spec`` with ``add``, under tracemalloc (which slows
    Python down several times, so no time is reported)."""
    pool = sentence_pool(data)
    docs = list(articles(pool, spec)) if spec.articles <= 50_000 else None
    gc.collect()
    tracemalloc.start()
    try:
        idx = dedup.Index()
        lines = 0
        for doc in docs if docs is not None else articles(pool, spec):
            lines += doc["text"].count("\n") + 1
            idx.add(doc["text"], doc_id=doc["id"], source=doc["source"], published=doc["published"])
        del docs
        gc.collect()
        current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return TracemallocRun(spec.articles, lines, idx.stats().lines, current, peak)


# ---- profile -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ProfileRow:
    function: str
    calls: int
    self_seconds: float
    cumulative_seconds: float


@dataclass(frozen=True, slots=True)
class ProfileRun:
    articles: int
    lines: int
    seconds: float  # clean_corpus under the profiler (cProfile's overhead included)
    by_cumulative: tuple[ProfileRow, ...]
    by_self: tuple[ProfileRow, ...]


def measure_profile(data: Path, spec: CorpusSpec, top: int = 15) -> ProfileRun:
    """cProfile over ``clean_corpus`` on the articles of ``spec`` (generated before profiling)."""
    pool = sentence_pool(data)
    docs = list(articles(pool, spec))
    lines = sum(doc["text"].count("\n") + 1 for doc in docs)
    profiler = cProfile.Profile()
    profiler.enable()
    dedup.clean_corpus(docs)
    profiler.disable()
    stats = pstats.Stats(profiler)
    # pstats keeps its table in an attribute typeshed does not declare.
    table: dict[tuple[str, int, str], tuple[int, int, float, float, Any]] = stats.stats  # type: ignore[attr-defined]
    rows = [
        ProfileRow(_label(key), calls, self_s, cum_s)
        for key, (_, calls, self_s, cum_s, _) in table.items()
        if not _is_harness(key)
    ]
    # The share of each function is of clean_corpus's own cumulative time.
    total = max((row.cumulative_seconds for row in rows if row.function.endswith("(clean_corpus)")), default=0.0)
    return ProfileRun(
        articles=len(docs),
        lines=lines,
        seconds=total,
        by_cumulative=tuple(sorted(rows, key=lambda r: -r.cumulative_seconds)[:top]),
        by_self=tuple(sorted(rows, key=lambda r: -r.self_seconds)[:top]),
    )


def _is_harness(key: tuple[str, int, str]) -> bool:
    filename, _, name = key
    return "benchmarks" in Path(filename).parts or name == "<method 'disable' of '_lsprof.Profiler' objects>"


def _label(key: tuple[str, int, str]) -> str:
    """``dedup/index/state.py:125(apply)``, ``numpy/...``, or ``{built-in ...}``."""
    filename, line, name = key
    if filename == "~":
        return name
    parts = Path(filename).parts
    for anchor in ("dedup", "numpy", "datasketch", "regex"):
        if anchor in parts:
            at = len(parts) - 1 - parts[::-1].index(anchor)
            return f"{'/'.join(parts[at:])}:{line}({name})"
    return f"{Path(filename).name}:{line}({name})"


def with_articles(spec: CorpusSpec, n: int) -> CorpusSpec:
    """``spec`` with ``n`` articles."""
    return replace(spec, articles=n)
