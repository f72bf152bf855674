"""The exceptions dedup raises.

Each one subclasses the builtin a caller would already catch (``TypeError`` for a wrong
argument type, ``ValueError`` for a wrong value), so ``except ValueError`` keeps working,
and every message names the value, what is allowed and what to do.
"""

from __future__ import annotations

__all__ = ["ConfigError", "DedupError", "IndexCorruptError", "InputFormatError", "InvalidInputError"]


class DedupError(Exception):
    """Base class of every error raised by dedup."""


class InvalidInputError(DedupError, TypeError):
    """An argument has the wrong type (bytes or None where text was expected, say)."""


class ConfigError(DedupError, ValueError):
    """A setting is out of range, or an index was built with different parameters."""


class InputFormatError(DedupError, ValueError):
    """An input file cannot be read as articles (bad JSON, missing field, bad encoding).

    Carries the file and the 1-based line so that the CLI can point at the culprit.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        where = path if path is not None else "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")
        self.message = message
        self.path = path
        self.line = line


class IndexCorruptError(DedupError, ValueError):
    """A persistent index cannot be read: not a dedup index, or damaged."""
