"""Digests of every result the index gives, to check that a speed-up changes nothing.

    python -m benchmarks.identity_digest --data ../shared/data [--articles 20000] [--json out.json]

Prints one digest (xxh64 of the JSON of each result, in order) per part, and writes them to
``--json``; run it before and after a change and compare the two files. The parts:

- ``helsinki``, ``census``, ``spotify``, ``scraped-all``: ``clean_corpus`` on the real scraped
  corpora, each alone and all together;
- ``seeds``: ``clean_corpus`` on the seed articles, and ``clean`` of each alone;
- ``remix-months``: ``clean_corpus`` on ``--articles`` articles of the benchmark corpus spread
  over 90 days, with ``clusters()``;
- ``remix-banners``: ``clean_corpus`` on ``--articles // 2`` articles from 3 outlets with a
  banner on 90% of their articles, so banner lines are in more than ``MAX_CANDIDATE_POSTINGS``
  articles (the copy check's "unlisted" clusters), with ``clusters()`` and ``top_lines``;
- ``stream``: an ``Index`` fed one article at a time, each cleaned with ``learn=False`` first,
  then learned (``Index.add``), with ``memory_days=1`` and a forget request every 500 articles
  (``Index.forget`` of what is older than a day), then 300 more
  queries; ``clusters()`` and ``top_lines`` at the end.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import xxhash

import dedup

from .corpus import CorpusSpec, articles, sentence_pool
from .data import scraped_articles

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def _digest(items: Iterable[Any]) -> str:
    h = xxhash.xxh64()
    n = 0
    for item in items:
        h.update(json.dumps(item, sort_keys=True, default=str).encode())
        n += 1
    return f"{h.hexdigest()}:{n}"


def _results(results: Iterable[dedup.CleanResult]) -> Iterable[dict[str, Any]]:
    return (r.to_dict() for r in results)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--stream", type=int, default=3_000)
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--only", default=None, help="comma-separated parts to run")
    args = parser.parse_args(argv)
    only = None if args.only is None else set(args.only.split(","))
    out: dict[str, str] = {}

    def part(name: str, compute: Any) -> None:
        if only is not None and name not in only:
            return
        start = time.perf_counter()
        out[name] = compute()
        print(f"{name}: {out[name]} ({time.perf_counter() - start:.1f} s)", file=sys.stderr, flush=True)

    names = ("helsinki", "census", "spotify")
    scraped = {name: scraped_articles(args.data, name, id_prefix=f"{name}/") for name in names}
    for name, docs in scraped.items():
        part(name, lambda docs=docs: _digest(_results(dedup.clean_corpus(docs))))
    part("scraped-all", lambda: _digest(_results(dedup.clean_corpus([d for ds in scraped.values() for d in ds]))))

    def seeds() -> str:
        texts = [(p.name, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
        together = dedup.clean_corpus([{"text": t, "id": n} for n, t in texts])
        alone = [dedup.clean(t) for _, t in texts]
        return _digest([*_results(together), *_results(alone)])

    part("seeds", seeds)
    pool = sentence_pool(args.data)

    def corpus_run(spec: CorpusSpec, top: bool) -> str:
        docs = list(articles(pool, spec))
        idx = dedup.Index()
        results = dedup.clean_corpus(docs, index=idx)
        extra: list[Any] = [idx.clusters(), len(idx)]
        if top:
            extra.extend(idx.top_lines(o, 5) for o in idx.outlets())
        return _digest([*_results(results), *extra])

    part("remix-months", lambda: corpus_run(CorpusSpec(articles=args.articles, span_days=90.0, seed=5), False))
    part(
        "remix-banners",
        lambda: corpus_run(
            CorpusSpec(articles=args.articles // 2, outlets=3, banner_share=0.9, span_days=4.0, seed=7), True
        ),
    )

    def stream() -> str:
        idx = dedup.Index(dedup.Config(memory_days=1.0, syndication_window_days=1.0))
        docs = list(articles(pool, CorpusSpec(articles=args.stream + 300, outlets=8, span_days=6.0, seed=11)))
        got: list[Any] = []
        for k, d in enumerate(docs[: args.stream]):
            got.append(idx.clean(d["text"], d["id"], d["source"], d["published"], learn=False).to_dict())
            idx.add(d["text"], d["id"], d["source"], d["published"])
            if k % 500 == 499:
                idx.forget(before=datetime.fromisoformat(d["published"]) - timedelta(days=1))
        for d in docs[args.stream :]:
            got.append(idx.clean(d["text"], d["id"], d["source"], d["published"], learn=False).to_dict())
        got.append(idx.clusters())
        got.extend(idx.top_lines(o, 5) for o in idx.outlets())
        return _digest(got)

    part("stream", stream)
    if args.json is not None:
        args.json.write_text(json.dumps(out, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
