"""The pipelines dedup is measured against, side by side on the same lines (issue 26).

- ``minhash_update``: what a user writes with datasketch first: per line ``MinHash(num_perm=128)``
  updated one 3-word shingle at a time, then ``MinHashLSH(threshold=0.8)`` query and insert;
- ``minhash_bulk``: the same with the signatures computed by ``MinHash.bulk`` (datasketch's
  fastest path), then the same LSH;
- ``ccnet``: CCNet-style exact line dedup in plain Python: every line normalised as ``cc_net``'s
  ``normalize_for_dedup`` does (stripped, lower case, digits to 0, its Unicode punctuation and
  non-printing characters dropped), hashed (the first 8 bytes of SHA-1, as ``cc_net``), counted
  over the corpus, then every line whose hash occurs more than once dropped;
- ``floor``: split every article into lines and hash each with xxh64: no pipeline is faster.

Each returns a count of what it found, so the work cannot be skipped. Run side by side with
``dedup.clean_corpus`` on the same articles (CPU seconds, medians of the rounds, alternating):

    python -m benchmarks.baselines --data ../shared/data --articles 10000 [--rounds 3] [--json out.json]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

import xxhash

__all__ = ["ccnet", "floor", "minhash_bulk", "minhash_update", "shingle_lists"]

# The datasketch pipelines run on the first whole articles holding this many lines (they are slow),
# beside clean_corpus on the same articles.
_MINHASH_LINES = 60_000

# cc_net/text_normalizer.py: digits become 0; its Unicode punctuation and non-printing characters go.
_DIGIT = re.compile(r"\d")
_UNICODE_PUNCT = "，。、„”“«»１」「《》´∶：？！（）；–—．～’…━〈〉【】％►"
_NON_PRINTING = "".join(map(chr, [*range(0, 32), *range(127, 160)]))
_PUNCT_OR_NON_PRINTING = re.compile("[" + re.escape(_UNICODE_PUNCT + _NON_PRINTING) + "]")


def shingle_lists(lines: Sequence[str]) -> list[list[bytes]]:
    """Word 3-shingles of each line as the datasketch pipelines hash them (a line of fewer than
    three words is one shingle).

    >>> shingle_lists(["a b c d", "x"])
    [[b'a b c', b'b c d'], [b'x']]
    """
    out = []
    for line in lines:
        words = line.split()
        out.append([" ".join(words[k : k + 3]).encode("utf-8") for k in range(max(1, len(words) - 2))])
    return out


def minhash_update(lines: Sequence[str]) -> int:
    """Per line ``MinHash(num_perm=128)`` updated per shingle, then ``MinHashLSH(threshold=0.8)``
    query and insert; returns how many lines had a candidate.

    >>> minhash_update(["the cat sat on the mat today", "the cat sat on the mat today", "a dog"])
    1
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    found = 0
    for n, shingles in enumerate(shingle_lists(lines)):
        m = MinHash(num_perm=128)
        for s in shingles:
            m.update(s)
        if lsh.query(m):
            found += 1
        lsh.insert(str(n), m)
    return found


def minhash_bulk(lines: Sequence[str]) -> int:
    """The signatures of every line by ``MinHash.bulk`` (shingling included), then the same
    ``MinHashLSH`` query and insert; returns how many lines had a candidate.

    >>> minhash_bulk(["the cat sat on the mat today", "the cat sat on the mat today", "a dog"])
    1
    """
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.8, num_perm=128)
    found = 0
    for n, m in enumerate(MinHash.bulk(shingle_lists(lines), num_perm=128)):
        if lsh.query(m):
            found += 1
        lsh.insert(str(n), m)
    return found


def normalize_for_dedup(line: str) -> str:
    """``cc_net``'s normal form for line dedup.

    >>> normalize_for_dedup("  Read MORE: 24 «Stories»!  ")
    'read more: 00 stories!'
    """
    line = line.strip()
    if not line:
        return line
    line = _DIGIT.sub("0", line.lower())
    return _PUNCT_OR_NON_PRINTING.sub("", line)


def ccnet(texts: Sequence[str]) -> int:
    """CCNet-style exact line dedup of whole articles: normalise and hash every line, count the
    hashes over the corpus, then rebuild every article without the lines seen more than once.
    Returns the lines dropped.

    >>> ccnet(["Hello world.\\nShare this!", "Other news\\nshare THIS!"])
    2
    """
    counts: Counter[bytes] = Counter()
    hashed: list[list[bytes]] = []
    for text in texts:
        keys = [hashlib.sha1(normalize_for_dedup(line).encode("utf-8")).digest()[:8] for line in text.split("\n")]
        counts.update(keys)
        hashed.append(keys)
    dropped = 0
    for text, keys in zip(texts, hashed, strict=True):
        kept = [line for line, key in zip(text.split("\n"), keys, strict=True) if counts[key] == 1]
        dropped += len(keys) - len(kept)
        "\n".join(kept)
    return dropped


def floor(texts: Sequence[str]) -> int:
    """Split every article into lines and hash each one with xxh64: the least any line dedup does.

    >>> floor(["a\\nb", "c"])
    3
    """
    n = 0
    for text in texts:
        n += len(list(map(xxhash.xxh64_intdigest, text.encode("utf-8").split(b"\n"))))
    return n


def main(argv: list[str] | None = None) -> int:
    import dedup

    from .corpus import CorpusSpec, articles, sentence_pool
    from .machine import describe_machine

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--minhash-lines", type=int, default=_MINHASH_LINES)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    docs = list(articles(sentence_pool(args.data), CorpusSpec(articles=args.articles)))
    texts = [d["text"] for d in docs]
    lines = [line for t in texts for line in t.split("\n")]
    sample = []  # the first whole articles holding --minhash-lines lines: the datasketch pipelines' sample
    held = 0
    for doc in docs:
        if held >= args.minhash_lines:
            break
        sample.append(doc)
        held += doc["text"].count("\n") + 1
    few = [line for d in sample for line in d["text"].split("\n")]
    runs: dict[str, tuple[int, Callable[[], object]]] = {
        "dedup.clean_corpus": (len(lines), lambda: dedup.clean_corpus(docs)),
        "ccnet": (len(lines), lambda: ccnet(texts)),
        "floor": (len(lines), lambda: floor(texts)),
        "dedup.clean_corpus, sample": (len(few), lambda: dedup.clean_corpus(sample)),
        "minhash_bulk, sample": (len(few), lambda: minhash_bulk(few)),
        "minhash_update, sample": (len(few), lambda: minhash_update(few)),
    }
    dedup.clean_corpus(docs[:50])  # warm-up: imports and lazily built tables are not measured
    minhash_update(few[:50])
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(args.rounds):
        for name, (_, run) in runs.items():
            gc.collect()
            start = time.process_time()
            run()
            cpu[name].append(time.process_time() - start)
    rate = {name: n / statistics.median(cpu[name]) for name, (n, _) in runs.items()}
    print(f"{args.articles:,} articles, {len(lines):,} lines; {describe_machine().line()}")
    print("| pipeline | lines | CPU s per round | lines per CPU s | dedup / it (same lines) |")
    print("|---|---:|---|---:|---:|")
    for name, (n, _) in runs.items():
        rounds = ", ".join(f"{c:.2f}" for c in cpu[name])
        mine = rate["dedup.clean_corpus, sample" if name.endswith("sample") else "dedup.clean_corpus"]
        print(f"| {name} | {n:,} | {rounds} | {rate[name]:,.0f} | {mine / rate[name]:.2f}x |")
    if args.json is not None:
        figures = {"articles": args.articles, "lines": len(lines), "cpu_seconds": cpu, "lines_per_cpu_s": rate}
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
