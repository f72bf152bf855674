"""The performance harness (`python -m benchmarks`) runs end to end in its tiny mode.

No timing is asserted: the test checks that the harness builds its corpus, runs every
measurement and rewrites only its own section of the results file (replacing an old
one is checked by the doctest of `benchmarks.report.replace_section`).
"""

from __future__ import annotations

import csv
import doctest
import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.report import HEADING

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"

OTHER_SECTIONS = """# Measured results

## 1. Something else

Kept as it is.

## 4. Index memory

MEMORY_TABLE

"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data folder shaped like the shared one, holding the seed articles as a helsinki corpus."""
    folder = tmp_path / "data" / "helsinki"
    folder.mkdir(parents=True)
    with open(folder / "helsinki_articles.csv", "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "publisher", "scrape_time", "text"])
        for n, path in enumerate(sorted(SEEDS.glob("*.txt"))):
            paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
            writer.writerow([n, f"seed{n}.example", "2018-07-15T07:54:28-04:00", " ### ".join(paragraphs)])
    return folder.parent


def run_harness(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "benchmarks", *args], cwd=ROOT, capture_output=True, text=True, timeout=600
    )


@pytest.mark.slow  # runs the harness in a child process (7-30 s)
def test_tiny_run_rewrites_only_its_section(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    out.write_text(OTHER_SECTIONS, encoding="utf-8")
    figures = tmp_path / "perf.json"
    args = ["--tiny", "--data", str(data), "--out", str(out), "--json", str(figures), "--profile"]

    done = run_harness(*args)
    assert done.returncode == 0, done.stderr
    first = out.read_text(encoding="utf-8")
    assert first.startswith(OTHER_SECTIONS.rstrip("\n") + "\n\n" + HEADING + "\n")
    for heading in (
        "### Targets",
        "### Throughput: `clean_corpus` (learn + clean) vs the plain datasketch pipeline",
        "### Scaling",
        "**2 worker processes.**",
        "### Memory and the SQLite file",
        "SQLite file per million lines",
        "### Latency",
        "### Profile: where `clean_corpus` spends its time",
        "By own (self) time:",
    ):
        assert heading in first, heading
    assert "python -m benchmarks --tiny" in first
    assert "numpy" in first and "datasketch" in first and "cores" in first
    report = json.loads(figures.read_text(encoding="utf-8"))
    assert report["scaling"][0]["articles"] == 200
    assert sum(w["articles"] for w in report["parallel"]) == 200
    assert report["memory"]["queries"] == 20 and report["sqlite"]["articles"] == 100
    assert report["datasketch"]["lines"] >= 200
    assert sum(count for _, count in report["scaling"][0]["removed"]) > 0  # the index did real work
    # The bulk step (benchmarks.latency_bulk in a child) writes its own section after the harness's,
    # and gives the scaling table its largest row, every article cleaned.
    assert first.index(HEADING) < first.index("## 10. A million articles (issue 6)")
    bulk = report["bulk"]
    assert bulk["articles"] == 300 and bulk["clean_all"]["every"] == 1 and bulk["sqlite"]["queries"] == 20
    assert sum(bulk["clean_all"]["removed_lines"].values()) > 0
    assert "| 300 (bulk step) |" in first

    # A past run re-renders from its JSON to the same section, replacing it rather than adding one.
    done = run_harness("--from-json", str(figures), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert out.read_text(encoding="utf-8") == first


def test_wrong_data_folder_is_a_clear_error(tmp_path: Path) -> None:
    done = run_harness("--tiny", "--data", str(tmp_path), "--out", str(tmp_path / "R.md"))
    assert done.returncode == 2
    assert "no helsinki corpus" in done.stderr and "--data" in done.stderr
    assert not (tmp_path / "R.md").exists()


def test_harness_doctests() -> None:
    sys.path.insert(0, str(ROOT))
    try:
        from benchmarks import corpus, measure, report

        for module in (corpus, measure, report):
            assert doctest.testmod(module).failed == 0, module.__name__
    finally:
        sys.path.remove(str(ROOT))


def test_two_pass_clean_of_the_million_article_run_equals_clean_corpus(data: Path) -> None:
    """latency_bulk's --clean-every 1 (learn a chunk at a time, then clean a chunk at a time) is
    clean_corpus's work with clean_corpus's results on the benchmark corpus."""
    import xxhash

    import dedup
    from benchmarks import latency_bulk
    from benchmarks.corpus import CorpusSpec, articles, sentence_pool
    from dedup.prepare import prepare

    spec = CorpusSpec(articles=600)
    pool = sentence_pool(data)
    want = xxhash.xxh64()
    for r in dedup.clean_corpus(articles(pool, spec)):
        want.update(json.dumps(r.to_dict(), sort_keys=True).encode())
    idx = dedup.Index()
    stream = articles(pool, spec)
    for _ in range(3):  # learned in three chunks, as latency_bulk learns
        chunk = [next(stream) for _ in range(200)]
        prepared = prepare([(d["text"], d["id"], d["source"], d["published"]) for d in chunk], idx.config, "test")
        idx.learn_many(idx.records(prepared))
    *_, got = latency_bulk.clean_learned(idx, articles(pool, spec), digest=True)
    assert got == want.hexdigest()


@pytest.mark.slow  # runs the harness in a child process (7-30 s)
def test_million_article_script_runs_tiny_and_writes_only_its_section(data: Path, tmp_path: Path) -> None:
    results = tmp_path / "RESULTS.md"
    results.write_text(OTHER_SECTIONS, encoding="utf-8")
    figures = tmp_path / "bulk.json"
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.latency_bulk", "--data", str(data), "--articles", "300", "--queries", "20",
         "--clean-every", "3", "--sqlite", str(tmp_path / "bulk.dedup"), "--json", str(figures), "--out", str(results)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    text = results.read_text(encoding="utf-8")
    assert text.startswith(OTHER_SECTIONS.rstrip("\n"))  # the other sections, byte for byte
    section = text[text.index("## 10. A million articles (issue 6)") :]
    assert "| `Index()` in memory | 300 |" in section and "| `Index.open(path)` SQLite | 300 |" in section
    assert "cleaning one article in 3 (100)" in section and "MiB per million lines" in section
    assert "`Index.open` loaded the checkpoint the build wrote" in section  # not a replay of the log
    assert json.loads(figures.read_text(encoding="utf-8"))["sqlite"]["opened_from"] == "checkpoint"
    rerendered = tmp_path / "again.md"
    rerendered.write_text(text, encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "benchmarks.latency_bulk", "--data", str(data), "--from-json", str(figures),
         "--out", str(rerendered)],
        cwd=ROOT, check=True, timeout=120,
    )  # fmt: skip
    assert rerendered.read_text(encoding="utf-8") == text

    # --reopen times the file again without building, and adds that run to the JSON.
    before = json.loads(figures.read_text(encoding="utf-8"))
    proc = subprocess.run(
        [sys.executable, "-m", "benchmarks.latency_bulk", "--data", str(data), "--articles", "300", "--queries", "20",
         "--sqlite", str(tmp_path / "bulk.dedup"), "--json", str(figures), "--reopen"],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    after = json.loads(figures.read_text(encoding="utf-8"))
    assert after["sqlite"]["reopened"].endswith("--reopen") and after["sqlite"]["queries"] == 20
    assert {k: v for k, v in after.items() if k != "sqlite"} == {k: v for k, v in before.items() if k != "sqlite"}
