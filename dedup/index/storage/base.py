"""What every log store shares: the protocol, the format version, per-record checksums.

A log is a sequence of records (:class:`~dedup.index.records.DocRecord` bytes), numbered from 1.
Each record is stored with an 8-byte checksum of its bytes (xxh3-64): a SQLite row keeps it in a
column beside the record, a Redis list item starts with it. The checksum is checked on every
read, so a record damaged on disk, in a copy, or written by another program is reported
(:class:`~dedup.errors.DamagedRecordError`, naming the record and the repair), never read as
data. The record format itself (:mod:`dedup.index.records`) knows nothing of checksums.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import xxhash

from ...errors import ConfigError, DamagedRecordError

__all__ = [
    "FORMAT_VERSION",
    "LOG_ID",
    "PARAM_KEYS",
    "Entry",
    "Log",
    "check_format",
    "checksum",
    "compare_params",
    "damaged",
    "verified",
]

#: Bumped whenever the stored layout, the records or the normal form change meaning: older
#: indexes are then refused, saying to rebuild them. Format 2 added per-record checksums, format 3
#: each article's story anchors (copies found whatever the line breaks) and forget requests.
FORMAT_VERSION = 3

#: The metadata key of a log's identity: a random id given when the log is created, so that a
#: checkpoint, or a process sharing the log, can tell its log from a replacement.
LOG_ID = "log_id"

#: The metadata keys every dedup log holds, besides the index parameters.
PARAM_KEYS = ("format", LOG_ID)

#: Bytes of a record's checksum.
CHECKSUM_BYTES = 8


def checksum(record: bytes) -> bytes:
    """The checksum stored beside a record: its xxh3-64 digest, 8 bytes.

    >>> checksum(b"a record").hex()
    'cf6474108267c7e3'
    """
    return xxhash.xxh3_64_digest(record)


@dataclass(frozen=True, slots=True)
class Entry:
    """A record as stored, before it is trusted: its position, bytes, and whether its checksum matches."""

    position: int
    record: bytes
    intact: bool


class Log(Protocol):
    """A durable log of records, shared by every process that opens the same location."""

    location: str
    read_only: bool

    def check_params(self, params: dict[str, int]) -> None: ...
    def params(self) -> dict[str, Any]: ...
    def identity(self) -> str: ...
    def record_at(self, position: int) -> bytes | None: ...
    def append(self, record: bytes) -> None: ...
    def append_many(self, records: Sequence[bytes]) -> None: ...
    def read_after(self, position: int, limit: int) -> list[tuple[int, bytes]]: ...
    def entries_after(self, position: int, limit: int) -> list[Entry]: ...
    def close(self) -> None: ...


def verified(location: str, entries: Sequence[Entry]) -> list[tuple[int, bytes]]:
    """The records of ``entries`` with their positions; the first damaged one raises instead."""
    for entry in entries:
        if not entry.intact:
            raise damaged(location, entry.position)
    return [(entry.position, entry.record) for entry in entries]


_WHY = "its checksum does not match its bytes: a disk or copy error, or a write by another program"


def damaged(location: str, position: int, why: str = _WHY) -> DamagedRecordError:
    """The error for a damaged record, saying what to do about it."""
    intact = position - 1
    return DamagedRecordError(
        f"{location}: log record {position} is damaged ({why}), so it is not read. "
        f"Run `dedup index verify {location}` to check every record, and "
        f"`dedup index verify {location} --repair NEW` to copy the intact records before it into a new index NEW; "
        f"the articles of record {position} and after must then be added again (--repair lists their ids)",
        position=position,
        intact=intact,
    )


def check_format(location: str, stored: Any) -> None:
    """Refuse a log written in another format, saying what to do."""
    if stored == FORMAT_VERSION:
        return
    if isinstance(stored, int) and stored < FORMAT_VERSION:
        raise ConfigError(
            f"index {location} was written by an older dedup (log format {stored}; this dedup reads format "
            f"{FORMAT_VERSION}, whose records carry a checksum and the article's story anchors). Rebuild it from the "
            "articles: open a new "
            "index (another file or Redis database) and add them again, e.g. `dedup clean --index NEW ARTICLES`"
        )
    raise ConfigError(
        f"index {location} has log format {stored!r}, which this dedup (format {FORMAT_VERSION}) cannot read: "
        "open it with the dedup that wrote it, or rebuild it from the articles"
    )


def compare_params(location: str, stored: dict[str, Any], wanted: dict[str, int]) -> None:
    """Refuse index parameters other than the log's, saying which differ and what to do."""
    diffs = [f"{k}={stored.get(k)!r} (asked for {v!r})" for k, v in wanted.items() if stored.get(k) != v]
    if diffs:
        keep = ", ".join(f"{k}={stored.get(k)!r}" for k in wanted)
        raise ConfigError(
            f"index {location} was built with {', '.join(diffs)}: signatures built with different "
            f"parameters cannot be compared. Open it with dedup.Config({keep}), or build a new index"
        )
