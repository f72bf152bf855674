"""Durable, shared logs of DocRecords: one SQLite file, or a Redis list.

An index is its log: every process replays the log into its own in-memory state and, before
each look-up, applies what other processes appended since. Appending one record is one atomic
write (an SQLite transaction, a Redis RPUSH), so a process killed mid-add leaves the log with
every completed add and nothing half-written, and concurrent writers lose nothing.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

from ..errors import ConfigError, IndexCorruptError

__all__ = ["FORMAT_VERSION", "LOG_ID", "Log", "RedisLog", "SQLiteLog", "is_redis", "open_log"]

#: Bumped whenever records or the normal form change meaning: old indexes are then refused.
FORMAT_VERSION = 1

#: The metadata key of a log's identity: a random id given when the log is created (or first
#: opened by a version that knows it), so that a checkpoint can tell its log from a replacement.
LOG_ID = "log_id"


class Log(Protocol):
    location: str

    def check_params(self, params: dict[str, int]) -> None: ...
    def identity(self) -> str: ...
    def record_at(self, position: int) -> bytes | None: ...
    def append(self, record: bytes) -> None: ...
    def append_many(self, records: Sequence[bytes]) -> None: ...
    def read_after(self, position: int, limit: int) -> list[tuple[int, bytes]]: ...
    def close(self) -> None: ...


def is_redis(location: str) -> bool:
    """Whether a location names a Redis server (a URL) rather than a SQLite file.

    >>> is_redis("redis://127.0.0.1:6379/0"), is_redis("news.dedup")
    (True, False)
    """
    return location.startswith(("redis://", "rediss://", "unix://"))


def open_log(location: str) -> Log:
    """A SQLite file path, or a ``redis://host:port/db`` URL."""
    if is_redis(location):
        return RedisLog(location)
    return SQLiteLog(location)


def _compare(location: str, stored: dict[str, Any], wanted: dict[str, Any]) -> None:
    diffs = [f"{k}={stored.get(k)!r} (asked for {wanted[k]!r})" for k in wanted if stored.get(k) != wanted[k]]
    if diffs:
        keep = ", ".join(f"{k}={stored.get(k)!r}" for k in wanted if k != "format")
        raise ConfigError(
            f"index {location} was built with {', '.join(diffs)}: signatures built with different "
            f"parameters cannot be compared. Open it with dedup.Config({keep}), or build a new index"
            + (
                " (the index format changed: rebuild it from the articles)"
                if stored.get("format") != wanted.get("format")
                else ""
            )
        )


class SQLiteLog:
    """One SQLite file in WAL mode: one writer at a time, many readers while it writes."""

    def __init__(self, path: str) -> None:
        self.location = path
        if Path(path).is_dir():
            raise IndexCorruptError(f"{path} is a directory: give a file name such as news.dedup")
        try:
            self._db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=FULL")
            self._db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            self._db.execute(
                "CREATE TABLE IF NOT EXISTS records (seq INTEGER PRIMARY KEY AUTOINCREMENT, record BLOB NOT NULL)"
            )
        except sqlite3.DatabaseError as err:
            raise IndexCorruptError(f"{path} is not a dedup index ({err}): give another path") from err

    def check_params(self, params: dict[str, int]) -> None:
        wanted = {**params, "format": FORMAT_VERSION}
        self._db.execute("BEGIN IMMEDIATE")
        try:
            rows = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
            if not rows:
                self._db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, json.dumps(v)) for k, v in wanted.items()])
            if LOG_ID not in rows:  # a new log, or one written before logs had an identity
                self._db.execute("INSERT INTO meta VALUES (?, ?)", (LOG_ID, json.dumps(uuid.uuid4().hex)))
            self._db.execute("COMMIT")
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        if rows:
            _compare(self.location, {k: json.loads(v) for k, v in rows.items()}, wanted)

    def identity(self) -> str:
        """The log's random id, given by :meth:`check_params` (call that first)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = ?", (LOG_ID,)).fetchone()
        if row is None:
            raise IndexCorruptError(f"{self.location} has no {LOG_ID}: open it with dedup.Index.open")
        return str(json.loads(row[0]))

    def record_at(self, position: int) -> bytes | None:
        """The record at ``position`` (as :meth:`read_after` numbers them), None if there is none."""
        row = self._db.execute("SELECT record FROM records WHERE seq = ?", (position,)).fetchone()
        return None if row is None else bytes(row[0])

    def append(self, record: bytes) -> None:
        self._db.execute("INSERT INTO records (record) VALUES (?)", (record,))

    def append_many(self, records: Sequence[bytes]) -> None:
        """Append every record in one transaction: all of them land, or none."""
        self._db.execute("BEGIN IMMEDIATE")
        try:
            self._db.executemany("INSERT INTO records (record) VALUES (?)", [(r,) for r in records])
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def read_after(self, position: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to ``limit`` records after ``position``, with their positions."""
        rows = self._db.execute("SELECT seq, record FROM records WHERE seq > ? ORDER BY seq LIMIT ?", (position, limit))
        return [(int(seq), bytes(rec)) for seq, rec in rows]

    def close(self) -> None:
        self._db.close()


class RedisLog:
    """A Redis list through datasketch's Redis storage, under a fixed basename.

    The basename is fixed (``dedup:``), never random, so that every process opens the same
    index; the parameters are stored beside it and checked by every process.
    """

    BASENAME = b"dedup:"

    def __init__(self, url: str) -> None:
        try:
            from datasketch.storage import ordered_storage
        except ImportError as err:  # datasketch imports redis lazily
            raise ConfigError("a Redis index needs the redis client: pip install 'newsdedup[redis]'") from err
        parts = urlsplit(url)
        self.location = f"{parts.scheme}://{parts.hostname or '127.0.0.1'}:{parts.port or 6379}{parts.path or '/0'}"
        db = int((parts.path or "/0").lstrip("/") or 0)
        redis_cfg: dict[str, Any] = {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 6379,
            "db": db,
        }
        if parts.password:
            redis_cfg["password"] = parts.password
        try:
            self._log = ordered_storage({"type": "redis", "redis": redis_cfg}, name=self.BASENAME)
        except ImportError as err:
            raise ConfigError("a Redis index needs the redis client: pip install 'newsdedup[redis]'") from err
        # datasketch's storage has no ranged read; its client is used for LRANGE and the params.
        self._redis = self._log._redis
        self._key = self._log.redis_key(b"log")
        self._params_key = self.BASENAME + b"params"

    def check_params(self, params: dict[str, int]) -> None:
        wanted = {**params, "format": FORMAT_VERSION}
        import redis

        try:
            # HSETNX per field: the first process to open the index records its parameters.
            for k, v in wanted.items():
                self._redis.hsetnx(self._params_key, k, json.dumps(v))
            # The log's identity, beside the parameters: only the first process's id is kept.
            self._redis.hsetnx(self._params_key, LOG_ID, json.dumps(uuid.uuid4().hex))
            stored = {k.decode(): json.loads(v) for k, v in self._redis.hgetall(self._params_key).items()}
        except redis.exceptions.ConnectionError as err:
            raise ConfigError(f"cannot reach Redis at {self.location} ({err}): is redis-server running?") from err
        _compare(self.location, stored, wanted)

    def identity(self) -> str:
        """The log's random id, given by :meth:`check_params` (call that first)."""
        value = self._redis.hget(self._params_key, LOG_ID)
        if value is None:
            raise IndexCorruptError(f"{self.location} has no {LOG_ID}: open it with dedup.Index.open")
        return str(json.loads(value))

    def record_at(self, position: int) -> bytes | None:
        """The record at ``position`` (as :meth:`read_after` numbers them), None if there is none."""
        if position < 1:
            return None
        value = self._redis.lindex(self._key, position - 1)
        return None if value is None else bytes(value)

    def append(self, record: bytes) -> None:
        self._log.insert(b"log", record)

    def append_many(self, records: Sequence[bytes]) -> None:
        """Append every record with one RPUSH: atomic, as one append is."""
        if records:
            self._log.insert(b"log", *records)

    def read_after(self, position: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to ``limit`` records after ``position``, with their positions."""
        items = self._redis.lrange(self._key, position, position + limit - 1)
        return [(position + k + 1, bytes(item)) for k, item in enumerate(items)]

    def close(self) -> None:
        self._redis.close()
