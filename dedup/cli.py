"""The ``dedup`` command: the same engine as the library, over files.

Exit codes: 0 done, 1 bad input (the message names the file and line), 2 usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from typing import TextIO

from . import __version__
from .cleaner import clean
from .errors import DedupError, InputFormatError
from .lines import line_number_at
from .readers import read_documents
from .types import CleanResult

__all__ = ["main"]

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
        "paths", nargs="+", metavar="PATH",
        help=".txt (one article each), .jsonl (text|html, id, source, url, published), "
        "directories, .gz, or - for stdin",
    )
    p.add_argument("--format", choices=("jsonl", "text"), default="jsonl", help="output format (default: jsonl)")
    p.add_argument("--explain", action="store_true", help="list every removed line with its rule and reason")
    p.set_defaults(run=_run_clean)
    return parser


def _run_clean(args: argparse.Namespace) -> int:
    out = sys.stdout
    for doc in _progress(read_documents(args.paths)):
        result = clean(doc.text, source=doc.source)
        result = _with_id(result, doc.id)
        if args.format == "jsonl":
            out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
            if args.explain:
                _explain(result, sys.stderr)
        else:
            out.write(f"==> {result.id} <==\n{result.text}\n")
            if args.explain:
                _explain(result, out)
            out.write("\n")
    return 0


def _with_id(result: CleanResult, doc_id: str | None) -> CleanResult:
    from dataclasses import replace

    return replace(result, id=doc_id)


def _explain(result: CleanResult, out: TextIO) -> None:
    if not result.removals:
        out.write(f"-- {result.id}: nothing removed\n")
        return
    out.write(f"-- {result.id}: {len(result.removals)} removed\n")
    for r in result.removals:
        chunk = result.original[r.start : r.end]
        first = line_number_at(result.original, r.start + len(chunk) - len(chunk.lstrip()))
        preview = " ".join(chunk.split())
        if len(preview) > _PREVIEW:
            preview = preview[: _PREVIEW - 1] + "…"
        out.write(f"   line {first:<4} {r.rule:<11} {r.reason}: {preview!r}\n")


def _progress(docs: Iterable[object]) -> Iterable:  # type: ignore[type-arg]
    from tqdm import tqdm

    # disable=None: a bar only when stderr is a terminal, so logs and pipes stay clean.
    return tqdm(docs, desc="cleaning", unit=" articles", disable=None, file=sys.stderr, leave=False)


if __name__ == "__main__":
    sys.exit(main())
