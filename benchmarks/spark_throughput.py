"""Articles per second: clean_corpus in one process against dedup.spark on a local Spark.

    python benchmarks/spark_throughput.py --data ../shared/data [--remix 4000] [--master local[2]]

Articles: the 680 real ones of helsinki/ (helsinki, census, spotify; paragraphs split on
" ### ", source = publisher, published = scrape_time), plus ``--remix`` articles made of random
real sentences (``remix``: real word statistics, new text, 50 outlets, no date), so
that the corpus is big enough for Spark's fixed costs to matter less. Both paths clean the same
JSONL file in one run: the embedded path reads it and calls clean_corpus; Spark reads it with
spark.read.json, runs clean_dataframe and writes to the ``noop`` sink (everything computed,
nothing stored). A warm-up job on 50 articles starts Spark's Python workers first, and the
session start-up is reported apart. The results are collected and compared with clean_corpus's,
field by field.
Prints markdown (redirect it to a file under benchmarks/out/, which git ignores, to keep it).
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import os
import random
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dedup
from benchmarks.data import scraped_articles
from dedup.prepare import prepare
from dedup.readers import read_documents
from dedup.spark import clean_dataframe, clean_dataframe_with_stats, result_dict, spark_session


def sentences(data: Path) -> list[str]:
    """Every sentence of 4+ words of the three helsinki corpora (paragraphs split on ". ")."""
    out = []
    for name in ("helsinki_articles.csv", "census_articles.csv", "spotify_articles.csv"):
        with open(data / "helsinki" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for para in row["text"].split(" ### "):
                    out.extend(s.strip() for s in para.split(". ") if len(s.split()) >= 4)
    return out


def remix(pool: list[str], n_articles: int, lines_per: int, seed: int) -> list[dict[str, str]]:
    """``n_articles`` articles of ``lines_per`` lines, each line two random sentences of ``pool``."""
    rnd = random.Random(seed)
    return [
        {
            "id": f"a{k}",
            "source": f"outlet{k % 50}.example",
            "text": "\n".join(" ".join(rnd.sample(pool, 2)) for _ in range(lines_per)),
        }
        for k in range(n_articles)
    ]


def corpus(data: Path, n_remix: int) -> list[dict[str, str]]:
    docs = scraped_articles(data)
    for name in ("census", "spotify"):
        docs += scraped_articles(data, name, id_prefix=f"{name}/")
    return docs + remix(sentences(data), n_remix, 25, seed=7) if n_remix else docs


def tree_cpu_seconds() -> float:
    """CPU seconds (user + system) of this process and all its descendants, from /proc (Linux):
    the Spark JVM and its Python workers included. Children that exited count once waited for."""
    tick = os.sysconf("SC_CLK_TCK")
    parent: dict[int, int] = {}
    cpu: dict[int, float] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parent[int(entry)] = int(fields[1])
        cpu[int(entry)] = sum(int(x) for x in fields[11:15]) / tick  # utime, stime, cutime, cstime
    mine = {os.getpid()}
    grew = True
    while grew:
        more = {pid for pid, ppid in parent.items() if ppid in mine} - mine
        grew = bool(more)
        mine |= more
    return sum(cpu[pid] for pid in mine if pid in cpu)


@dataclass
class EventLog:
    """What Spark's event log (``spark.eventLog.enabled``) says of the jobs of one job group."""

    jobs: int = 0
    stages: int = 0  # stages completed (stages skipped because their shuffle output was reused are not)
    shuffle_written: int = 0  # bytes
    # Per completed stage: (executor CPU s, executor run s, shuffle bytes written, its call site).
    costs: list[tuple[float, float, int, str]] = field(default_factory=list)


def event_log_figures(folder: str, group: str) -> EventLog:
    """The jobs run in job group ``group``, from the event logs in ``folder``."""
    out = EventLog()
    wanted: set[int] = set()
    # One file per application, named by its id (local-..., app-...; ".inprogress" while it runs).
    paths = [os.path.join(top, name) for top, _, names in os.walk(folder) for name in names]
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            events = [json.loads(line) for line in fh]
        for ev in events:
            if (
                ev["Event"] == "SparkListenerJobStart"
                and (ev.get("Properties") or {}).get("spark.jobGroup.id") == group
            ):
                out.jobs += 1
                wanted.update(info["Stage ID"] for info in ev["Stage Infos"])
        for ev in events:
            if ev["Event"] != "SparkListenerStageCompleted" or ev["Stage Info"]["Stage ID"] not in wanted:
                continue
            out.stages += 1
            acc = {a.get("Name"): a.get("Value") for a in ev["Stage Info"].get("Accumulables", [])}
            written = int(acc.get("internal.metrics.shuffle.write.bytesWritten", 0) or 0)
            out.shuffle_written += written
            cpu = int(acc.get("internal.metrics.executorCpuTime", 0) or 0) / 1e9
            run = int(acc.get("internal.metrics.executorRunTime", 0) or 0) / 1e3
            name = ev["Stage Info"].get("Stage Name", "")  # "dedup: <step>" for the global step's stages
            where = ev["Stage Info"].get("Details", "").splitlines()
            site = name if name.startswith("dedup:") else next((w.strip() for w in where if "dedup/" in w), name)
            out.costs.append((cpu, run, written, site))
    return out


def jvm_heap_pools(spark: Any) -> list[Any]:
    """The JVM's heap memory pools (java.lang.management), for their peak usage."""
    factory = spark.sparkContext._jvm.java.lang.management.ManagementFactory
    return [p for p in factory.getMemoryPoolMXBeans() if str(p.getType().toString()) == "Heap memory"]


def embedded_phases(docs: list[dedup.Document], config: dedup.Config) -> tuple[float, float, float]:
    """CPU seconds of clean_corpus's three steps, through the same Index entry points."""
    index = dedup.Index(config)
    config = index.rule_config(None)
    t0 = time.process_time()
    prepared = prepare([(d.text, d.id, d.source, d.published) for d in docs], config, "benchmark")
    records = index.records(prepared)
    t1 = time.process_time()
    for rec in records:
        index.learn(rec)
    t2 = time.process_time()
    for p, rec in zip(prepared, records, strict=True):
        index.clean_prepared(p, rec, config)
    return t1 - t0, t2 - t1, time.process_time() - t2


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--remix", type=int, default=4000, help="remixed articles added to the 680 real ones")
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--method", default="distributed", choices=("distributed", "driver"))
    parser.add_argument("--shuffle-partitions", type=int, default=None, help="default: sized from the data")
    parser.add_argument("--skip-embedded", action="store_true", help="Spark only (no clean_corpus, no comparison)")
    parser.add_argument("--stages", type=int, default=0, help="print the N costliest steps (stages by name)")
    parser.add_argument(
        "--memory-days",
        default="default",
        help="Config.memory_days for both paths: a number, 'none', or 'default' (the library's)",
    )
    args = parser.parse_args()
    config = dedup.Config()
    if args.memory_days != "default":
        config = replace(config, memory_days=None if args.memory_days == "none" else float(args.memory_days))

    docs = corpus(args.data, args.remix)
    tmp = tempfile.mkdtemp(prefix="dedup-spark-bench-")
    src = os.path.join(tmp, "articles.jsonl")
    with open(src, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    n = len(docs)
    mb = os.path.getsize(src) / 1e6

    t_embedded = c_embedded = c_prepare = c_learn = c_clean = float("nan")
    embedded: list[dedup.CleanResult] = []
    if not args.skip_embedded:
        t0, c0 = time.perf_counter(), time.process_time()
        embedded = dedup.clean_corpus(list(read_documents([src])), config)
        t_embedded, c_embedded = time.perf_counter() - t0, time.process_time() - c0
        c_prepare, c_learn, c_clean = embedded_phases(list(read_documents([src])), config)

    t0 = time.perf_counter()
    # Byte-range splits of the one file, in file order: as many partitions as asked for.
    split = str(os.path.getsize(src) // args.partitions + 1)
    settings = {
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
        "spark.sql.files.maxPartitionBytes": split,
        "spark.eventLog.enabled": "true",
        "spark.eventLog.dir": "file://" + os.path.join(tmp, "events"),
        "spark.eventLog.compress": "false",
        "spark.eventLog.rolling.enabled": "false",
    }
    os.makedirs(os.path.join(tmp, "events"))
    spark = spark_session(args.master, settings)
    spark.sparkContext.setLogLevel("ERROR")
    t_start = time.perf_counter() - t0
    warm = spark.createDataFrame([(d["id"], d["text"]) for d in docs[:50]], "id string, text string")
    warm_out = clean_dataframe(warm, source_col=None, published_col=None, method=args.method)
    warm_out.write.format("noop").mode("overwrite").save()
    spark.sparkContext.setJobGroup("measured", "the measured run")

    df = spark.read.json(src).select("id", "source", "published", "text")
    partitions = df.rdd.getNumPartitions()
    want = [json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in embedded]
    gc.collect()
    heap = jvm_heap_pools(spark)
    for pool in heap:
        pool.resetPeakUsage()
    tracemalloc.start()
    t0, c0 = time.perf_counter(), tree_cpu_seconds()
    out, stats = clean_dataframe_with_stats(
        df, config=config, method=args.method, shuffle_partitions=args.shuffle_partitions
    )
    t_learn = time.perf_counter() - t0
    _, python_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    out.write.format("noop").mode("overwrite").save()
    t_spark, c_spark = time.perf_counter() - t0, tree_cpu_seconds() - c0
    old_peak = sum(p.getPeakUsage().getUsed() for p in heap if "Old" in p.getName())
    heap_peak = sum(p.getPeakUsage().getUsed() for p in heap)
    same = 0
    if embedded:
        spark.sparkContext.setJobGroup("check", "comparing the results")
        got = [result_dict(r) for r in out.collect()]
        same = sum(g == w for g, w in zip(got, want, strict=True))
    spark.stop()
    log = event_log_figures(os.path.join(tmp, "events"), "measured")

    load1, load5, _ = os.getloadavg()
    lines = sum(len(d.text.splitlines()) for d in read_documents([src]))
    print(f"# dedup on Spark ({args.master}) against clean_corpus, same {n} articles, one run\n")
    print(f"Config: memory_days={config.memory_days} (both paths), the other settings the defaults.\n")
    print(f"Input: {n} articles ({n - args.remix} real, {args.remix} remixed), {lines} lines, {mb:.1f} MB of JSONL; ")
    print(f"Spark read it as {partitions} partitions. Load average at the end: {load1:.1f} (1 min), {load5:.1f} (5).\n")
    print("| path | wall s | articles/s | lines/s | CPU s (all processes) | CPU ms per article | identical |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(
        f"| clean_corpus, one process | {t_embedded:.1f} | {n / t_embedded:.0f} | {lines / t_embedded:.0f} "
        f"| {c_embedded:.1f} | {1000 * c_embedded / n:.1f} | - |"
    )
    print(
        f"| dedup.spark, {args.master} | {t_spark:.1f} | {n / t_spark:.0f} | {lines / t_spark:.0f} | {c_spark:.1f} "
        f"| {1000 * c_spark / n:.1f} | {same} of {n} |"
    )
    print(
        f"\nSpark / embedded throughput, by CPU of all processes: **{c_embedded / c_spark:.2f}x**; by wall "
        f"clock: {t_embedded / t_spark:.2f}x.\n"
    )
    print(f"Spark session start-up (not counted above): {t_start:.1f} s.\n")
    print(
        f"clean_corpus's steps, CPU s (a second run): prepare {c_prepare:.1f}, learn {c_learn:.1f}, clean "
        f"{c_clean:.1f}.\n"
    )
    print(
        f"Spark ({stats.method} global step): {log.jobs} jobs, {log.stages} stages; shuffle written "
        f"{log.shuffle_written / 1e6:.1f} MB, {log.shuffle_written / lines:.0f} bytes a line; shuffle partitions "
        f"{stats.shuffle_partitions}, pair-counting tasks {stats.pair_tasks}; executor CPU "
        f"{sum(c[0] for c in log.costs):.1f} s in tasks.\n"
    )
    print(
        f"JVM heap peak during the run (driver and local executors, the sum of the pools' peaks): "
        f"{heap_peak / 2**20:.0f} MiB, of which old generation {old_peak / 2**20:.0f} MiB.\n"
    )
    print(
        f"Steps (wall clock): fingerprint {stats.fingerprint_seconds:.1f} s, global step {stats.global_seconds:.1f} s, "
        f"clean and write {t_spark - t_learn:.1f} s; driver Python heap peak during the first two (tracemalloc): "
        f"{python_peak / 1e6:.1f} MB. Line-cluster graph {stats.line_edges} edges ({stats.line_rounds} rounds), "
        f"story graph {stats.story_edges} edges ({stats.story_rounds} rounds), largest story "
        f"{stats.largest_story_rows} rows."
    )
    if args.stages:
        steps: dict[str, list[float]] = {}
        for cpu, run, written, site in log.costs:
            step = steps.setdefault(site.split(" at ")[0], [0, 0.0, 0.0, 0.0])
            step[0] += 1
            step[1] += cpu
            step[2] += run
            step[3] += written
        print("\n| step (stage name) | stages | executor JVM CPU s | task run s (Python included) | shuffle MB |")
        print("|---|---:|---:|---:|---:|")
        for site, (k, cpu, run, written) in sorted(steps.items(), key=lambda x: -x[1][2])[: args.stages]:
            print(f"| {site} | {k:.0f} | {cpu:.1f} | {run:.1f} | {written / 1e6:.1f} |")
    if embedded:
        print(f"\nResults identical to clean_corpus, every field: {same} of {n}.")
        if same != n:
            sys.exit(1)


if __name__ == "__main__":
    main()
