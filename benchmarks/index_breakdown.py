"""Memory of the in-memory index by structure, under tracemalloc (issue 6).

    python -m benchmarks.index_breakdown --data ../shared/data [--articles 20000]

Feeds the harness corpus (``benchmarks.corpus``, seed 1, as ``python -m benchmarks``'s
tracemalloc step does) to ``Index()`` with ``add``, one article at a time, under tracemalloc;
then deletes the attributes of the index's state one at a time, in a fixed order, and reports
what tracemalloc sees freed by each (an object shared by two attributes counts for the last one
deleted). Prints markdown: bytes per line fed to the index, and per distinct line.
"""

from __future__ import annotations

import argparse
import gc
import tracemalloc
from pathlib import Path

import dedup

from .corpus import CorpusSpec, articles, sentence_pool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=20000)
    args = parser.parse_args()
    pool = sentence_pool(args.data)
    docs = list(articles(pool, CorpusSpec(articles=args.articles)))
    gc.collect()
    tracemalloc.start()
    idx = dedup.Index()
    lines = 0
    for doc in docs:
        lines += doc["text"].count("\n") + 1
        idx.add(doc["text"], doc_id=doc["id"], source=doc["source"], published=doc["published"])
    del docs
    gc.collect()
    total, peak = tracemalloc.get_traced_memory()
    state = idx._state
    distinct = state.lines
    rows: list[tuple[str, int]] = []
    before = total
    for name in sorted(vars(state) if hasattr(state, "__dict__") else (), key=str):
        if name == "config":
            continue
        delattr(state, name)
        gc.collect()
        now = tracemalloc.get_traced_memory()[0]
        rows.append((name, before - now))
        before = now
    del state, idx
    gc.collect()
    rows.append(("(rest: the Index object, caches outside the state)", before - tracemalloc.get_traced_memory()[0]))
    tracemalloc.stop()
    print(f"# Index memory by structure ({args.articles:,} articles, {lines:,} lines, {distinct:,} distinct)\n")
    print(
        f"tracemalloc after the build: {total / 2**20:.1f} MiB = **{total / lines:.1f} B per line** "
        f"({total / distinct:.1f} B per distinct line); peak {peak / lines:.1f} B per line.\n"
    )
    print("| structure | MiB | B per line | B per distinct line |\n|---|---:|---:|---:|")
    for name, freed in sorted(rows, key=lambda r: -r[1]):
        print(f"| `{name}` | {freed / 2**20:.2f} | {freed / lines:.1f} | {freed / distinct:.1f} |")


if __name__ == "__main__":
    main()
