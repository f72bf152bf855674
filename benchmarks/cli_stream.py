"""``dedup clean`` on a ~500 MB JSONL file: peak RSS and wall/CPU time, and the same for a file
whose first line is bad (issue 22: 3.35 GB and 14 s before reporting line 1).

    python -m benchmarks.cli_stream --data ../shared/data --work /work/scratch/cli_stream [--mb 500]

Builds ``articles_<MB>mb.jsonl`` under ``--work`` (never in the repository: the text is research data)
by repeating the real helsinki articles with distinct ids, each round published a week after the
one before (a feed over months, so the index forgets old rounds as a long-running one does), plus
``bad_first_line_<MB>mb.jsonl``, the same file after a line that is not JSON. Each is cleaned in a fresh
process under ``/usr/bin/time -v``, with ``-o`` to a file under ``--work``; the figures printed
are that tool's (peak RSS = "Maximum resident set size"), with the exact command.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shlex
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

from .data import scraped_articles
from .machine import describe_machine


def build(data: Path, target: Path, mb: float) -> tuple[int, int]:
    """Write ``target`` (if missing) with about ``mb`` MB of articles; returns (articles, bytes)."""
    base = scraped_articles(data, "helsinki")
    one_round = sum(len(json.dumps(d, ensure_ascii=False).encode()) + 1 for d in base)
    rounds = max(1, math.ceil(mb * 1e6 / one_round))
    if not target.exists():
        partial = target.with_suffix(".partial")
        with open(partial, "w", encoding="utf-8") as fh:
            for k in range(rounds):
                for d in base:
                    when = datetime.fromisoformat(d["published"]) + timedelta(days=7 * k)
                    record = {**d, "id": f"r{k}/{d['id']}", "published": when.isoformat(), "round": k}
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
        partial.rename(target)
    return rounds * len(base), target.stat().st_size


def with_bad_first_line(source: Path, target: Path) -> int:
    if not target.exists():
        partial = target.with_suffix(".partial")
        with open(source, "rb") as src, open(partial, "wb") as dst:
            dst.write(b'{"id": "broken", "text": \n')
            while chunk := src.read(2**24):
                dst.write(chunk)
        partial.rename(target)
    return target.stat().st_size


def measure(argv: list[str]) -> dict[str, object]:
    """Run ``argv`` under /usr/bin/time -v; its exit code, figures and last stderr line."""
    done = subprocess.run(["/usr/bin/time", "-v", *argv], capture_output=True, text=True, check=False)
    err = done.stderr

    def field(name: str) -> str:
        found = re.search(rf"^\s*{re.escape(name)}: (.+)$", err, re.M)
        return found[1].strip() if found else "?"

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)")
    seconds = sum(float(part) * 60**i for i, part in enumerate(reversed(wall.split(":")))) if wall != "?" else math.nan
    dedup_lines = [line for line in err.splitlines() if line.startswith("dedup")]
    return {
        "exit": done.returncode,
        "peak_rss_mib": int(field("Maximum resident set size (kbytes)")) / 1024,
        "wall_s": seconds,
        "user_s": float(field("User time (seconds)")),
        "system_s": float(field("System time (seconds)")),
        "said": dedup_lines[-1] if dedup_lines else err.strip().splitlines()[-1:],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the evaluation data folder (holds helsinki/)")
    parser.add_argument("--work", type=Path, required=True, help="a scratch folder outside the repository")
    parser.add_argument("--mb", type=float, default=500.0, help="size of the JSONL file to build (default: 500)")
    args = parser.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    good, bad = args.work / f"articles_{args.mb:g}mb.jsonl", args.work / f"bad_first_line_{args.mb:g}mb.jsonl"
    articles, size = build(args.data, good, args.mb)
    bad_size = with_bad_first_line(good, bad)
    print(describe_machine().line())
    print(f"input: {good} ({size / 1e6:,.0f} MB, {articles:,} articles); {bad} ({bad_size / 1e6:,.0f} MB)")
    for name, src in (("whole file", good), ("bad first line", bad)):
        out = args.work / "out.jsonl"
        command = [sys.executable, "-m", "dedup", "clean", str(src), "-o", str(out), "--temp-dir", str(args.work)]
        figures = measure(command)
        out.unlink(missing_ok=True)
        print(
            f"{name}: exit {figures['exit']}, peak RSS {figures['peak_rss_mib']:,.0f} MiB, "
            f"wall {figures['wall_s']:.1f} s, CPU {figures['user_s']:.1f} s user + {figures['system_s']:.1f} s system\n"
            f"  command: /usr/bin/time -v {shlex.join(command)}\n  dedup said: {figures['said']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
