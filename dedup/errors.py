"""The exceptions (and the warning) dedup raises.

Each one subclasses the builtin a caller would already catch (``TypeError`` for a wrong
argument type, ``ValueError`` for a wrong value, ``OSError`` kinds for a store that cannot be
reached or written), so ``except ValueError`` keeps working, and every message names the value,
what is allowed and what to do.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DamagedRecordError",
    "DedupError",
    "HTMLDepthWarning",
    "HTMLTooLargeError",
    "IndexCorruptError",
    "IndexOutOfStepError",
    "IndexUnavailableError",
    "InputFormatError",
    "InvalidInputError",
    "ReadOnlyIndexError",
]


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


class HTMLTooLargeError(InputFormatError):
    """A page is larger than ``Config.max_html_bytes``: it is refused before any parsing."""


class IndexCorruptError(DedupError, ValueError):
    """A persistent index cannot be read: not a dedup index, or damaged."""


class DamagedRecordError(IndexCorruptError):
    """A log record fails its checksum: it is never read as data.

    ``position`` is the record's place in the log (1-based), ``intact`` how many records before
    it passed their checksums.
    """

    def __init__(self, message: str, *, position: int, intact: int) -> None:
        super().__init__(message)
        self.position = position
        self.intact = intact


class IndexOutOfStepError(IndexCorruptError):
    """A shared index changed under this process: flushed, restarted empty, replaced or cut short.

    Nothing this process learned or reads from then on would match the index: it stops, and
    says what happened and what to do (open the index again, add the lost articles again).
    """


class ReadOnlyIndexError(DedupError, PermissionError):
    """A write to an index opened for reading only (read-only file or folder, or ``read_only=True``)."""


class IndexUnavailableError(DedupError, ConnectionError):
    """The server of a shared index cannot be reached, or refused the connection (TLS, password)."""


class HTMLDepthWarning(UserWarning):
    """A page is nested deeper than the HTML parser reads: its text came from a flattened copy."""
