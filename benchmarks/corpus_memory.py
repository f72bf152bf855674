"""Peak memory of ``clean_corpus`` beyond its input, per line, and what the results hold after.

    python -m benchmarks.corpus_memory --data /work/shared/data --articles 100000

Generates the benchmark corpus (section 7's: re-mixed helsinki sentences, seed 1), then runs one
``clean_corpus`` over it in this process and reports the growth of the peak resident set size
(``VmHWM``) over the resident size before the call, per input line, and the resident growth still
held once it returns (the results). Run it in a fresh process per size: the peak is the process's.
"""

from __future__ import annotations

import argparse
import gc
import time
from pathlib import Path

import dedup
from benchmarks.corpus import CorpusSpec, articles, sentence_pool
from benchmarks.machine import peak_rss, rss


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="the shared data folder (holds helsinki/)")
    parser.add_argument("--articles", type=int, default=100_000)
    args = parser.parse_args(argv)
    docs = list(articles(sentence_pool(args.data), CorpusSpec(articles=args.articles)))
    lines = sum(d["text"].count("\n") + 1 for d in docs)
    text_bytes = sum(len(d["text"].encode()) for d in docs)
    gc.collect()
    before = rss()
    cpu = time.process_time()
    results = dedup.clean_corpus(docs)
    cpu = time.process_time() - cpu
    peak, held = peak_rss() - before, rss() - before
    print(
        f"{args.articles:,} articles, {lines:,} lines, {text_bytes / 2**20:.0f} MiB of text: peak growth "
        f"{peak / 2**30:.2f} GiB = {peak / lines:,.0f} B a line; held after (the {len(results):,} results) "
        f"{held / lines:,.0f} B a line; CPU {cpu:.0f} s, {1e6 * cpu / lines:.1f} us a line"
    )


if __name__ == "__main__":
    main()
