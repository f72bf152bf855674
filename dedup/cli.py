"""The ``dedup`` command: the same engine as the library, over files.

Exit codes: 0 done, 1 bad input (the message names the file and line), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TextIO, TypeVar

from . import __version__
from .corpus import clean_corpus, iter_clean_corpus
from .errors import DedupError, InputFormatError
from .index import Index
from .index.logs import is_redis
from .lines import line_number_at
from .readers import read_documents
from .types import CleanResult

__all__ = ["main"]

T = TypeVar("T")

_PREVIEW = 70


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args))
    except InputFormatError as err:
        print(f"dedup: error: {err}", file=sys.stderr)
        return 1
    except DedupError as err:
        print(f"dedup: error: {err}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # `dedup clean ... | head` is normal use
        return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dedup", description="Clean scraped news articles.")
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("clean", help="clean articles and print the canonical text")
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".txt (one article each), .jsonl (text|html, id, source, url, published), "
        "directories, .gz, or - for stdin",
    )
    p.add_argument("--format", choices=("jsonl", "text"), default="jsonl", help="output format (default: jsonl)")
    p.add_argument("--explain", action="store_true", help="list every removed line with its rule and reason")
    p.add_argument(
        "--index",
        metavar="PATH",
        help="persistent index (SQLite file or redis:// URL) to learn into and clean against; "
        "without it the articles given are learned together in memory",
    )
    p.set_defaults(run=_run_clean)

    p = sub.add_parser("dups", help="syndication clusters: copies of one story, as JSONL")
    p.add_argument("paths", nargs="+", metavar="PATH", help="the same inputs as dedup clean")
    p.add_argument("--index", metavar="PATH", help="persistent index to learn into and match against")
    p.set_defaults(run=_run_dups)

    p = sub.add_parser("report", help="write an HTML report of what cleaning removed, where and why")
    p.add_argument("paths", nargs="+", metavar="PATH", help="the same inputs as dedup clean")
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--index", metavar="PATH", help="persistent index to learn into and clean against")
    p.set_defaults(run=_run_report)

    p = sub.add_parser("spark-clean", help="clean a corpus on Apache Spark (pip install 'newsdedup[spark]')")
    p.add_argument(
        "input", metavar="IN", help="JSONL (text, id, source, published; .gz too) or Parquet, a file or a directory"
    )
    p.add_argument("output", metavar="OUT", help="a new directory for the results (Spark part files)")
    p.add_argument("--master", default="local[*]", help="Spark master URL (default: local[*], all local cores)")
    p.add_argument("--format", choices=("parquet", "jsonl"), default="parquet", help="output format (default: parquet)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    p.set_defaults(run=_run_spark_clean)

    p = sub.add_parser("index", help="inspect a persistent index")
    isub = p.add_subparsers(required=True, metavar="ACTION")
    s = isub.add_parser("stats", help="size, and each outlet's most frequent boilerplate lines")
    s.add_argument("location", metavar="PATH", help="SQLite file or redis:// URL")
    s.add_argument("--top", type=int, default=10, help="lines shown per outlet (default: 10)")
    s.add_argument("--source", help="only this outlet")
    s.set_defaults(run=_run_index_stats)
    s = isub.add_parser("checkpoint", help="save the index's in-memory state beside it, so that it opens fast")
    s.add_argument("location", metavar="PATH", help="SQLite file or redis:// URL")
    s.add_argument(
        "--checkpoint-path",
        metavar="FILE",
        help="where to write it (default for a SQLite index: PATH.checkpoint; required for Redis)",
    )
    s.set_defaults(run=_run_index_checkpoint)
    return parser


def _run_clean(args: argparse.Namespace) -> int:
    out = sys.stdout
    index = Index.open(args.index) if args.index else None
    try:
        # In bounded memory: the articles wait in a temporary file between learning and cleaning.
        docs = _progress(read_documents(args.paths), "reading")
        for result in _progress(iter_clean_corpus(docs, index=index), "cleaning"):
            if args.format == "jsonl":
                out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
                if args.explain:
                    _explain(result, sys.stderr)
            else:
                out.write(f"==> {result.id} <==\n{result.text}\n")
                if args.explain:
                    _explain(result, out)
                out.write("\n")
    finally:
        if index is not None:
            index.close()
    return 0


def _run_dups(args: argparse.Namespace) -> int:
    docs = list(_progress(read_documents(args.paths), "reading"))
    index = Index.open(args.index) if args.index else Index()
    try:
        results = {r.id: r for r in clean_corpus(docs, index=index)}
        clusters = index.clusters()
    finally:
        index.close()
    copies = 0
    for canonical, members in clusters:
        similarity = {}
        for m in members[1:]:
            s = results[m].syndication if m in results else None
            similarity[m] = None if s is None else s.similarity
        copies += len(members) - 1
        print(json.dumps({"canonical": canonical, "members": members, "similarity": similarity}, ensure_ascii=False))
    n = len(clusters)
    print(
        f"dedup dups: {len(docs)} articles, {n} cluster{'s' * (n != 1)} of copies, "
        f"{copies} cop{'ies' if copies != 1 else 'y'} of a canonical article",
        file=sys.stderr,
    )
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from .report import write_report

    docs = list(_progress(read_documents(args.paths), "reading"))
    index = Index.open(args.index) if args.index else Index()
    try:
        results = clean_corpus(docs, index=index)
        try:
            size = write_report(results, args.output, index=index)
        except OSError as err:
            print(f"dedup: error: cannot write {args.output}: {err.strerror or err}", file=sys.stderr)
            return 1
    finally:
        index.close()
    print(f"dedup report: {len(results)} articles, {size:,} bytes written to {args.output}", file=sys.stderr)
    return 0


def _run_spark_clean(args: argparse.Namespace) -> int:
    from .spark import run_spark_clean

    stats = run_spark_clean(args.input, args.output, master=args.master, fmt=args.format, conf=args.conf)
    print(f"dedup spark-clean: {stats.articles} articles, {stats.lines} lines -> {args.output}", file=sys.stderr)
    return 0


def _require_index(location: str) -> None:
    """An index file must exist (opening would create an empty one); a Redis URL is asked as it is."""
    if not is_redis(location) and not Path(location).is_file():
        raise InputFormatError("no such index file", path=location)


def _run_index_stats(args: argparse.Namespace) -> int:
    _require_index(args.location)
    with Index.open(args.location) as index:
        stats = index.stats()
        print(
            f"{stats.location}: {stats.documents} article{'s' * (stats.documents != 1)}, "
            f"{stats.lines} distinct line{'s' * (stats.lines != 1)}, {stats.outlets} outlet{'s' * (stats.outlets != 1)}"
        )
        outlets = [args.source] if args.source else sorted(index.outlets())
        for source in outlets:
            top = index.top_lines(source, args.top)
            print(f"\n{source or '(source unknown)'}: {len(top)} recurring lines shown")
            for text, stories in top:
                preview = text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"
                print(f"  {stories:>6} stories  {preview}")
    return 0


def _run_index_checkpoint(args: argparse.Namespace) -> int:
    _require_index(args.location)
    with Index.open(args.location, checkpoint_path=args.checkpoint_path, checkpoint_every=0) as index:
        info = index.checkpoint()
    print(f"{info.path}: the state after {info.position:,} log records, {info.size:,} bytes", file=sys.stderr)
    return 0


def _explain(result: CleanResult, out: TextIO) -> None:
    if not result.removals:
        out.write(f"-- {result.id}: nothing removed\n")
        return
    out.write(f"-- {result.id}: {len(result.removals)} removed\n")
    for r in result.removals:
        chunk = result.original[r.start : r.end]
        first = line_number_at(result.original, r.start + len(chunk) - len(chunk.lstrip()))
        last = line_number_at(result.original, r.start + len(chunk.rstrip()) - 1)
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        preview = " ".join(chunk.split())
        if len(preview) > _PREVIEW:
            preview = preview[: _PREVIEW - 1] + "…"
        out.write(f"   {where:<12} {r.rule:<11} {r.reason}: {preview!r}\n")


def _progress(items: Iterable[T], desc: str) -> Iterable[T]:
    from tqdm import tqdm

    # disable=None: a bar only when stderr is a terminal, so logs and pipes stay clean.
    bar: Iterable[T] = tqdm(items, desc=desc, unit=" articles", disable=None, file=sys.stderr, leave=False)
    return bar


if __name__ == "__main__":
    sys.exit(main())
