"""Check every record of a persistent index, and copy its intact prefix into a new index.

``dedup index verify PATH`` reads the whole log: each record must pass its checksum and read as
a record (an article's :class:`~dedup.index.records.DocRecord`, or a request to forget).
``--repair NEW`` then writes a new index holding the records before the first damaged one (with
the same index parameters and a new identity). The records after a damaged one are not copied
even when they are intact: a record leaves out the band keys of lines an earlier record
introduced, so it is only valid after every record before it. Their article ids are listed, to
add those articles again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from ..errors import ConfigError, IndexCorruptError
from .records import DocRecord, ForgetRecord, parse_record
from .storage import Log, is_redis, open_log

__all__ = ["Repair", "Verification", "open_for_reading", "repair_log", "verify_log"]

_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class Verification:
    """What :func:`verify_log` found: how many records, where the first damaged one is."""

    location: str
    records: int
    damaged: int
    first_damaged: int | None  # its position (1-based), None when every record is intact
    intact_prefix: int  # records before the first damaged one (all of them when none is)

    @property
    def ok(self) -> bool:
        return self.damaged == 0


@dataclass(frozen=True, slots=True)
class Repair:
    """What :func:`repair_log` copied, and the ids of the articles left out (to add again)."""

    target: str
    copied: int
    dropped_ids: tuple[str, ...]  # every article id that can be read after the intact prefix
    from_damaged: int  # how many of those ids were read from a damaged record (they may be wrong)
    unreadable: int  # damaged records left out whose article id cannot be read at all


def open_for_reading(location: str) -> Log:
    """Open a log read-only with the parameters it holds (whatever they are), its keys checked."""
    log = open_log(location, read_only=True)
    try:
        stored = log.params()
        log.check_params({k: stored[k] for k in Config().index_params() if k in stored})
    except BaseException:
        log.close()
        raise
    return log


def verify_log(log: Log) -> Verification:
    """Read every record of ``log``: its checksum, and whether it reads as a record.

    >>> import os, tempfile
    >>> from dedup.index import Index
    >>> folder = tempfile.TemporaryDirectory()
    >>> path = os.path.join(folder.name, "news.dedup")
    >>> with Index.open(path) as idx:
    ...     _ = idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="a1", source="example.com")
    >>> log = open_for_reading(path)
    >>> verify_log(log).ok, verify_log(log).records
    (True, 1)
    >>> log.close(); folder.cleanup()
    """
    position = records = damaged = intact_prefix = 0
    first: int | None = None
    while entries := log.entries_after(position, _PAGE):
        for entry in entries:
            records += 1
            if entry.intact and _readable(entry.record):
                if first is None:
                    intact_prefix += 1
                continue
            damaged += 1
            first = entry.position if first is None else first
        position = entries[-1].position
    return Verification(log.location, records, damaged, first, intact_prefix)


def repair_log(log: Log, target: str) -> Repair:
    """Copy the intact prefix of ``log`` into a new index at ``target`` (a new file, or a Redis
    database without a dedup index); list the ids of the articles after it."""
    if target == log.location or (not is_redis(target) and Path(target).is_file() and Path(target).stat().st_size):
        raise ConfigError(
            f"--repair {target}: that index exists; the repair writes a new index: give a new file name "
            "(or an empty Redis database), then replace the damaged index with it"
        )
    params = log.params()
    out = open_log(target)
    try:
        out.check_params({k: params[k] for k in Config().index_params()})
        if out.entries_after(0, 1):
            raise ConfigError(f"--repair {target}: that index already holds records; give a new one")
        return _copy(log, out)
    finally:
        out.close()


def _copy(log: Log, out: Log) -> Repair:
    position = copied = from_damaged = unreadable = 0
    broken = False
    dropped: list[str] = []
    while entries := log.entries_after(position, _PAGE):
        good: list[bytes] = []
        for entry in entries:
            record = _record(entry.record)
            broken = broken or not entry.intact or record is None
            if not broken:
                good.append(entry.record)
            elif record is None:
                unreadable += 1
            else:  # an intact record after a damaged one, or a damaged one that still reads
                if isinstance(record, DocRecord):  # a forget request names no article to add again
                    dropped.append(record.doc_id)
                from_damaged += not entry.intact
        if good:
            out.append_many(good)
            copied += len(good)
        position = entries[-1].position
    return Repair(out.location, copied, tuple(dropped), from_damaged, unreadable)


def _record(data: bytes) -> DocRecord | ForgetRecord | None:
    try:
        return parse_record(data)
    except (IndexCorruptError, KeyError, TypeError, ValueError):  # bytes that pass a checksum but are no record
        return None


def _readable(data: bytes) -> bool:
    return _record(data) is not None
