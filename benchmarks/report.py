"""Markdown for the performance section of RESULTS.md, and rewriting that one section in place."""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path
from statistics import median
from typing import Any

from dedup.index import CHECKPOINT_EVERY

from .corpus import CorpusSpec
from .machine import Machine
from .measure import DatasketchRun, IndexRun, ProfileRow, ProfileRun, Throughput, TracemallocRun

__all__ = ["HEADING", "Report", "render", "replace_section", "report_from_dict"]

HEADING = "## 7. Performance (issue 6)"
# Any earlier version of the section, numbered or not.
_HEADING_RE = re.compile(r"^## (?:\d+\. )?Performance \(issue 6\)[^\n]*$", re.MULTILINE)
_NUMBERED = re.compile(r"^## (\d+)\. ", re.MULTILINE)

# Targets of issue 6.
TARGET_RATIO = 30.0
AIM_RATIO = 50.0
TARGET_BYTES_PER_LINE = 100.0
TARGET_P50_MS = 1.0
TARGET_P99_MS = 5.0
ISSUE_LATENCY_ARTICLES = 1_000_000


@dataclass(frozen=True, slots=True)
class Report:
    """Everything one run measured."""

    command: str
    date: str
    machine: Machine
    spec: CorpusSpec  # the corpus shape (its ``articles`` is the largest size run)
    pool_sentences: int
    datasketch: DatasketchRun
    scaling: tuple[Throughput, ...]
    parallel: tuple[Throughput, ...]  # one per worker process
    parallel_wall_seconds: float
    memory: IndexRun
    sqlite: IndexRun
    tracemalloc: TracemallocRun
    profile: ProfileRun | None
    elapsed_seconds: float
    load_end: str  # load average when the run ended
    bulk: dict[str, Any] | None = None  # the bulk step's figures (benchmarks.latency_bulk's JSON), if run


def report_from_dict(d: dict[str, Any]) -> Report:
    """A :class:`Report` from its ``--json`` form (``dataclasses.asdict``), to re-render a past run."""

    def make(cls: Any, values: dict[str, Any]) -> Any:
        # JSON turned tuples into lists; frozen results hold tuples.
        return cls(**{f.name: _tuples(values[f.name]) for f in fields(cls)})

    profile = d["profile"]
    if profile is not None:
        profile = ProfileRun(
            articles=profile["articles"],
            lines=profile["lines"],
            seconds=profile["seconds"],
            by_cumulative=tuple(make(ProfileRow, row) for row in profile["by_cumulative"]),
            by_self=tuple(make(ProfileRow, row) for row in profile["by_self"]),
        )
    return Report(
        command=d["command"],
        date=d["date"],
        machine=make(Machine, d["machine"]),
        spec=make(CorpusSpec, d["spec"]),
        pool_sentences=d["pool_sentences"],
        datasketch=make(DatasketchRun, d["datasketch"]),
        scaling=tuple(make(Throughput, t) for t in d["scaling"]),
        parallel=tuple(make(Throughput, t) for t in d["parallel"]),
        parallel_wall_seconds=d["parallel_wall_seconds"],
        memory=make(IndexRun, d["memory"]),
        sqlite=make(IndexRun, d["sqlite"]),
        tracemalloc=make(TracemallocRun, d["tracemalloc"]),
        profile=profile,
        elapsed_seconds=d["elapsed_seconds"],
        load_end=d["load_end"],
        bulk=d.get("bulk"),
    )


def _tuples(value: Any) -> Any:
    return tuple(_tuples(v) for v in value) if isinstance(value, list) else value


def render(r: Report) -> str:
    """The whole section, heading included, ending with a newline."""
    out = [HEADING, ""]
    out += [
        f"Command: `{r.command}` (date {r.date}, {r.elapsed_seconds / 60:.1f} min in all).",
        f"Machine: {r.machine.line()}; load average {r.load_end} at the end. The machine is shared with other "
        "engineers' jobs: trust ratios measured side by side more than absolute figures; CPU-time figures "
        "(`time.process_time`) are less sensitive to the other jobs than wall-clock ones.",
        "",
        _corpus_paragraph(r),
        "",
    ]
    out += _summary(r)
    out += _throughput(r)
    out += _scaling(r)
    out += _memory(r)
    out += _latency(r)
    out += _profile(r.profile)
    return "\n".join(out).rstrip("\n") + "\n"


def replace_section(document: str, section: str, heading: re.Pattern[str] = _HEADING_RE) -> str:
    """``document`` with the section whose heading matches ``heading`` (by default the
    performance section) replaced by ``section``; when absent, a numbered section goes before the
    first section of a higher number, any other at the end.

    Every other section is kept byte for byte.

    >>> doc = "# R\\n\\n## 1. A\\n\\na\\n\\n## 6. Performance (issue 6)\\n\\nold\\n\\n## 7. B\\n\\nb\\n"
    >>> replace_section(doc, "## 6. Performance (issue 6)\\n\\nnew\\n")
    '# R\\n\\n## 1. A\\n\\na\\n\\n## 6. Performance (issue 6)\\n\\nnew\\n\\n## 7. B\\n\\nb\\n'
    >>> replace_section("# R\\n\\n## 1. A\\n\\na\\n", "## 6. Performance (issue 6)\\n\\nnew\\n")
    '# R\\n\\n## 1. A\\n\\na\\n\\n## 6. Performance (issue 6)\\n\\nnew\\n'
    >>> replace_section("# R\\n\\n## 1. A\\n\\na\\n\\n## 9. C\\n\\nc\\n", "## 6. Performance (issue 6)\\n\\nnew\\n")
    '# R\\n\\n## 1. A\\n\\na\\n\\n## 6. Performance (issue 6)\\n\\nnew\\n\\n## 9. C\\n\\nc\\n'
    """
    match = heading.search(document)
    if match is None:
        number = _NUMBERED.match(section)
        later = [m for m in _NUMBERED.finditer(document) if number and int(m[1]) > int(number[1])]
        if later:
            return document[: later[0].start()] + section + "\n" + document[later[0].start() :]
        return document.rstrip("\n") + "\n\n" + section
    following = re.compile(r"^## ", re.MULTILINE).search(document, match.end())
    tail = "" if following is None else "\n" + document[following.start() :]
    return document[: match.start()] + section + tail


def write_section(path: Path, section: str, heading: re.Pattern[str] = _HEADING_RE) -> None:
    """Rewrite a section (by default the performance one) of the markdown file at ``path``
    (created when missing)."""
    old = path.read_text(encoding="utf-8") if path.exists() else "# Measured results\n"
    path.write_text(replace_section(old, section, heading), encoding="utf-8")


# ---- pieces --------------------------------------------------------------------------------


def _corpus_paragraph(r: Report) -> str:
    s = r.spec
    return (
        f"Corpus: generated lazily and deterministically (seed {s.seed}) by re-mixing {r.pool_sentences:,} "
        "distinct real sentences of the helsinki corpora (`--data`): each line joins 2-3 word windows of random "
        f"sentences (1 line in 10 a short caption-like window); articles have a headline and "
        f"{s.body_lines[0]}-{s.body_lines[1]} body lines, from {s.outlets} outlets; each outlet has a "
        f"{s.banner_lines[0]}-{s.banner_lines[1]}-line banner block appended to {s.banner_share:.0%} of its "
        f"articles; {s.repeat_share:.0%} of articles print a line twice; {s.copy_share:.0%} are syndicated "
        f"copies (sometimes abridged) of a recent wire story of another outlet; published times run over "
        f"{s.span_days:g} days. "
        "Generation time is measured and excluded from every figure. Only dedup's public API is called."
    )


def _summary(r: Report) -> list[str]:
    ratio = r.datasketch.ratio
    best = max(r.scaling, key=lambda t: t.articles)
    big_n, big_lines_per_s = best.articles, best.lines_per_s
    clean_all = _bulk_clean_all(r)
    if clean_all is not None and r.bulk is not None and r.bulk["articles"] > big_n:
        big_n, big_lines_per_s = r.bulk["articles"], clean_all["lines_per_s"]
    big_ratio = big_lines_per_s / r.datasketch.datasketch_lines_per_s
    per_line = r.tracemalloc.current / r.tracemalloc.lines
    rss_line = r.memory.rss_growth / r.memory.lines
    rss_where = f"{r.memory.articles:,} articles"
    if r.bulk is not None:
        rss_line = max(rss_line, r.bulk["rss_growth"] / r.bulk["lines"])
        rss_where += f"; {r.bulk['rss_growth'] / r.bulk['lines']:,.0f} B at {r.bulk['articles']:,} (section 10)"
    held = r.memory.articles
    p50, _, p99, _, _ = r.memory.latency_ms
    c50, _, c99, _, _ = r.memory.latency_cpu_ms
    if r.bulk is not None and r.bulk["articles"] > held:
        held = r.bulk["articles"]
        w, c = r.bulk["latency_ms"], r.bulk["latency_cpu_ms"]
        p50, p99, c50, c99 = w["p50"], w["p99"], c["p50"], c["p99"]
    rows = [
        (
            f"throughput vs datasketch (>= {TARGET_RATIO:g}x, aim {AIM_RATIO:g}x)",
            f"{ratio:.1f}x on the same {r.datasketch.lines:,} lines ({r.datasketch.cpu_ratio:.1f}x by CPU time); "
            f"{big_ratio:.1f}x at {big_n:,} articles",
            _verdict(ratio >= TARGET_RATIO and big_ratio >= TARGET_RATIO),
        ),
        (
            f"memory per indexed line (<= {TARGET_BYTES_PER_LINE:g} B)",
            f"{per_line:,.0f} B (tracemalloc, {r.tracemalloc.articles:,} articles); "
            f"{r.memory.rss_growth / r.memory.lines:,.0f} B (RSS growth, {rss_where})",
            _verdict(per_line <= TARGET_BYTES_PER_LINE and rss_line <= TARGET_BYTES_PER_LINE),
        ),
        (
            f"clean() latency in memory (p50 <= {TARGET_P50_MS:g} ms, p99 <= {TARGET_P99_MS:g} ms)",
            f"p50 {p50:.2f} ms, p99 {p99:.2f} ms against {held:,} articles "
            f"(CPU time: p50 {c50:.2f} ms, p99 {c99:.2f} ms)",
            _verdict(p50 <= TARGET_P50_MS and p99 <= TARGET_P99_MS)
            + ("" if held >= ISSUE_LATENCY_ARTICLES else f" (at {held:,}, not 1M)"),
        ),
    ]
    out = ["### Targets", "", "| target | measured | |", "|---|---|---|"]
    out += [f"| {a} | {b} | {c} |" for a, b, c in rows]
    return [*out, ""]


def _bulk_clean_all(r: Report) -> dict[str, Any] | None:
    """The bulk step's learn + clean figures when it cleaned every article (measured, not extrapolated)."""
    if r.bulk is None or r.bulk.get("clean_all", {}).get("every") != 1:
        return None
    clean_all: dict[str, Any] = r.bulk["clean_all"]
    return clean_all


def _verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


def _throughput(r: Report) -> list[str]:
    d = r.datasketch
    mb = d.bytes / 1e6
    rounds = len(d.dedup_seconds)
    rows = (
        ("datasketch MinHash + MinHashLSH", d.datasketch_seconds, d.datasketch_cpu_seconds),
        ("dedup.clean_corpus", d.dedup_seconds, d.dedup_cpu_seconds),
    )
    out = [
        "### Throughput: `clean_corpus` (learn + clean) vs the plain datasketch pipeline",
        "",
        "The datasketch pipeline (per line `MinHash(num_perm=128)` updated per 3-word shingle, then "
        "`MinHashLSH(threshold=0.8)` query and insert) is slow, so both run on the same sample: the first "
        f"{d.articles:,} articles of the corpus ({d.lines:,} lines, {mb:.1f} MB), in one process, alternately, "
        f"{rounds} rounds each (a new index every round); medians of the rounds.",
        "",
        "| pipeline | lines/s | MB/s | articles/s | lines/s by CPU time | seconds per round |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for name, wall, cpu in rows:
        w, c = median(wall), median(cpu)
        out.append(
            f"| {name} | {d.lines / w:,.0f} | {mb / w:.2f} | {d.articles / w:,.0f} | {d.lines / c:,.0f} | "
            f"{', '.join(f'{x:.1f}' for x in wall)} |"
        )
    out += [
        f"| **ratio dedup / datasketch** | **{d.ratio:.1f}x** | | | {d.cpu_ratio:.1f}x | |",
        "",
        f"datasketch found a candidate for {d.candidates:,} of the {d.lines:,} lines (banners, repeats, copies).",
        "",
    ]
    return out


def _scaling(r: Report) -> list[str]:
    base = r.scaling[0]
    ds = r.datasketch.datasketch_lines_per_s
    out = [
        "### Scaling: `clean_corpus` at growing corpus sizes, and 2 worker processes",
        "",
        'Each size runs in a fresh process; "vs smallest" is lines/s relative to the smallest size (1.00 = '
        'linear scaling), "vs datasketch" relative to the datasketch pipeline\'s median above. Lines removed '
        "and copies found show the index does real work. The sentence pool is finite, so the larger the "
        "corpus, the more short lines (captions, headlines, banner prompts of a few words) recur by chance "
        "within an outlet and are removed as boilerplate, as real recurring short lines would be: part of the "
        "extra work at larger sizes.",
        "",
        "| articles | lines | MB | seconds | lines/s | MB/s | articles/s | lines/s by CPU time | vs smallest | "
        "vs datasketch | peak RSS | lines removed (banner / boilerplate / repeat / template / credit) | "
        "copies found |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
    ]
    for t in r.scaling:
        rem = dict(t.removed)
        removed = " / ".join(f"{rem.get(k, 0):,}" for k in ("banner", "boilerplate", "repeat", "template", "credit"))
        out.append(
            f"| {t.articles:,} | {t.lines:,} | {t.bytes / 1e6:,.1f} | {t.seconds:,.1f} | {t.lines_per_s:,.0f} | "
            f"{t.mb_per_s:.2f} | {t.articles_per_s:,.0f} | {t.cpu_lines_per_s:,.0f} | "
            f"{t.lines_per_s / base.lines_per_s:.2f} | "
            f"{t.lines_per_s / ds:.1f}x | {t.peak_rss / 2**30:.2f} GiB | {removed} | {t.copies:,} |"
        )
    clean_all = _bulk_clean_all(r)
    if clean_all is not None and r.bulk is not None:
        b = r.bulk
        seconds = b["build_seconds"] + clean_all["clean_seconds"]
        rem = clean_all.get("removed_lines", {})
        removed = " / ".join(f"{rem.get(k, 0):,}" for k in ("banner", "boilerplate", "repeat", "template", "credit"))
        out.append(
            f"| {b['articles']:,} (bulk step) | {b['lines']:,} | | {seconds:,.1f} | {clean_all['lines_per_s']:,.0f} | "
            f"| {b['articles'] / seconds:,.0f} | {clean_all['cpu_lines_per_s']:,.0f} | "
            f"{clean_all['lines_per_s'] / base.lines_per_s:.2f} | {clean_all['lines_per_s'] / ds:.1f}x | "
            f"{(b['peak_growth']) / 2**30:.2f} GiB growth | {removed} | {clean_all.get('copies', 0):,} |"
        )
        out += [
            "",
            f"The {b['articles']:,}-article row is the bulk step (section 10): `clean_corpus`'s work (learn every "
            "article oldest first, then clean every article) done a chunk at a time, as `clean_corpus` would need "
            "~28 GiB to hold every result at a million articles; its learning is `Index.learn_many` in chunks of "
            "50,000 (tested to give `Index.add`'s state) and every article is cleaned and timed.",
        ]
    out.append("")
    if r.parallel:
        lines = sum(t.lines for t in r.parallel)
        slowest = max(t.seconds for t in r.parallel)
        n = sum(t.articles for t in r.parallel)
        single = next((t for t in r.scaling if t.articles == n), None)
        agg = lines / slowest
        out += [
            f"**{len(r.parallel)} worker processes.** dedup has no parallel API today, so this measures "
            f"{len(r.parallel)} independent processes started together (after loading the sentence pool, behind a "
            f"barrier), each running `clean_corpus` with its own in-memory index over its share of the same "
            f"{n:,}-article corpus, split by outlet (outlet number modulo {len(r.parallel)}): banners stay "
            "with their outlet, but syndicated copies whose original went to the other process are not found, "
            "so the results differ from one process's. Aggregate = all lines / the slower worker's time.",
            "",
            "| worker | articles | lines | seconds | lines/s | lines/s by CPU time | copies found |",
            "|---|---:|---:|---:|---:|---:|---:|",
        ]
        for k, t in enumerate(r.parallel):
            out.append(
                f"| {k} | {t.articles:,} | {t.lines:,} | {t.seconds:,.1f} | {t.lines_per_s:,.0f} | "
                f"{t.cpu_lines_per_s:,.0f} | {t.copies:,} |"
            )
        speedup = f"{agg / single.lines_per_s:.2f}x the single process on the same corpus" if single else ""
        out += [
            f"| aggregate | {n:,} | {lines:,} | {slowest:,.1f} | {agg:,.0f} | | |",
            "",
            f"Aggregate {agg:,.0f} lines/s: {speedup} (wall time with process start-up and generation "
            f"{r.parallel_wall_seconds:,.1f} s).",
            "",
        ]
    return out


def _memory(r: Report) -> list[str]:
    m, s, tm = r.memory, r.sqlite, r.tracemalloc
    per_million = s.file_bytes / s.lines * 1e6
    return [
        "### Memory and the SQLite file",
        "",
        "Indexes built with `Index.add`, one article at a time. Per line = per line fed to the index "
        "(distinct lines in brackets: the index keeps one entry per distinct normal form).",
        "",
        "| measure | articles | lines (distinct) | total | per line (per distinct line) |",
        "|---|---:|---:|---:|---:|",
        f"| tracemalloc, index alive after the build (numpy included) | {tm.articles:,} | {tm.lines:,} "
        f"({tm.distinct_lines:,}) | {tm.current / 2**20:,.1f} MiB | {tm.current / tm.lines:,.0f} B "
        f"({tm.current / tm.distinct_lines:,.0f} B) |",
        f"| tracemalloc peak during the build | {tm.articles:,} | {tm.lines:,} | {tm.peak / 2**20:,.1f} MiB | "
        f"{tm.peak / tm.lines:,.0f} B |",
        f"| RSS growth of the process over the build (`VmRSS`) | {m.articles:,} | {m.lines:,} "
        f"({m.distinct_lines:,}) | {m.rss_growth / 2**20:,.1f} MiB | {m.rss_growth / m.lines:,.0f} B "
        f"({m.rss_growth / m.distinct_lines:,.0f} B) |",
        f"| peak RSS growth during the build (`VmHWM`) | {m.articles:,} | {m.lines:,} | "
        f"{m.peak_growth / 2**20:,.1f} MiB | {m.peak_growth / m.lines:,.0f} B |",
        f"| SQLite file (with -wal, -shm) | {s.articles:,} | {s.lines:,} ({s.distinct_lines:,}) | "
        f"{s.file_bytes / 2**20:,.1f} MiB | {s.file_bytes / s.lines:,.0f} B |",
        "",
        f"SQLite file per million lines: **{per_million / 2**20:,.0f} MiB**, extrapolated linearly from the "
        f"measured {s.lines:,}-line build. Opening that file took {s.open_seconds:.2f} s ("
        + (
            "from the checkpoint `close()` wrote beside it after the build; replaying the whole log instead: section 12"
            if s.articles >= CHECKPOINT_EVERY
            else "the index replays its log"
        )
        + f"). Learning speed with `add` (wall clock): {m.learn_lines_per_s:,.0f} lines/s into the in-memory index "
        f"of {m.articles:,} articles, {s.learn_lines_per_s:,.0f} lines/s into the SQLite one of {s.articles:,} "
        "(one transaction per article, synchronous=FULL).",
        "",
    ]


def _latency(r: Report) -> list[str]:
    out = [
        "### Latency: `idx.clean(article, learn=False)` per article",
        "",
        "Queries are the articles that follow the indexed ones in the same stream (new stories, banners, "
        "copies of indexed wire stories), timed one call at a time, first call "
        "included; wall clock, and CPU time of the calling thread.",
        "",
        "| index | articles held | lines held (distinct) | queries | p50 ms | p90 ms | p99 ms | max ms | mean ms | "
        "CPU p50 ms | CPU p99 ms |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in (r.memory, r.sqlite):
        p50, p90, p99, top, mean = run.latency_ms
        c50, _, c99, _, _ = run.latency_cpu_ms
        name = "`Index()` in memory" if run.backend == "memory" else "`Index.open(path)` SQLite"
        out.append(
            f"| {name} | {run.articles:,} | {run.lines:,} ({run.distinct_lines:,}) | {run.queries:,} | "
            f"{p50:.2f} | {p90:.2f} | {p99:.2f} | {top:.2f} | {mean:.2f} | {c50:.2f} | {c99:.2f} |"
        )
    out.append("")
    if r.bulk is not None and r.bulk["articles"] >= ISSUE_LATENCY_ARTICLES:
        out += [
            f"Against {r.bulk['articles']:,} articles (learned in bulk by the bulk step, in memory and with SQLite): "
            "section 10.",
            "",
        ]
    elif r.memory.articles < ISSUE_LATENCY_ARTICLES:
        out += [
            f"The issue asks for an index of {ISSUE_LATENCY_ARTICLES:,} articles; this run held "
            f"{r.memory.articles:,} (`--latency-articles`) and "
            + ("ran no bulk step (`--bulk-articles 0`)" if r.bulk is None else f"its bulk step {r.bulk['articles']:,}")
            + ": these indexes "
            "are built with `Index.add`, one article at a time, which takes hours at a million. The bulk step "
            "(`--bulk-articles`, a million with `--full`; `python -m benchmarks.latency_bulk`) builds the "
            "million-article index in bulk and measures latency in memory and with SQLite, learn + clean "
            "throughput and RSS: section 10.",
            "",
        ]
    return out


def _profile(p: ProfileRun | None) -> list[str]:
    if p is None:
        return ["### Profile", "", "Not run (pass `--profile`).", ""]
    out = [
        "### Profile: where `clean_corpus` spends its time",
        "",
        f"cProfile over `clean_corpus` on {p.articles:,} articles ({p.lines:,} lines), {p.seconds:.1f} s "
        "profiled (cProfile slows Python-heavy code down, so shares matter, not seconds). % of the total.",
        "",
        "By cumulative time:",
        "",
        "| function | calls | cumulative s | % |",
        "|---|---:|---:|---:|",
    ]
    total = p.seconds or 1e-9
    out += [
        f"| `{row.function}` | {row.calls:,} | {row.cumulative_seconds:.2f} | {row.cumulative_seconds / total:.0%} |"
        for row in p.by_cumulative
    ]
    out += ["", "By own (self) time:", "", "| function | calls | self s | % |", "|---|---:|---:|---:|"]
    out += [
        f"| `{row.function}` | {row.calls:,} | {row.self_seconds:.2f} | {row.self_seconds / total:.0%} |"
        for row in p.by_self
    ]
    return [*out, ""]
