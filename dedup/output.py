"""The sink for an output format: JSONL and text (:mod:`dedup.writers`) or Parquet (:mod:`dedup.parquet`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import IO

from .errors import ConfigError
from .writers import JsonlSink, Sink, TextSink

__all__ = ["open_output"]


def open_output(
    path: str | None,
    fmt: str,
    *,
    stdout: IO[bytes],
    explain: bool = False,
    say: Callable[[str], None] | None = None,
) -> Sink:
    """The sink for ``fmt`` (``jsonl``, ``text``, ``parquet``) writing to ``path`` (None: stdout).

    With ``explain``, text output holds the explanations; JSONL and Parquet send them to ``say``.
    Raises OSError when ``path`` cannot be created.
    """
    if fmt == "parquet":
        if path is None:
            raise ConfigError("Parquet output goes to a file: give -o FILE.parquet")
        from .parquet import ParquetSink

        return ParquetSink(path, say, say if explain else None)
    if fmt == "text":
        return TextSink(path, stdout, explain=explain)
    return JsonlSink(path, stdout, say if explain else None)
