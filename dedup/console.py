"""What the dedup command tells its user on stderr: input problems, progress, and the summary.

- :func:`printable` escapes what a terminal would obey or choke on (escape codes in a file name,
  lone surrogates), so every message is safe to print.
- :class:`Problems` applies ``--on-error``: ``fail`` raises the first problem's error; ``skip``
  reports each one on stderr (file and line), counts it, and copies a bad record to the rejects
  file exactly as it was read. A file in a folder that holds no articles is always a warning.
- :class:`Progress` shows a tqdm bar per stage when stderr is a terminal; with ``lines=True``
  and no terminal (a log, a CI job), a plain line at most every ``every`` seconds instead.
- :class:`Summary` adds up the results for the one-line summary at the end.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import IO, Any, TextIO

from .encoding import json_bytes, printable
from .lines import line_spans
from .readers import Problem
from .types import CleanResult

__all__ = ["EVERY", "Problems", "Progress", "Summary", "plural", "printable"]

#: Seconds between two plain progress lines (``--progress`` without a terminal).
EVERY = 5.0


def plural(n: int, word: str, many: str | None = None) -> str:
    """``"1 article"``, ``"2,000 articles"``.

    >>> plural(1, "copy", "copies"), plural(2000, "article")
    ('1 copy', '2,000 articles')
    """
    return f"{n:,} {word if n == 1 else (many or word + 's')}"


class Progress:
    """Progress of a run's stages on ``stream``, and its messages.

    A tqdm bar per stage when ``stream`` is a terminal; else, with ``lines``, a plain line such
    as ``dedup clean: learning: 5,000 of 12,000 articles`` at most every ``every`` seconds (by
    ``clock``; :data:`EVERY` by default); else nothing but the messages.
    """

    def __init__(
        self,
        stream: TextIO,
        command: str,
        *,
        lines: bool = False,
        every: float | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._command = command
        isatty = getattr(stream, "isatty", None)
        self._bar_mode = bool(isatty and isatty())
        self._lines = lines and not self._bar_mode
        self._every = EVERY if every is None else every
        self._clock = clock
        self._bar: Any = None
        self._stage = ""
        self._total: int | None = None
        self._done = 0
        self._last = clock()

    def stage(self, name: str, total: int | None = None) -> None:
        """Start a stage (``reading``, ``learning``, ``cleaning``) of ``total`` articles (None: unknown)."""
        self._close_bar()
        self._stage, self._total, self._done = name, total, 0
        if self._bar_mode:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc=name, unit=" articles", file=self._stream, leave=False)

    def update(self, done: int) -> None:
        """``done`` articles of the current stage are done."""
        if self._bar is not None:
            self._bar.update(done - self._done)
        self._done = done
        if self._lines and self._clock() - self._last >= self._every:
            self._last = self._clock()
            of = "" if self._total is None else f" of {self._total:,}"
            self._write(f"dedup {self._command}: {self._stage}: {self._done:,}{of} articles")

    def learned(self, done: int, total: int) -> None:
        """The ``progress`` callback of :func:`dedup.iter_clean_corpus`: reading is over."""
        if self._stage != "learning":
            self.stage("learning", total)
        self.update(done)

    def message(self, text: str) -> None:
        """Print a line (escaped by :func:`printable`) above the bar."""
        self._write(printable(text))

    def close(self) -> None:
        self._close_bar()

    def _write(self, line: str) -> None:
        if self._bar is not None:
            self._bar.clear()
        self._stream.write(line + "\n")
        self._stream.flush()
        if self._bar is not None:
            self._bar.refresh()

    def _close_bar(self) -> None:
        if self._bar is not None:
            self._bar.close()
            self._bar = None


class Problems:
    """The ``--on-error`` policy, called with each :class:`~dedup.readers.Problem` of the input.

    ``skip=False`` raises the problem's error (a file in a folder that holds no articles is only
    a warning). ``skip=True`` reports each problem through ``say``, counts it, and writes a bad
    record to ``rejects`` as it was read: a JSONL line's bytes unchanged, a JSON item or Parquet
    row as a JSON line. A record with nothing to copy (a whole text file, a line over the size
    limit) is reported and counted only.
    """

    def __init__(self, say: Callable[[str], None], *, skip: bool, rejects: IO[bytes] | None = None) -> None:
        self._say = say
        self.skip = skip
        self._rejects = rejects
        self.rejected = 0
        self.files_skipped = 0
        self.not_articles = 0

    def __call__(self, problem: Problem) -> None:
        if problem.kind == "not_article":
            self.not_articles += 1
            self._say(f"dedup: warning: {problem.error}: skipped")
            return
        if not self.skip:
            raise problem.error
        if problem.kind == "file":
            self.files_skipped += 1
            self._say(f"dedup: skipped: {problem.error}")
            return
        self.rejected += 1
        self._say(f"dedup: rejected: {problem.error}")
        if self._rejects is not None:
            copy = _as_read(problem)
            if copy is not None:
                self._rejects.write(copy if copy.endswith(b"\n") else copy + b"\n")

    def tally(self) -> str:
        """``"; 3 records rejected, 1 file or folder skipped, 2 files without articles skipped"``, or ``""``."""
        parts = []
        if self.rejected:
            parts.append(f"{plural(self.rejected, 'record')} rejected")
        if self.files_skipped:
            parts.append(f"{plural(self.files_skipped, 'file or folder', 'files or folders')} skipped")
        if self.not_articles:
            parts.append(f"{plural(self.not_articles, 'file')} without articles skipped")
        return "; " + ", ".join(parts) if parts else ""


def _as_read(problem: Problem) -> bytes | None:
    if problem.raw is not None:
        return problem.raw
    if problem.fields is None:
        return None
    try:
        return json_bytes(problem.fields)
    except ValueError:
        return None


class Summary:
    """Counts over the results of a run: articles, lines, lines removed by rule, copies.

    >>> import dedup
    >>> s = Summary()
    >>> s.add(dedup.clean("Share\\nPutin met Kerry."))
    >>> s.line("clean", 1.25)
    'dedup clean: 1 article, 2 lines, 1 removed (template 1), 0 copies; 1.2 s'
    """

    def __init__(self) -> None:
        self.articles = 0
        self.lines = 0
        self.removed: Counter[str] = Counter()
        self.copies = 0

    def add(self, result: CleanResult) -> None:
        self.articles += 1
        self.lines += len(line_spans(result.original))
        for r in result.removals:
            self.removed[r.rule] += len(line_spans(result.original[r.start : r.end]))
        self.copies += result.duplicate_of is not None

    def line(self, command: str, seconds: float, tally: str = "") -> str:
        removed = sum(self.removed.values())
        rules = ", ".join(f"{rule} {n:,}" for rule, n in self.removed.most_common())
        return (
            f"dedup {command}: {plural(self.articles, 'article')}, {plural(self.lines, 'line')}, "
            f"{removed:,} removed{f' ({rules})' if rules else ''}, {plural(self.copies, 'copy', 'copies')}"
            f"{tally}; {seconds:.1f} s"
        )
