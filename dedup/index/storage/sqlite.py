"""The embedded log: one SQLite file in WAL mode (one writer at a time, many readers while it writes).

Layout: a table ``meta`` (key, JSON value: the index parameters, the log format, the log's
identity), a table ``records`` (seq, record, checksum), and the file's ``application_id`` set to
``DDUP``, so that a dedup index is known as one before anything is written to it.

dedup never writes to a database it did not create: a file that holds anything else (other
tables, a ``meta`` table without dedup's keys, another application id) is refused with
:class:`~dedup.errors.IndexCorruptError` naming what was found, untouched (no table added, no
journal mode switched). An empty or missing file becomes a new index. A file that this process
cannot write (a read-only file or folder), or one opened with ``read_only=True``, is opened for
reading: look-ups work, a write raises :class:`~dedup.errors.ReadOnlyIndexError`.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ...errors import ConfigError, IndexCorruptError, ReadOnlyIndexError
from .base import FORMAT_VERSION, LOG_ID, Entry, check_format, checksum, compare_params, verified

__all__ = ["APPLICATION_ID", "SQLiteLog"]

#: The SQLite header's application id of a dedup index: b"DDUP".
APPLICATION_ID = 0x44445550

_TABLES = frozenset({"meta", "records", "sqlite_sequence"})
_INDEX_PARAMS = frozenset({"num_perm", "seed", "bands", "shingle_size"})
_SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    "CREATE TABLE records (seq INTEGER PRIMARY KEY AUTOINCREMENT, record BLOB NOT NULL, checksum BLOB NOT NULL)",
)


class SQLiteLog:
    """One SQLite file in WAL mode: one writer at a time, many readers while it writes.

    >>> import os, tempfile
    >>> folder = tempfile.TemporaryDirectory()
    >>> log = SQLiteLog(os.path.join(folder.name, "news.dedup"))
    >>> log.check_params({"num_perm": 32, "seed": 1, "bands": 8, "shingle_size": 3})
    >>> log.append(b"a record")
    >>> log.read_after(0, 10)
    [(1, b'a record')]
    >>> log.close(); folder.cleanup()
    """

    def __init__(self, path: str, *, read_only: bool = False) -> None:
        self.location = path
        target = Path(path)
        if target.is_dir():
            raise IndexCorruptError(f"{path} is a directory: give a file name such as news.dedup")
        exists = target.is_file() and target.stat().st_size > 0
        folder = target.parent
        if not exists and not folder.is_dir():
            raise ConfigError(f"cannot create the index {path}: the folder {folder} does not exist")
        if exists:
            read_only = read_only or not (os.access(target, os.W_OK) and os.access(folder, os.W_OK))
        elif read_only or not os.access(folder, os.W_OK):
            why = "it was opened read-only" if read_only else f"the folder {folder} is not writable"
            raise ReadOnlyIndexError(f"cannot create the index {path}: {why}; give a path where it can be written")
        self.read_only = read_only
        try:
            self._db = _connect_read_only(path) if read_only else _connect(path)
        except sqlite3.DatabaseError as err:
            raise IndexCorruptError(f"{path} is not a dedup index ({err}): give another path") from err
        try:
            self._open_or_create()
        except BaseException:
            self._db.close()
            raise

    # ---- opening ------------------------------------------------------------------------------
    def _open_or_create(self) -> None:
        app_id, tables = self._inspect()
        if app_id == 0 and not tables:
            if self.read_only:
                raise IndexCorruptError(
                    f"{self.location} is an empty file, not a dedup index yet, and cannot be written"
                )
            self._create()
            app_id, tables = self._inspect()
        if app_id == APPLICATION_ID:
            missing = {"meta", "records"} - tables
            if missing:
                raise IndexCorruptError(
                    f"{self.location} is marked as a dedup index but has no table {', '.join(sorted(missing))}: "
                    "it is damaged; rebuild it from the articles"
                )
            check_format(self.location, self._meta().get("format"))
            return
        if app_id == 0 and "meta" in tables and tables <= _TABLES:
            keys = self._meta_keys()
            if "format" in keys and keys >= _INDEX_PARAMS:
                check_format(self.location, self._meta()["format"])  # an older dedup's index: refused, saying why
            found = f"a table meta without dedup's keys (it holds {_listed(keys) or 'no rows'})"
        elif app_id not in (0, APPLICATION_ID):
            found = f"the application id {app_id:#x} (another program's file)" + (
                f" and the tables {_listed(tables)}" if tables else ""
            )
        else:
            found = f"the tables {_listed(tables)}"
        raise IndexCorruptError(
            f"{self.location} is not a dedup index: it is a SQLite database with {found}. dedup never writes to a "
            "database it did not create (a dedup index holds only the tables meta and records): give the index "
            "a new file name"
        )

    def _inspect(self) -> tuple[int, frozenset[str]]:
        try:
            (app_id,) = self._db.execute("PRAGMA application_id").fetchone()
            rows = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        except sqlite3.DatabaseError as err:
            raise IndexCorruptError(f"{self.location} is not a dedup index ({err}): give another path") from err
        return int(app_id), frozenset(str(name) for (name,) in rows)

    def _create(self) -> None:
        self._db.execute("PRAGMA journal_mode=WAL")
        with self._transaction():
            if self._db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                return  # another process created it meanwhile: opened as it is
            for statement in _SCHEMA:
                self._db.execute(statement)
            self._db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            self._db.executemany(
                "INSERT INTO meta VALUES (?, ?)",
                [("format", json.dumps(FORMAT_VERSION)), (LOG_ID, json.dumps(uuid.uuid4().hex))],
            )

    def _meta_keys(self) -> frozenset[str]:
        try:
            return frozenset(str(key) for (key,) in self._db.execute("SELECT key FROM meta"))
        except sqlite3.DatabaseError:  # a meta table of another shape
            return frozenset()

    def _meta(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        with self._reading():
            rows = self._db.execute("SELECT key, value FROM meta").fetchall()
        for key, value in rows:
            try:
                out[str(key)] = json.loads(value)
            except (TypeError, ValueError) as err:
                raise IndexCorruptError(
                    f"{self.location}: the value of {key!r} in its meta table is not JSON ({value!r}): the index is "
                    "damaged; rebuild it from the articles"
                ) from err
        return out

    # ---- the Log protocol ---------------------------------------------------------------------
    def check_params(self, params: dict[str, int]) -> None:
        """Record the index parameters in a new index; refuse other ones in an existing index."""
        stored = self._meta()
        missing = [k for k in [*params, LOG_ID] if k not in stored]
        if missing and not self.read_only:
            with self._transaction():
                self._db.executemany(
                    "INSERT OR IGNORE INTO meta VALUES (?, ?)",
                    [(k, json.dumps(params[k] if k in params else uuid.uuid4().hex)) for k in missing],
                )
            stored = self._meta()
        if self.read_only and not any(k in stored for k in params):
            return  # created and never opened with parameters: it holds no record
        compare_params(self.location, stored, params)

    def params(self) -> dict[str, Any]:
        """Everything the meta table holds: index parameters, format, identity."""
        return self._meta()

    def identity(self) -> str:
        """The log's random id, given when it was created."""
        value = self._meta().get(LOG_ID)
        if not isinstance(value, str):
            raise IndexCorruptError(
                f"{self.location} has no {LOG_ID}: open it once with dedup.Index.open to give it one"
            )
        return value

    def record_at(self, position: int) -> bytes | None:
        """The record at ``position`` (as :meth:`read_after` numbers them), None if there is none."""
        with self._reading():
            row = self._db.execute("SELECT seq, record, checksum FROM records WHERE seq = ?", (position,)).fetchone()
        if row is None:
            return None
        return verified(self.location, [_entry(row)])[0][1]

    def append(self, record: bytes) -> None:
        self.append_many([record])

    def append_many(self, records: Sequence[bytes]) -> None:
        """Append every record in one transaction: all of them land, or none."""
        if self.read_only:
            raise ReadOnlyIndexError(
                f"{self.location} is open for reading only (the file or its folder is read-only, or read_only=True "
                "was asked): nothing can be added. Open it where it can be written to add articles"
            )
        rows = [(record, checksum(record)) for record in records]
        with self._transaction():
            self._db.executemany("INSERT INTO records (record, checksum) VALUES (?, ?)", rows)

    def read_after(self, position: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to ``limit`` records after ``position``, with their positions; a damaged one raises."""
        return verified(self.location, self.entries_after(position, limit))

    def entries_after(self, position: int, limit: int) -> list[Entry]:
        """Up to ``limit`` stored records after ``position``, each with whether its checksum matches."""
        with self._reading():
            rows = self._db.execute(
                "SELECT seq, record, checksum FROM records WHERE seq > ? ORDER BY seq LIMIT ?", (position, limit)
            ).fetchall()
        return [_entry(row) for row in rows]

    def close(self) -> None:
        self._db.close()

    # ---- helpers ------------------------------------------------------------------------------
    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as err:
            raise _write_error(self.location, err) from err
        try:
            yield
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.OperationalError as err:
            raise _write_error(self.location, err) from err

    @contextlib.contextmanager
    def _reading(self) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError:
            raise  # locked, disk I/O: not damage
        except sqlite3.DatabaseError as err:
            raise IndexCorruptError(
                f"{self.location} is damaged ({err}). Run `dedup index verify {self.location}` to see which records "
                f"can be read, and `dedup index verify {self.location} --repair NEW` to copy them into a new index"
            ) from err


def _entry(row: tuple[Any, Any, Any]) -> Entry:
    seq, record, digest = row
    if not isinstance(record, bytes):  # a value of another type written by another program
        record = str(record).encode("utf-8", "surrogatepass")
        return Entry(int(seq), record, False)
    return Entry(int(seq), record, isinstance(digest, bytes) and digest == checksum(record))


def _connect(path: str) -> sqlite3.Connection:
    db = sqlite3.connect(path, timeout=60, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA synchronous=FULL")
    return db


def _connect_read_only(path: str) -> sqlite3.Connection:
    """A read-only connection; in a read-only folder, where SQLite cannot make the WAL's shared
    memory file, the file is read as immutable (nobody can write a WAL there either)."""
    uri = f"file:{quote(os.path.abspath(path))}?mode=ro"
    db = sqlite3.connect(uri, uri=True, timeout=60, isolation_level=None, check_same_thread=False)
    try:
        db.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return db
    except sqlite3.OperationalError:
        db.close()
        wal = Path(path + "-wal")
        if wal.exists() and wal.stat().st_size > 0:
            raise ReadOnlyIndexError(
                f"cannot read {path}: its folder is read-only and its write-ahead log {wal} holds records another "
                "process has not yet moved into the file; open it from an account that can write the folder, or "
                "once that process has closed the index"
            ) from None
    return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


def _write_error(location: str, err: sqlite3.OperationalError) -> Exception:
    if "readonly" in str(err) or "read-only" in str(err):
        return ReadOnlyIndexError(
            f"{location} cannot be written ({err}): open it for reading only, or from an account that can write "
            "the file and its folder"
        )
    return err


def _listed(names: Any) -> str:
    return ", ".join(sorted(str(n) for n in names))
