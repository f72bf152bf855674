"""Lines per second of datasketch MinHash vs dedup.fingerprint.MinHasher on real news paragraphs.

Usage::

    python benchmarks/fingerprint_speed.py --data /work/shared/data [--unit both] [--repeat 5]

Lines are the Helsinki articles' paragraphs (texts split on " ### "), optionally also split into
sentences; tokens are ``re.findall(r"\\w+", line.casefold())`` and shingles word trigrams. All three
MinHash paths get the same shingles and the same token hash (xxh32), and their signatures are
checked to be bit-identical before any number is printed. "End to end" adds the measured
tokenise + shingle cost per line, common to all three paths.
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import io
import pstats
import re
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

import numpy as np
import numpy.typing as npt
from datasketch import MinHash

try:
    from dedup.fingerprint import MinHasher
    from dedup.hashing import shingles, token_hash
except ModuleNotFoundError as err:  # run from a checkout without installing it
    if err.name != "dedup":
        raise
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from dedup.fingerprint import MinHasher
    from dedup.hashing import shingles, token_hash

WORD = re.compile(r"\w+")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def load_lines(data: Path, unit: str) -> list[str]:
    """Paragraphs and/or sentences of the Helsinki articles, in file order."""
    csv.field_size_limit(sys.maxsize)
    path = data / "helsinki" / "helsinki_articles.csv"
    with path.open(encoding="utf-8", newline="") as f:
        texts = [row["text"] for row in csv.DictReader(f)]
    paragraphs = [p for text in texts for p in text.split(" ### ")]
    sentences = [s for p in paragraphs for s in SENTENCE_END.split(p)]
    return {"paragraphs": paragraphs, "sentences": sentences, "both": paragraphs + sentences}[unit]


def tokenise(line: str) -> list[str]:
    return WORD.findall(line.casefold())


def best_time(fn: Callable[[], object], repeat: int) -> tuple[float, float]:
    """(min, median) wall seconds over ``repeat`` runs; min is the least noisy on a shared machine."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times), statistics.median(times)


def datasketch_update(shingle_lists: Sequence[list[bytes]], num_perm: int, seed: int) -> npt.NDArray[np.uint32]:
    """(a) The naive way: one MinHash per line, update() per shingle."""
    out = np.empty((len(shingle_lists), num_perm), dtype=np.uint32)
    for i, sl in enumerate(shingle_lists):
        m = MinHash(num_perm=num_perm, seed=seed, hashfunc=token_hash, scheme="affine32")
        for s in sl:
            m.update(s)
        out[i] = m.hashvalues
    return out


def datasketch_bulk(shingle_lists: Sequence[list[bytes]], num_perm: int, seed: int) -> npt.NDArray[np.uint32]:
    """(b) datasketch's own batch path: MinHash.bulk, i.e. update_batch per line."""
    mhs = MinHash.bulk(shingle_lists, num_perm=num_perm, seed=seed, hashfunc=token_hash, scheme="affine32")
    return np.array([m.hashvalues for m in mhs], dtype=np.uint32).reshape(len(mhs), num_perm)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=Path("/work/shared/data"))
    parser.add_argument("--unit", choices=["paragraphs", "sentences", "both"], default="paragraphs")
    parser.add_argument("--repeat", type=int, default=5, help="runs per fast path (min is reported)")
    parser.add_argument("--slow-lines", type=int, default=3000, help="lines timed for the update() path")
    parser.add_argument("--num-perm", type=int, default=128)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sweep-blocks", action="store_true", help="also time MinHasher block sizes")
    args = parser.parse_args(argv)

    lines = load_lines(args.data, args.unit)
    n = len(lines)
    # Shared by all three paths, so timed once (best of --repeat, like the fast paths).
    token_lists: list[list[str]] = []
    shingle_lists: list[list[bytes]] = []
    tok_s, _ = best_time(lambda: token_lists.__setitem__(slice(None), map(tokenise, lines)), args.repeat)
    sh_s, _ = best_time(lambda: shingle_lists.__setitem__(slice(None), map(shingles, token_lists)), args.repeat)
    prep_rate = n / (tok_s + sh_s)
    n_shingles = sum(map(len, shingle_lists))
    slow = shingle_lists[: args.slow_lines]
    hasher = MinHasher(args.num_perm, args.seed)
    print(
        f"{n} lines ({args.unit}), {n_shingles} shingles ({n_shingles / n:.1f}/line), "
        f"num_perm={args.num_perm}, block={hasher.block_size} shingles\n"
        f"tokenise (casefold + \\w+): {n / tok_s:,.0f} lines/s; shingles(): {n / sh_s:,.0f} lines/s; "
        f"both: {prep_rate:,.0f} lines/s\n"
    )

    # Equal outputs first: a fast wrong answer is not a result.
    ref = datasketch_update(slow, args.num_perm, args.seed)
    assert np.array_equal(ref, datasketch_bulk(slow, args.num_perm, args.seed)), "bulk != update"
    ours = hasher.signatures(shingle_lists)
    assert np.array_equal(ref, ours[: len(slow)]), "MinHasher != datasketch update()"

    rates: dict[str, float] = {}
    medians: dict[str, float] = {}
    for key, fn, count in (
        ("a", lambda: datasketch_update(slow, args.num_perm, args.seed), len(slow)),
        ("b", lambda: datasketch_bulk(shingle_lists, args.num_perm, args.seed), n),
        ("c", lambda: hasher.signatures(shingle_lists), n),
    ):
        best, median = best_time(fn, 1 if key == "a" else max(1, args.repeat // 2) if key == "b" else args.repeat)
        rates[key], medians[key] = count / best, count / median

    def e2e(rate: float) -> float:
        return 1.0 / (1.0 / prep_rate + 1.0 / rate)

    labels = {
        "a": f"(a) datasketch `MinHash.update` per shingle ({len(slow)} lines)",
        "b": "(b) datasketch `MinHash.bulk` (update_batch)",
        "c": "(c) `MinHasher.signatures`",
    }
    print("| path | MinHash stage lines/s (best) | median | end to end lines/s |")
    print("|---|---:|---:|---:|")
    for key, label in labels.items():
        print(f"| {label} | {rates[key]:,.0f} | {medians[key]:,.0f} | {e2e(rates[key]):,.0f} |")
    print()
    print("| ratio | MinHash stage | end to end |")
    print("|---|---:|---:|")
    for other in ("a", "b"):
        stage = rates["c"] / rates[other]
        whole = e2e(rates["c"]) / e2e(rates[other])
        print(f"| (c)/({other}) | {stage:.1f}x | {whole:.1f}x |")

    if args.sweep_blocks:
        print("\n| block (shingles) | lines/s |\n|---:|---:|")
        for block in (1024, 2048, 4096, 8192, 16384, 32768):
            swept = MinHasher(args.num_perm, args.seed, block_size=block)
            best, _ = best_time(partial(swept.signatures, shingle_lists), args.repeat)
            print(f"| {block} | {n / best:,.0f} |")

    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(3):
        hasher.signatures(shingle_lists)
    profiler.disable()
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("tottime").print_stats(8)
    print("\ncProfile of MinHasher.signatures x3, top 8 by own time:")
    print("\n".join(line for line in buf.getvalue().splitlines() if line.strip())[-2000:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
