"""Size and speed of the HTML report at 10,000 articles, opened in headless Chromium.

    python benchmarks/report_10k.py --data ../shared/data [--articles 10000] [--runs 3] [--screenshot PATH]

Articles are re-mixed from the helsinki corpus (real scraped news, 75 outlets): article k takes
the lines of real article k mod 612; a line found in two or more real articles (banners,
furniture, wire paragraphs) is kept verbatim, every other line is replaced by real sentences
drawn at random from the corpora until it is as long, so each article is new text with its
outlet's real boilerplate. Every tenth article is a syndicated copy of the one before, at
another outlet, with a new first line. All are cleaned together with clean_corpus.

Measured: clean_corpus time; render_report time without and with the index (its recurring
lines per outlet); the file size and how much of it is the JSON block; and, in Chromium, the
time from navigation start to the first page of articles rendered (``data-render-ms``, set by
the report's own script), the wall time of ``chromium --screenshot`` (start, load, render, paint,
exit) against the 5-article seed report as a baseline in the same run, and the time of a rule
filter, of searches over all articles and of a page jump (a benchmark-only snippet appended to
the report's script runs them). Prints markdown.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dedup
import dedup.report
from dedup.readers import read_documents

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"

# Appended to the report's script in this benchmark only (the page's CSP hash follows it).
PROBE = """
(function () {
  var d = document.documentElement, $ = function (id) { return document.getElementById(id); };
  function timed(name, f) {
    var t = performance.now();
    f();
    d.setAttribute("data-" + name + "-ms", (performance.now() - t).toFixed(1));
    d.setAttribute("data-" + name + "-status", $("status").textContent);
  }
  function search(q) { $("q").value = q; $("q").dispatchEvent(new Event("change")); }
  timed("filter", function () { $("rule").value = "4"; $("rule").dispatchEvent(new Event("change")); });
  $("rule").value = ""; $("rule").dispatchEvent(new Event("change"));
  timed("search", function () { search("kremlin"); });
  timed("miss", function () { search("zqxjw"); });
  search("");
  timed("page", function () { $("last").click(); });
})();
"""


def load(data: Path) -> list[dict[str, str]]:
    with open(data / "helsinki" / "helsinki_articles.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{"source": r["publisher"], "published": r["scrape_time"], "lines": r["text"].split(" ### ")} for r in rows]


def sentences(data: Path) -> list[str]:
    out = []
    for name in ("helsinki_articles.csv", "census_articles.csv", "spotify_articles.csv"):
        with open(data / "helsinki" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for para in row["text"].split(" ### "):
                    out.extend(s.strip() + "." for s in para.split(". ") if len(s.split()) >= 4)
    return out


def remix(real: list[dict[str, str]], pool: list[str], n: int, seed: int) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    shared = Counter(line.strip() for a in real for line in set(a["lines"]))
    outlets = sorted({a["source"] for a in real})
    docs: list[dict[str, str]] = []
    for k in range(n):
        base = real[k % len(real)]
        if k % 10 == 9:  # a syndicated copy of the previous article, at another outlet
            prev = docs[-1]
            intro = " ".join(rnd.sample(pool, 2))
            text = intro + "\n" + prev["text"].split("\n", 1)[-1]
            source = rnd.choice([o for o in outlets if o != prev["source"]])
        else:
            lines = []
            for line in base["lines"]:
                if shared[line.strip()] >= 2:
                    lines.append(line)
                    continue
                new: list[str] = []
                while sum(len(s) + 1 for s in new) < len(line):
                    new.append(rnd.choice(pool))
                lines.append(" ".join(new))
            text, source = "\n".join(lines), base["source"]
        docs.append({"id": f"r{k}", "source": source, "published": base["published"], "text": text})
    return docs


def chromium_flags(profile: str) -> list[str]:
    """Headless Chromium as root on a machine with no network: no sandbox, no background
    connections, a fresh profile directory (the benchmark and the browser tests share these)."""
    return [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
    ]


def chromium(exe: str, url: str, *extra: str) -> tuple[str, float]:
    with tempfile.TemporaryDirectory(prefix="dedup-bench-chromium-") as profile:
        flags = chromium_flags(profile)
        t0 = time.perf_counter()
        done = subprocess.run([exe, *flags, *extra, url], capture_output=True, text=True, timeout=600, check=True)
        return done.stdout, time.perf_counter() - t0


def attr(dom: str, name: str) -> str:
    m = re.search(f'{name}="([^"]*)"', dom)
    return m[1] if m else "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--screenshot", type=Path, help="keep the first 1280x2000 screenshot of the big report here")
    args = parser.parse_args()
    exe = shutil.which("chromium")
    if exe is None:
        sys.exit("chromium is not installed: apt-get install chromium")

    docs = remix(load(args.data), sentences(args.data), args.articles, seed=1)
    idx = dedup.Index()
    t0 = time.perf_counter()
    results = dedup.clean_corpus(docs, index=idx)
    t_clean = time.perf_counter() - t0

    t0 = time.perf_counter()
    page = dedup.report.render_report(results)
    t_render = time.perf_counter() - t0
    dedup.report.SCRIPT += PROBE  # type: ignore[attr-defined]
    t0 = time.perf_counter()
    page_idx = dedup.report.render_report(results, index=idx)
    t_render_idx = time.perf_counter() - t0
    seeds = dedup.clean_corpus(read_documents(sorted(str(p) for p in SEEDS.glob("*.txt"))))

    with tempfile.TemporaryDirectory(prefix="dedup-bench-report-") as tmp:
        big, small, plain = Path(tmp) / "big.html", Path(tmp) / "seeds.html", Path(tmp) / "plain.html"
        big.write_bytes(page_idx.encode("utf-8"))
        plain.write_bytes(page.encode("utf-8"))
        small.write_bytes(dedup.report.render_report(seeds).encode("utf-8"))
        size = big.stat().st_size
        json_size = len(re.search(r'id="report-data">(.*?)</script>', page_idx, re.S)[1].encode())  # type: ignore[index]
        text_size = sum(len(r.original.encode("utf-8")) for r in results)
        runs = []
        for n in range(args.runs):
            shot = str(args.screenshot) if args.screenshot and n == 0 else str(Path(tmp) / "shot.png")
            _, base_wall = chromium(exe, small.as_uri(), f"--screenshot={tmp}/small.png", "--window-size=1280,2000")
            _, wall = chromium(exe, plain.as_uri(), f"--screenshot={shot}", "--window-size=1280,2000")
            dom, _ = chromium(exe, big.as_uri(), "--dump-dom")
            runs.append((base_wall, wall, dom))

    lines = sum(len(d["text"].splitlines()) for d in docs)
    clusters = len({r.syndication.canonical for r in results if r.duplicate_of and r.syndication})
    removed = Counter(m.rule for r in results for m in r.removals)
    dom = runs[-1][2]
    cards = dom.count('<article class="card"')
    print(f"# HTML report at {len(results):,} articles\n")
    print(
        f"{len(results):,} articles ({lines:,} lines, {text_size / 1e6:.1f} MB of text, "
        f"{len({d['source'] for d in docs})} outlets), {sum(removed.values()):,} removals, {clusters:,} clusters "
        f"of copies; clean_corpus {t_clean:.1f} s.\n"
    )
    print("| measure | value |\n|---|---:|")
    print(f"| report file size | {size / 1e6:.1f} MB ({size:,} bytes) |")
    print(f"| of which the JSON block | {json_size / 1e6:.1f} MB ({json_size / size:.0%}) |")
    print(f"| file size / article text size | {size / text_size:.2f} |")
    print(f"| render_report, Python, without index | {t_render:.2f} s |")
    print(f"| render_report, Python, with the index's recurring lines | {t_render_idx:.2f} s |")
    first = statistics.median(float(attr(d, "data-render-ms")) for _, _, d in runs)
    print(f"| Chromium: navigation start to first page rendered (median of {args.runs}) | {first:,.0f} ms |")
    walls = [w for _, w, _ in runs]
    bases = [b for b, _, _ in runs]
    print(f"| Chromium wall time to open and screenshot this report (median) | {statistics.median(walls):.2f} s |")
    print(f"| the same, 5-article seed report (median) | {statistics.median(bases):.2f} s |")
    print(f"| ratio | {statistics.median(walls) / statistics.median(bases):.2f} |")
    status, took = attr(dom, "data-filter-status"), attr(dom, "data-filter-ms")
    print(f"| filter by rule `banner` over all articles ({status}) | {took} ms |")
    status, took = attr(dom, "data-search-status"), attr(dom, "data-search-ms")
    print(f"| search `kremlin` over all articles ({status}) | {took} ms |")
    status, took = attr(dom, "data-miss-status"), attr(dom, "data-miss-ms")
    print(f"| search `zqxjw` over all articles ({status}) | {took} ms |")
    status, took = attr(dom, "data-page-status"), attr(dom, "data-page-ms")
    print(f"| jump to the last page, no filter ({status}) | {took} ms |")
    print(f"| article cards in the DOM | {cards} |")
    print(f"\nRemovals by rule: {dict(removed)}; the report without the index section: {len(page):,} bytes.")


if __name__ == "__main__":
    main()
