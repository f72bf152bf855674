"""CPU time of ``import dedup`` and of the first ``dedup.clean()`` in a fresh process (issue 22).

Usage::

    python benchmarks/import_time.py [--runs 15] [--rev HEAD~1] [--importtime]

Each run is a new ``python -c ...`` process, as a scraper or a Spark executor starts: the CPU
time (user + system) of the process comes from ``resource.getrusage(RUSAGE_CHILDREN)``, and the
CPU time of the first ``clean()`` on a seed article from ``time.process_time()`` inside it. The
interpreter alone (``python -c pass``) is measured the same way, for reference. Best and median
of ``--runs`` are printed with the command that produced them.

``--rev`` measures that git revision of ``dedup/`` instead of the working tree (exported to a
temporary directory, which the child imports from), for a before/after comparison in one run.
``--importtime`` also prints the slowest ``dedup`` modules by ``python -X importtime``.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "fixtures" / "seeds" / "000_6c5c5e19d0649f3a.txt"
#: Modules ``import dedup`` must not pull in: optional extras, and the heavy parts of datasketch.
NOT_AT_IMPORT = ("scrapy", "pyspark", "redis", "trafilatura", "pyarrow", "datasketch", "scipy")

IMPORT = "import dedup"
FIRST_CLEAN = (
    "import sys, time\n"
    "import dedup\n"
    "text = open(sys.argv[1], encoding='utf-8').read()\n"
    "t = time.process_time()\n"
    "dedup.clean(text)\n"
    "first = time.process_time() - t\n"
    "t = time.process_time()\n"
    "dedup.clean(text)\n"
    "print(first, time.process_time() - t)\n"
)
CHECK = f"import sys\nimport dedup\nprint(dedup.__file__, *[m for m in {NOT_AT_IMPORT!r} if m in sys.modules])\n"


def child_cpu(code: str, cwd: Path, *args: str) -> tuple[float, str]:
    """CPU seconds (user + system) of one ``python -c code`` process, and what it printed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), out


def measure(cwd: Path, runs: int) -> dict[str, list[float]]:
    """Per run: the interpreter alone, ``import dedup``, and the first and second ``clean()``."""
    figures: dict[str, list[float]] = {"python -c pass": [], IMPORT: [], "first clean()": [], "second clean()": []}
    for _ in range(runs):  # interleaved, so that a busy moment of the machine hits every figure
        figures["python -c pass"].append(child_cpu("pass", cwd)[0])
        figures[IMPORT].append(child_cpu(IMPORT, cwd)[0])
        first, second = child_cpu(FIRST_CLEAN, cwd, str(SEED))[1].split()
        figures["first clean()"].append(float(first))
        figures["second clean()"].append(float(second))
    return figures


def export(rev: str, into: Path) -> Path:
    """``dedup/`` at git revision ``rev``, unpacked under ``into``."""
    archive = subprocess.run(["git", "archive", rev, "dedup"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into


def slowest_modules(cwd: Path, top: int = 10) -> list[str]:
    """The ``dedup`` modules with the largest cumulative import time (microseconds, wall clock)."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", IMPORT], cwd=cwd, check=True, capture_output=True, text=True
    ).stderr
    rows = []
    for line in err.splitlines()[1:]:
        _, own, cumulative, name = (part.strip() for part in line.replace("|", ":", 2).split(":", 3))
        if name.startswith("dedup"):
            rows.append((int(cumulative), int(own), name))
    return [f"| `{name}` | {own:,} | {cum:,} |" for cum, own, name in sorted(rows, reverse=True)[:top]]


def report(label: str, cwd: Path, runs: int, importtime: bool) -> None:
    where, *heavy = child_cpu(CHECK, cwd)[1].split()
    print(f"## {label} ({os.path.relpath(where, cwd)} under {cwd})\n")
    print("| CPU seconds | best | median |\n|---|---:|---:|")
    for name, values in measure(cwd, runs).items():
        print(f"| {name} | {min(values):.3f} | {statistics.median(values):.3f} |")
    print(f"\n`import dedup` imports none of {', '.join(NOT_AT_IMPORT)}" if not heavy else f"\nimported: {heavy}")
    if importtime:
        print("\n| module (`-X importtime`) | own us | cumulative us |\n|---|---:|---:|")
        print("\n".join(slowest_modules(cwd)))
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="fresh processes per figure (default 15)")
    parser.add_argument("--rev", help="also measure this git revision of dedup/ (e.g. HEAD~1), first")
    parser.add_argument("--importtime", action="store_true", help="also list the slowest dedup modules")
    args = parser.parse_args()
    command = "python benchmarks/import_time.py --runs " + str(args.runs)
    command += f" --rev {args.rev}" if args.rev else ""
    command += " --importtime" if args.importtime else ""
    print(f"# Start-up cost\n\n`{command}`; seed `{SEED.relative_to(ROOT)}`, Python {sys.version.split()[0]}.\n")
    if args.rev:
        with tempfile.TemporaryDirectory() as tmp:
            report(f"revision {args.rev}", export(args.rev, Path(tmp)), args.runs, args.importtime)
    report("working tree", ROOT, args.runs, args.importtime)


if __name__ == "__main__":
    main()
