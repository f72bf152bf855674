"""The ``dedup index`` commands: ``stats``, ``checkpoint`` and ``verify`` (with ``--repair``).

Reports go to stderr, as every ``dedup`` command's do; ``stats`` prints its table, and
``verify --repair`` the ids of the articles to add again, on stdout. Exit codes as :mod:`dedup.cli`:
``verify`` exits 1 when the index is damaged, repaired or not.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .console import plural
from .encoding import printable
from .errors import InputFormatError
from .index import Index
from .index.storage import is_redis

__all__ = ["add_index_commands"]

_PREVIEW = 70


def add_index_commands(sub: Any) -> None:
    """Add ``dedup index ACTION`` to the subcommands ``sub`` (argparse's subparsers)."""
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
    s = isub.add_parser(
        "verify",
        help="check every record of an index (exit 1 when one is damaged); --repair NEW copies the intact ones",
    )
    s.add_argument("location", metavar="PATH", help="SQLite file or redis:// URL")
    s.add_argument(
        "--repair",
        metavar="NEW",
        help="write a new index (a new file, or an empty Redis database) holding the records before the first "
        "damaged one; the ids of the articles left out are written to stdout, one a line, to add them again",
    )
    s.set_defaults(run=_run_index_verify)


def _require_index(location: str) -> None:
    """An index file must exist (opening would create an empty one); a Redis URL is asked as it is."""
    if not is_redis(location) and not Path(location).is_file():
        raise InputFormatError("no such index file", path=location)


def _run_index_stats(args: argparse.Namespace) -> int:
    _require_index(args.location)
    with Index.open(args.location, read_only=True) as index:
        stats = index.stats()
        print(
            f"{stats.location}: {stats.documents} article{'s' * (stats.documents != 1)}, "
            f"{stats.lines} distinct line{'s' * (stats.lines != 1)}, {stats.outlets} outlet{'s' * (stats.outlets != 1)}"
        )
        outlets = [args.source] if args.source else sorted(index.outlets())
        for source in outlets:
            top = index.top_lines(source, args.top)
            print(f"\n{printable(source) if source else '(source unknown)'}: {len(top)} recurring lines shown")
            for text, stories in top:
                preview = text if len(text) <= _PREVIEW else text[: _PREVIEW - 1] + "…"
                print(f"  {stories:>6} stories  {printable(preview)}")
    return 0


def _run_index_checkpoint(args: argparse.Namespace) -> int:
    _require_index(args.location)
    with Index.open(args.location, checkpoint_path=args.checkpoint_path, checkpoint_every=0) as index:
        info = index.checkpoint()
    _report(f"{info.path}: the state after {info.position:,} log records, {info.size:,} bytes")
    return 0


def _run_index_verify(args: argparse.Namespace) -> int:
    from .index.verify import open_for_reading, repair_log, verify_log

    _require_index(args.location)
    log = open_for_reading(args.location)
    try:
        found = verify_log(log)
        if found.ok:
            _report(f"{found.location}: {plural(found.records, 'record')}, every one intact")
        else:
            n = found.intact_prefix
            _report(
                f"{found.location}: record {found.first_damaged} of {found.records} is damaged "
                f"({found.damaged} damaged in all); {plural(n, 'record')} before it {'is' if n == 1 else 'are'} intact"
                + (
                    ""
                    if args.repair
                    else f". `dedup index verify {found.location} --repair NEW` copies them into a new index"
                )
            )
        if args.repair:
            done = repair_log(log, args.repair)
            out = sys.stdout.buffer
            for doc_id in done.dropped_ids:
                out.write(printable(doc_id).encode("utf-8") + b"\n")
            out.flush()
            parts = [f"{done.target}: {plural(done.copied, 'record')} copied"]
            if done.dropped_ids:
                doubtful = (
                    f"; {done.from_damaged} of them read from a damaged record, so maybe wrong"
                    if done.from_damaged
                    else ""
                )
                parts.append(
                    f"{plural(len(done.dropped_ids), 'article')} from the first damaged record on left out "
                    f"(ids on stdout{doubtful}): add them again"
                )
            if done.unreadable:
                parts.append(f"{plural(done.unreadable, 'damaged record')} left out whose article cannot be read")
            _report("; ".join(parts) + f". Replace {found.location} with it, or point the scrapers at it")
    finally:
        log.close()
    return 0 if found.ok else 1


def _report(message: str) -> None:
    print(printable(message), file=sys.stderr)
