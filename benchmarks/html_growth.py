"""CPU time of ``Document.from_html`` as hostile pages grow: each shape at n, 2n and 4n (issue 28).

Usage::

    python -m benchmarks.html_growth [--beyond] [--scale 1] [--repeat 2] [--rev REV] [--timeout 600] [--only NAME ...]

Shapes, with n at ``--scale 1`` (4n stays within the default limits, ``Config.max_html_bytes``
5 MB and ``Config.max_html_paragraphs`` 20,000), and with ``--beyond`` (the sizes of issue 28,
the limits lifted: what they protect against):

- ``long page``: paragraphs in their own ``<div>``, each followed by a share link (the shape that
  made the line merge quadratic): 3,125 paragraphs (0.7 MB); ``--beyond`` 12,500 (2.7 MB, then
  5.5 and 11 MB);
- ``paragraphs``: short ``<p>`` paragraphs straight in ``<body>``: 5,000; ``--beyond`` 25,000;
- ``attribute bomb``: one tag with 10,000 attributes, both ways;
- ``bomb tags``: 200 tags of 500 attributes each, both ways;
- ``deep nesting``: ``<div>`` nested 2,500 levels deep, both ways.

Each figure is one child process (``python -c``, its working directory the tree measured: this
checkout, or ``--rev`` exported with ``git archive``): it builds the page (not timed), extracts a
small page once (imports, first-call costs), then times ``dedup.html.extract_page`` on the page in
CPU seconds (``time.process_time``), best of ``--repeat``. ``growth`` is the exponent k in
t ~ size^k from n to 4n: 1 is linear, 2 quadratic. ``text`` is the characters extracted at 4n. A
child that exceeds ``--timeout`` seconds is reported as ``> T``; a page the limits refuse as
``refused``.
"""

from __future__ import annotations

import argparse
import math
import random
import shlex
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve()

_WORDS = [
    "the",
    "council",
    "met",
    "on",
    "monday",
    "to",
    "vote",
    "on",
    "a",
    "new",
    "budget",
    "for",
    "the",
    "city",
    "after",
    "a",
    "long",
    "debate",
    "which",
    "ran",
    "late",
    "into",
    "the",
    "night",
    "and",
    "the",
    "mayor",
    "said",
    "she",
    "was",
    "pleased",
    "with",
    "the",
    "outcome",
    "of",
    "the",
    "talks",
]


def _sentence(rnd: random.Random, k: int, words: int = 30) -> str:
    return " ".join(rnd.choice(_WORDS) for _ in range(words)).capitalize() + f" {k}."


def long_page(n: int) -> str:
    """``n`` paragraphs, each in a div with a share link: about 200 bytes each."""
    rnd = random.Random(1)
    blocks = "".join(
        f"<div class='c'><p>{_sentence(rnd, k)}</p><span><a href='/s/{k}'>Share</a></span></div>" for k in range(n)
    )
    return f"<html><head><title>T</title></head><body><div id='main'>{blocks}</div></body></html>"


def paragraphs(n: int) -> str:
    body = "".join(f"<p>Paragraph number {k} of the page here.</p>" for k in range(n))
    return f"<html><head><title>T</title></head><body>{body}</body></html>"


def attribute_bomb(n: int) -> str:
    attributes = " ".join(f'data-a{k}="v{k}"' for k in range(n))
    text = "The council met on Monday to vote on the new city budget for the year."
    return f"<html><body><article><p {attributes}>{text}</p></article></body></html>"


def bomb_tags(n: int) -> str:
    attributes = " ".join(f"data-a{k}=v" for k in range(500))
    body = "".join(f"<p {attributes}>Sentence {k} of the article body goes here.</p>" for k in range(n))
    return f"<html><body><article>{body}</article></body></html>"


def deep_nesting(n: int) -> str:
    text = "<p>The council met on Monday to vote on the new city budget for the year.</p>"
    return "<html><body>" + "<div>" * n + text + "</div>" * n + "</body></html>"


#: name -> (page builder, n at scale 1 within the limits, n with --beyond, what n counts)
SHAPES: dict[str, tuple[Callable[[int], str], int, int, str]] = {
    "long page": (long_page, 3_125, 12_500, "paragraphs"),
    "paragraphs": (paragraphs, 5_000, 25_000, "paragraphs"),
    "attribute bomb": (attribute_bomb, 10_000, 10_000, "attributes"),
    "bomb tags": (bomb_tags, 200, 200, "tags"),
    "deep nesting": (deep_nesting, 2_500, 2_500, "levels"),
}

_CHILD = """
import inspect, runpy, sys, time, warnings
shapes = runpy.run_path(sys.argv[1])["SHAPES"]
from dedup.html import extract_page
known = inspect.signature(extract_page).parameters
lifted = {k: None for k in ("max_bytes", "max_paragraphs") if k in known} if sys.argv[5] == "lift" else {}
warnings.simplefilter("ignore")
extract_page("<html><body><article><p>" + "The council met on Monday. " * 20 + "</p></article></body></html>")
html = shapes[sys.argv[2]][0](int(sys.argv[3]))
best = None
for _ in range(int(sys.argv[4])):
    start = time.process_time()
    try:
        page = extract_page(html, **lifted)
    except ValueError as err:  # HTMLTooLargeError: over a limit
        print(len(html.encode("utf-8")), "refused", -1)
        sys.exit(0)
    spent = time.process_time() - start
    best = spent if best is None else min(best, spent)
print(len(html.encode("utf-8")), best, len(page.text))
"""


def measure(
    cwd: Path, shape: str, n: int, repeat: int, timeout: float, lift: bool
) -> tuple[int, float | str | None, int]:
    """(page bytes, best CPU seconds, ``"refused"`` or None on timeout, extracted characters) in a
    child process."""
    try:
        out = subprocess.run(
            [sys.executable, "-c", _CHILD, str(HERE), shape, str(n), str(repeat), "lift" if lift else "keep"],
            cwd=cwd,
            check=True,
            capture_output=True,
            text=True,
            timeout=timeout,
        ).stdout.split()
    except subprocess.TimeoutExpired:
        return len(SHAPES[shape][0](n).encode("utf-8")), None, -1
    return int(out[0]), out[1] if out[1] == "refused" else float(out[1]), int(out[2])


def exported(rev: str, into: Path) -> Path:
    """``dedup/`` of git revision ``rev``, exported under ``into``."""
    data = subprocess.run(["git", "archive", rev, "dedup"], cwd=ROOT, check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into


def _seconds(t: float | str | None, timeout: float) -> str:
    return f"> {timeout:.0f}" if t is None else t if isinstance(t, str) else f"{t:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--beyond", action="store_true", help="issue 28's sizes, the limits lifted")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every n (default 1)")
    parser.add_argument("--repeat", type=int, default=2, help="runs per figure, the best kept (default 2)")
    parser.add_argument("--rev", help="measure this git revision's dedup/ instead of the working tree")
    parser.add_argument("--timeout", type=float, default=600, help="seconds a child may take (default 600)")
    parser.add_argument("--only", nargs="+", choices=sorted(SHAPES), help="these shapes only")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        cwd = exported(args.rev, Path(tmp)) if args.rev else ROOT
        commit = (
            args.rev
            or subprocess.run(
                ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
            ).stdout.strip()
        )
        print(
            f"`python -m benchmarks.html_growth {shlex.join(argv or sys.argv[1:])}` at {commit}, "
            f"{datetime.now(timezone.utc):%Y-%m-%d}: CPU seconds of extract_page, best of {args.repeat}\n"
        )
        print("| shape | n, 2n, 4n | page MB | CPU s | growth (1 = linear) | µs per byte at 4n | text at 4n |")
        print("|---|---|---|---|---:|---:|---:|")
        for shape in args.only or SHAPES:
            _, within, beyond, unit = SHAPES[shape]
            base = beyond if args.beyond else within
            sizes = [round(base * args.scale * k) for k in (1, 2, 4)]
            runs = [measure(cwd, shape, n, args.repeat, args.timeout, args.beyond) for n in sizes]
            times = [t if isinstance(t, float) else None for _, t, _ in runs]
            first, last = times[0], times[2]
            growth = f"{math.log(last / first) / math.log(runs[2][0] / runs[0][0]):.2f}" if first and last else "-"
            per_byte = f"{last / runs[2][0] * 1e6:.2f}" if last else "-"
            text = f"{runs[2][2]:,}" if runs[2][2] >= 0 else "-"
            print(
                f"| {shape} | {', '.join(f'{n:,}' for n in sizes)} {unit} "
                f"| {', '.join(f'{b / 1e6:.2f}' for b, _, _ in runs)} "
                f"| {', '.join(_seconds(t, args.timeout) for _, t, _ in runs)} | {growth} | {per_byte} | {text} |",
                flush=True,
            )
    print(f"\n{time.perf_counter() - started:.0f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
