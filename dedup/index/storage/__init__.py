"""Where a persistent index keeps its log: one SQLite file (:mod:`.sqlite`) or a Redis list (:mod:`.redis`).

An index is its log: every process replays the log into its own in-memory state and, before
each look-up, applies what other processes appended since. Appending one record is one atomic
write (an SQLite transaction, a Redis script), so a process killed mid-add leaves the log with
every completed add and nothing half-written, and concurrent writers lose nothing. Every record
carries a checksum, checked on every read (:mod:`.base`).
"""

from __future__ import annotations

from .base import FORMAT_VERSION, LOG_ID, Entry, Log
from .sqlite import SQLiteLog

__all__ = ["FORMAT_VERSION", "LOG_ID", "Entry", "Log", "SQLiteLog", "is_redis", "open_log"]

_REDIS_SCHEMES = ("redis://", "rediss://", "unix://")


def is_redis(location: str) -> bool:
    """Whether a location names a Redis server (a URL) rather than a SQLite file.

    >>> is_redis("redis://127.0.0.1:6379/0"), is_redis("unix:///run/redis.sock"), is_redis("news.dedup")
    (True, True, False)
    """
    return location.lower().startswith(_REDIS_SCHEMES)


def open_log(location: str, *, read_only: bool = False) -> Log:
    """A SQLite file path, or a ``redis://``, ``rediss://`` or ``unix://`` URL.

    ``read_only``: open for reading only (a SQLite file that cannot be written is opened so anyway).
    """
    if is_redis(location):
        from .redis import RedisLog  # the redis client is an optional extra

        return RedisLog(location, read_only=read_only)
    return SQLiteLog(location, read_only=read_only)
