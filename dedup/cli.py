"""The ``dedup`` command: the same engine as the library, over files and streams.

Exit codes: 0 done (with ``--on-error skip``, also when bad records were skipped: each one is
reported and counted), 1 bad input (the message names the file and line), 2 usage error
(including an invalid ``--set`` or ``--config`` value). No input, however bad, gives a traceback.

Wiring only: :mod:`dedup.readers` reads the inputs a record at a time, :mod:`dedup.corpus`
learns and cleans them (:func:`~dedup.corpus.iter_clean_corpus`, in bounded memory),
:mod:`dedup.writers` writes the results beside the input's fields, :mod:`dedup.console` reports
problems, progress and the summary on stderr, and :mod:`dedup.config_text` reads the settings;
the ``dedup index`` commands are in :mod:`dedup.cli_index`.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator, Sequence
from types import TracebackType
from typing import IO, cast

import xxhash

from ._version import __version__
from .cli_index import add_index_commands
from .config_text import config_from
from .console import Problems, Progress, Summary, plural
from .corpus import iter_clean_corpus
from .encoding import json_bytes, printable
from .errors import ConfigError, DedupError, InputFormatError, InvalidInputError
from .index import Index
from .output import open_output
from .prepare import article_head
from .readers import MAX_RECORD_BYTES, Problem, read_records
from .types import CleanResult, Document
from .writers import Sink, Spool

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code (argparse exits with 2 on a usage error)."""
    parser = _parser()
    args = parser.parse_args(argv)
    if hasattr(args, "settings"):
        _settle(args)
    try:
        return int(args.run(args))
    except DedupError as err:
        _say(f"dedup: error: {err}")
        return 1
    except BrokenPipeError:  # `dedup clean ... | head` is normal use
        _quiet_stdout()
        return 0
    except sqlite3.Error as err:  # the spill file, or a SQLite index, on a full or read-only disk
        where = getattr(args, "temp_dir", None) or _tempdir()
        index = getattr(args, "index", None)
        also = f", or of the index {index}" if index else ""
        _say(
            f"dedup: error: SQLite failed ({err}): check the free space of the temporary folder {where}{also}; "
            "--temp-dir picks another folder"
        )
        return 1
    except OSError as err:
        name = f"{err.filename}: " if err.filename else ""
        _say(f"dedup: error: {name}{err.strerror or err}")
        return 1
    except MemoryError:
        _say("dedup: error: out of memory: lower --max-record-bytes, or run on a machine with more memory")
        return 1
    except KeyboardInterrupt:
        _say("dedup: interrupted")
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dedup", description="Clean scraped news articles.")
    parser.add_argument("--version", action="version", version=f"dedup {__version__}")
    sub = parser.add_subparsers(required=True, metavar="COMMAND")

    p = sub.add_parser("clean", help="clean articles and write the canonical text", parents=[_input_options()])
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write here rather than to stdout (-): .jsonl, .jsonl.gz, or .parquet (pip install "
        "'newsdedup[parquet]'); written beside its name and moved there when the run succeeds",
    )
    p.add_argument(
        "--format",
        choices=("jsonl", "text", "parquet"),
        help="output format (default: parquet for -o FILE.parquet, else jsonl); text is for people",
    )
    p.add_argument("--explain", action="store_true", help="list every removed line with its rule and reason")
    p.add_argument(
        "--index",
        metavar="PATH",
        help="persistent index (SQLite file or redis:// URL) to learn into and clean against; "
        "without it the articles given are learned together in memory",
    )
    p.set_defaults(run=_run_clean, parser=p)

    p = sub.add_parser("dups", help="syndication clusters: copies of one story, as JSONL", parents=[_input_options()])
    p.add_argument("--index", metavar="PATH", help="persistent index to learn into and match against")
    p.set_defaults(run=_run_dups, parser=p)

    p = sub.add_parser(
        "report", help="write an HTML report of what cleaning removed, where and why", parents=[_input_options()]
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE", help="the HTML file to write")
    p.add_argument("--index", metavar="PATH", help="persistent index to learn into and clean against")
    p.set_defaults(run=_run_report, parser=p)

    p = sub.add_parser("spark-clean", help="clean a corpus on Apache Spark (pip install 'newsdedup[spark]')")
    p.add_argument(
        "input", metavar="IN", help="JSONL (text, id, source, published; .gz too) or Parquet, a file or a directory"
    )
    p.add_argument("output", metavar="OUT", help="a new directory for the results (Spark part files)")
    p.add_argument("--master", default="local[*]", help="Spark master URL (default: local[*], all local cores)")
    p.add_argument("--format", choices=("parquet", "jsonl"), default="parquet", help="output format (default: parquet)")
    p.add_argument("--conf", action="append", default=[], metavar="KEY=VALUE", help="a Spark setting (repeatable)")
    p.set_defaults(run=_run_spark_clean)

    add_index_commands(sub)
    return parser


def _input_options() -> argparse.ArgumentParser:
    """The options of every command that reads articles: clean, dups and report."""
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".jsonl (one article object a line: text or html, id, source, url, published, any other field), "
        ".json (an article or an array of them), .txt (one article), .html (one page), .parquet, .gz of any "
        "but Parquet, directories (walked; files that are not articles are skipped with a warning), or - for stdin",
    )
    p.add_argument(
        "--on-error",
        choices=("fail", "skip"),
        default="fail",
        help="a bad record or an unreadable file: fail (exit 1, nothing learned; the default) or skip it, "
        "reporting each one on stderr and counting it in the summary",
    )
    p.add_argument(
        "--rejects",
        metavar="FILE",
        help="with --on-error skip: copy each rejected record here as it was read (.gz to compress)",
    )
    p.add_argument(
        "--set",
        action="append",
        default=[],
        dest="settings",
        metavar="NAME=VALUE",
        help="a dedup.Config setting, e.g. memory_days=30, rules=repeat,template, memory_days=none "
        "(repeatable; wins over --config)",
    )
    p.add_argument("--config", dest="config_file", metavar="FILE.toml", help="dedup.Config settings in a TOML file")
    p.add_argument(
        "--progress",
        action="store_true",
        help="report progress on stderr even when it is not a terminal (a plain line every few seconds)",
    )
    p.add_argument(
        "--max-record-bytes",
        type=_byte_size,
        default=MAX_RECORD_BYTES,
        metavar="N",
        help="the longest record read: a JSONL line, a whole .txt/.html/.json file (default: 64M; K, M, G suffixes)",
    )
    p.add_argument(
        "--temp-dir",
        metavar="DIR",
        help="where the articles wait between learning and cleaning, about the size of the input "
        "(default: the system's temporary folder)",
    )
    return p


def _byte_size(text: str) -> int:
    units = {"k": 2**10, "m": 2**20, "g": 2**30}
    number, unit = (text[:-1], units[text[-1].lower()]) if text and text[-1].lower() in units else (text, 1)
    try:
        size = int(float(number) * unit)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size: use bytes, or K, M, G (e.g. 64M)") from None
    if size < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is too small: a record needs at least 1 byte")
    return size


def _settle(args: argparse.Namespace) -> None:
    """Check the options that depend on each other, and read the settings (usage errors exit 2)."""
    parser: argparse.ArgumentParser = args.parser
    try:
        args.config = config_from(args.settings, args.config_file)
    except ConfigError as err:
        parser.error(printable(str(err)))
    if args.rejects is not None and args.on_error != "skip":
        parser.error("--rejects needs --on-error skip: without it, the first bad record stops the run")
    if args.run is _run_clean:
        if args.output == "-":
            args.output = None
        args.format = _output_format(parser, args.output, args.format)


def _output_format(parser: argparse.ArgumentParser, path: str | None, fmt: str | None) -> str:
    name = (path or "").lower()
    if name.endswith(".parquet"):
        if fmt not in (None, "parquet"):
            parser.error(f"-o {path} is a Parquet file, --format {fmt} is not: drop --format, or name a .jsonl file")
        return "parquet"
    if fmt == "parquet":
        parser.error("Parquet output goes to a file: give -o FILE.parquet")
    if name.endswith((".json", ".json.gz")) and fmt != "text":
        parser.error(f"-o {path}: the output is JSONL, one record a line: name the file .jsonl or .jsonl.gz")
    return fmt or "jsonl"


class _Inputs:
    """The articles of a run, read and checked one at a time, and what the run holds open.

    A record joins the corpus only when it is a valid article, its id is not another article's,
    and ``sink`` can write its result (:meth:`dedup.writers.Sink.admit`); what the sink needs of
    it waits in a spool on disk. Anything else goes to the ``--on-error`` policy, before a
    single article is learned.
    """

    def __init__(self, args: argparse.Namespace, progress: Progress, sink: Sink | None = None) -> None:
        self._args = args
        self._progress = progress
        self._sink = sink
        self._stack = contextlib.ExitStack()
        try:
            rejects = self._stack.enter_context(_open_rejects(args.rejects)) if args.rejects else None
            self.problems = Problems(progress.message, skip=args.on_error == "skip", rejects=rejects)
            self.index = self._stack.enter_context(Index.open(args.index, args.config)) if args.index else None
            self._spool = Spool(args.temp_dir) if sink is not None and sink.keeps_input else None
            if self._spool is not None:
                self._stack.callback(self._spool.close)
        except BaseException:
            self._stack.close()
            raise
        self.admitted = 0

    def documents(self) -> Iterator[Document]:
        self._progress.stage("reading")
        digests: dict[str, bytes] = {}  # id -> digest of its text: two different articles may not share an id
        records = read_records(
            self._args.paths, self.problems, max_record_bytes=self._args.max_record_bytes, config=self._args.config
        )
        for record in records:
            doc = record.document
            try:
                text, doc_id, _, _ = article_head(doc.text, doc.id, doc.source, doc.published, "dedup")
                digest = xxhash.xxh3_128_digest(text.encode("utf-8", "surrogatepass"))
                if digests.setdefault(doc_id, digest) != digest:
                    raise record.error(f"two different articles share the id {doc_id!r}: ids must be unique")
                kept = self._sink.admit(record) if self._sink is not None else b""
            except (InputFormatError, InvalidInputError) as err:
                error = err if isinstance(err, InputFormatError) and err.path else record.error(str(err))
                self.problems(Problem(error, raw=record.raw, fields=None if record.raw else record.fields or None))
                continue
            if self._spool is not None:
                self._spool.put(kept)
            self.admitted += 1
            self._progress.update(self.admitted)
            yield doc

    def kept(self) -> bytes:
        """What the sink kept of the next result's input."""
        return self._spool.take() if self._spool is not None else b""

    def __enter__(self) -> _Inputs:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._stack.close()


@contextlib.contextmanager
def _open_rejects(path: str) -> Iterator[IO[bytes]]:
    if path.lower().endswith(".gz"):
        import gzip

        with gzip.open(path, "wb") as fh:
            yield cast(IO[bytes], fh)
    else:
        with open(path, "wb") as fh:
            yield fh


def _run_clean(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    progress = Progress(sys.stderr, "clean", lines=args.progress)
    sink = open_output(args.output, args.format, stdout=_stdout(), explain=args.explain, say=progress.message)
    summary = Summary()
    try:
        with _Inputs(args, progress, sink) as inputs:
            docs = inputs.documents()
            results = iter_clean_corpus(
                docs, args.config, inputs.index, spill_dir=args.temp_dir, progress=progress.learned
            )
            for result in results:
                if not summary.articles:
                    progress.stage("cleaning", inputs.admitted)
                sink.write(result, inputs.kept())
                summary.add(result)
                progress.update(summary.articles)
            sink.close()
    except BaseException:
        sink.abort()
        raise
    finally:
        progress.close()
    lossy = getattr(sink, "lossy", 0)
    tally = inputs.problems.tally() + (f"; {plural(lossy, 'record')} with U+FFFD for lone surrogates" if lossy else "")
    progress.message(summary.line("clean", time.perf_counter() - started, tally))
    return 0


def _run_dups(args: argparse.Namespace) -> int:
    started = time.perf_counter()
    progress = Progress(sys.stderr, "dups", lines=args.progress)
    similarity: dict[str, float] = {}
    articles = 0
    try:
        with _Inputs(args, progress) as inputs:
            index = inputs.index if inputs.index is not None else Index(args.config)
            docs = inputs.documents()
            for result in iter_clean_corpus(
                docs, args.config, index, spill_dir=args.temp_dir, progress=progress.learned
            ):
                if not articles:
                    progress.stage("matching", inputs.admitted)
                articles += 1
                progress.update(articles)
                if result.syndication is not None and result.id is not None:
                    similarity[result.id] = result.syndication.similarity
            clusters = index.clusters()
    finally:
        progress.close()
    out = _stdout()
    copies = 0
    for canonical, members in clusters:
        copies += len(members) - 1
        record = {"canonical": canonical, "members": members, "similarity": {m: similarity.get(m) for m in members[1:]}}
        out.write(json_bytes(record) + b"\n")
    out.flush()
    n = len(clusters)
    progress.message(
        f"dedup dups: {plural(articles, 'article')}, {plural(n, 'cluster')} of copies, "
        f"{plural(copies, 'copy', 'copies')} of a canonical article{inputs.problems.tally()}; "
        f"{time.perf_counter() - started:.1f} s"
    )
    return 0


def _run_report(args: argparse.Namespace) -> int:
    from .report import write_report

    started = time.perf_counter()
    progress = Progress(sys.stderr, "report", lines=args.progress)
    try:
        with _Inputs(args, progress) as inputs:
            index = inputs.index if inputs.index is not None else Index(args.config)
            docs = inputs.documents()
            results: list[CleanResult] = []
            for result in iter_clean_corpus(
                docs, args.config, index, spill_dir=args.temp_dir, progress=progress.learned
            ):
                if not results:
                    progress.stage("cleaning", inputs.admitted)
                results.append(result)
                progress.update(len(results))
            try:
                size = write_report(results, args.output, index=index)
            except OSError as err:
                _say(f"dedup: error: cannot write {args.output}: {err.strerror or err}")
                return 1
    finally:
        progress.close()
    progress.message(
        f"dedup report: {plural(len(results), 'article')}, {size:,} bytes written to {args.output}"
        f"{inputs.problems.tally()}; {time.perf_counter() - started:.1f} s"
    )
    return 0


def _run_spark_clean(args: argparse.Namespace) -> int:
    from .spark import run_spark_clean

    stats = run_spark_clean(args.input, args.output, master=args.master, fmt=args.format, conf=args.conf)
    _say(f"dedup spark-clean: {stats.articles} articles, {stats.lines} lines -> {args.output}")
    return 0


def _say(message: str) -> None:
    print(printable(message), file=sys.stderr)


def _stdout() -> IO[bytes]:
    return sys.stdout.buffer


def _tempdir() -> str:
    import tempfile

    return tempfile.gettempdir()


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null, so that the exit's flush says nothing."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


if __name__ == "__main__":
    sys.exit(main())
