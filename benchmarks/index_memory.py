"""Memory of the in-memory index per indexed line, and SQLite file size per line.

    python benchmarks/index_memory.py --data ../shared/data [--articles 20000]

Builds articles by re-mixing real paragraphs of the helsinki corpora (each new article takes
random real sentences, so its lines are new text with real word statistics), learns them into
an Index, and reports bytes per line from tracemalloc (numpy arrays included) and the index's
own account of its tables. Prints markdown.
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import dedup


def sentences(data: Path) -> list[str]:
    out = []
    for name in ("helsinki_articles.csv", "census_articles.csv", "spotify_articles.csv"):
        with open(data / "helsinki" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                for para in row["text"].split(" ### "):
                    out.extend(s.strip() for s in para.split(". ") if len(s.split()) >= 4)
    return out


def remix(pool: list[str], n_articles: int, lines_per: int, seed: int) -> list[dict[str, str]]:
    rnd = random.Random(seed)
    return [
        {
            "id": f"a{k}",
            "source": f"outlet{k % 50}.example",
            "text": "\n".join(" ".join(rnd.sample(pool, 2)) for _ in range(lines_per)),
        }
        for k in range(n_articles)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--lines", type=int, default=25)
    args = parser.parse_args()
    docs = remix(sentences(args.data), args.articles, args.lines, seed=1)
    n_lines = args.articles * args.lines

    t0 = time.perf_counter()
    timed = dedup.Index()
    for d in docs:
        timed.add(d["text"], doc_id=d["id"], source=d["source"])
    elapsed = time.perf_counter() - t0
    del timed

    gc.collect()
    tracemalloc.start()  # slows Python down several times: the build above is the timed one
    idx = dedup.Index()
    for d in docs:
        idx.add(d["text"], doc_id=d["id"], source=d["source"])
    gc.collect()
    current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    distinct = idx.stats().lines
    own = idx._state.nbytes()

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "m.dedup")
        with dedup.Index.open(path) as sidx:
            t1 = time.perf_counter()
            for d in docs[: min(5000, len(docs))]:
                sidx.add(d["text"], doc_id=d["id"], source=d["source"])
            sql_elapsed = time.perf_counter() - t1
        sql_docs = min(5000, len(docs))
        size = os.path.getsize(path) + sum(
            os.path.getsize(path + s) for s in ("-wal", "-shm") if os.path.exists(path + s)
        )

    print(f"# Index memory ({args.articles} articles x {args.lines} lines = {n_lines} lines, {distinct} distinct)\n")
    print("| measure | value |\n|---|---:|")
    print(f"| tracemalloc, index alive after build | {current / n_lines:.0f} B per line ({current / 2**20:.1f} MiB) |")
    print(f"| tracemalloc peak during build | {peak / n_lines:.0f} B per line |")
    print(f"| index's own account of its tables | {own / n_lines:.0f} B per line |")
    print(f"| learn speed (Index.add, one at a time) | {n_lines / elapsed:,.0f} lines/s |")
    print(f"| SQLite file | {size / (sql_docs * args.lines):.0f} B per line ({sql_docs} articles) |")
    print(f"| SQLite learn speed | {sql_docs * args.lines / sql_elapsed:,.0f} lines/s |")


if __name__ == "__main__":
    main()
