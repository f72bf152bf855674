"""Where clean_corpus spends its time: cProfile of learn + clean on real or re-mixed lines.

    python benchmarks/profile_corpus.py --data ../shared/data [--articles 3000] [--top 15] [--baseline-lines 10000]

Profiles ``dedup.clean_corpus`` on the helsinki corpus (real articles) and on a re-mix of its
sentences into ``--articles`` articles of ~22 lines from 50 outlets, each outlet with a 3-line
banner on 70% of its articles and 10% syndicated copies. Prints markdown: the CPU time without
the profiler, then the steps (cumulative share; steps absent from a version show 0%) and the
functions (own share) that take longest. With ``--baseline-lines``, also the plain datasketch
pipeline on that many lines of the same articles in the same run (per line: ``MinHash(128)``
updated per word 3-shingle, ``MinHashLSH(threshold=0.8)`` query then insert), and the ratio.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import pstats
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dedup
import dedup.templates.matcher
from benchmarks.data import scraped_articles

# The steps of the hot path, as (label, function name suffix) in pstats' (file, line, name) keys.
STEPS = (
    ("prepare, one article at a time (before prepare_many)", "index/__init__.py", "prepare"),
    ("prepare: split, normalise, fingerprint (prepare_many)", "index/__init__.py", "prepare_many"),
    ("  split_lines + normalize (one article at a time)", "lines.py", "split_lines"),
    ("  split_lines_many (split + normalise, the whole batch)", "lines.py", "split_lines_many"),
    ("  fingerprint_lines (shingle hashing, MinHash)", "index/records.py", "fingerprint_lines"),
    ("  make_record (before fingerprint_lines)", "index/records.py", "make_record"),
    ("learn, one article at a time (IndexState.apply)", "index/state.py", "apply"),
    ("learn in bulk (IndexState.apply_many)", "index/state.py", "apply_many"),
    ("  line ids and band tables in bulk (_learn_new_lines)", "index/state.py", "_learn_new_lines"),
    ("  postings per article (_add_article)", "index/state.py", "_add_article"),
    ("  syndicated-copy checks (_copies_of)", "index/state.py", "_copies_of"),
    ("clean: clean_prepared", "index/__init__.py", "clean_prepared"),
    ("  evidence", "index/state.py", "evidence"),
    ("  rules (judge)", "rules.py", "judge"),
    ("    repeats", "repeats.py", "find_repeats"),
    ("    templates", "rules.py", "template"),
    ("  assemble result", "cleaner.py", "build_result"),
)


def remix(data: Path, n_articles: int, seed: int = 1) -> list[dict[str, str]]:
    pool = []
    for name in ("helsinki_articles.csv", "census_articles.csv", "spotify_articles.csv"):
        with open(data / "helsinki" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for para in row["text"].split(" ### "):
                    pool.extend(s.strip() for s in para.split(". ") if len(s.split()) >= 4)
    rnd = random.Random(seed)
    banners = [[rnd.choice(pool)[:60] for _ in range(3)] for _ in range(50)]
    bodies: list[list[str]] = []
    docs = []
    for k in range(n_articles):
        if bodies and rnd.random() < 0.1:  # a syndicated copy with a wire prefix
            body = list(bodies[rnd.randrange(len(bodies))])
            body[0] = "WASHINGTON (Reuters) - " + body[0]
        else:
            body = [" ".join(rnd.sample(pool, 2)) for _ in range(rnd.randint(18, 25))]
        bodies.append(body)
        lines = body + (banners[k % 50] if rnd.random() < 0.7 else [])
        docs.append({"id": f"a{k}", "source": f"outlet{k % 50}.example", "text": "\n".join(lines)})
    return docs


def datasketch_lines_per_second(docs: list[dict[str, str]], n_lines: int) -> float:
    """CPU lines/s of the pipeline a user would write with datasketch directly."""
    from datasketch import MinHash, MinHashLSH

    lines = [ln for d in docs for ln in d["text"].splitlines() if ln.strip()][:n_lines]
    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    t0 = time.process_time()
    for k, line in enumerate(lines):
        words = line.lower().split()
        m = MinHash(num_perm=128)
        for i in range(max(1, len(words) - 2)):
            m.update(" ".join(words[i : i + 3]).encode("utf-8"))
        lsh.query(m)
        lsh.insert(str(k), m)
    return len(lines) / (time.process_time() - t0)


def profile(name: str, docs: list[dict[str, str]], top: int, baseline_lines: int) -> None:
    n_lines = sum(len(dedup.lines.split_lines(d["text"])) for d in docs)
    t0 = time.process_time()
    dedup.clean_corpus(docs)
    cpu = time.process_time() - t0
    # The template rule memoises lines: profile a cold run, as the timing above was.
    for memo in ("_match_short", "_candidates"):
        clear = getattr(getattr(dedup.templates.matcher, memo, None), "cache_clear", None)
        if clear is not None:
            clear()
    prof = cProfile.Profile()
    prof.enable()
    dedup.clean_corpus(docs)
    prof.disable()
    stats: Any = pstats.Stats(prof).stats  # (file, line, name) -> (cc, nc, tottime, cumtime, callers)
    total = sum(v[2] for v in stats.values())
    print(f"## {name}: {len(docs)} articles, {n_lines} lines\n")
    print(f"clean_corpus: {cpu:.2f} CPU s without the profiler = {n_lines / cpu:,.0f} lines/s\n")
    if baseline_lines:
        base = datasketch_lines_per_second(docs, baseline_lines)
        ratio = n_lines / cpu / base
        print(f"datasketch pipeline, first {baseline_lines} lines: {base:,.0f} lines/s; ratio {ratio:.1f}x\n")
    print("| step | share of time (cumulative) |\n|---|---:|")
    for label, path, func in STEPS:
        cum = sum(v[3] for (f, _, fn), v in stats.items() if fn == func and f.endswith(path))
        print(f"| {label} | {cum / total:.0%} |")
    print("\n| function (own time) | calls | share |\n|---|---:|---:|")
    for (f, line, fn), v in sorted(stats.items(), key=lambda kv: -kv[1][2])[:top]:
        where = f"{Path(f).parent.name}/{Path(f).name}:{line}" if line else "builtin"
        print(f"| `{fn}` {where} | {v[1]:,} | {v[2] / total:.1%} |")
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=3000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--baseline-lines", type=int, default=0)
    args = parser.parse_args()
    profile("helsinki (real articles)", scraped_articles(args.data), args.top, args.baseline_lines)
    profile("re-mixed helsinki sentences", remix(args.data, args.articles), args.top, args.baseline_lines)


if __name__ == "__main__":
    main()
