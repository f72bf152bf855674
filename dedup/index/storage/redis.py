"""The shared log: a Redis list, appended to by a fleet of scraper processes.

Keys (fixed, never random, so that every process opens the same index):

- ``dedup:params``, a hash: the index parameters, the log format and the log's identity (a
  random id given when the index is created), each as JSON;
- ``dedup:log``, a list: one item per record, its 8-byte checksum then its bytes.

Every append runs as one Lua script that first checks the identity and the length of the list
against what this process has seen, then pushes; every read fetches both with the records in one
``MULTI``. So a server that restarted empty, a ``FLUSHDB``, an index replaced by another or a
list cut short (restored from an older snapshot) is noticed by every process at its next add or
look-up, and raises :class:`~dedup.errors.IndexOutOfStepError` saying what happened and what to
do; no add is acknowledged into a log other than the one this process reads.

The URL is ``redis://[:password@]host:port/db``, ``rediss://...`` (TLS: the server's certificate
is checked against the system's CAs, or the ``ssl_ca_certs`` file given in the query) or
``unix:///path/to/redis.sock?db=N``; the settings a query may give are listed in
:data:`QUERY_SETTINGS`. dedup writes only to a database whose ``dedup:`` keys it created: keys of
another type or content are refused with a message naming them.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

from ...errors import ConfigError, IndexCorruptError, IndexOutOfStepError, IndexUnavailableError, ReadOnlyIndexError
from .base import CHECKSUM_BYTES, FORMAT_VERSION, LOG_ID, Entry, check_format, checksum, compare_params, damaged

__all__ = ["LOG_KEY", "PARAMS_KEY", "QUERY_SETTINGS", "RedisLog", "redis_location"]

PARAMS_KEY = "dedup:params"
LOG_KEY = "dedup:log"

#: Settings a Redis URL's query may give (redis-py's connection options), with what they take.
QUERY_SETTINGS = {
    "db": "a database number (unix:// URLs; redis:// ones give it as the path)",
    "socket_timeout": "seconds a reply may take (default 60)",
    "socket_connect_timeout": "seconds connecting may take, TLS handshake included (default 10)",
    "health_check_interval": "seconds between health checks of an idle connection",
    "client_name": "the name the server lists this client under",
    "ssl_cert_reqs": "rediss:// only: required (the default), optional or none",
    "ssl_ca_certs": "rediss:// only: a file of CA certificates to check the server's against",
    "ssl_ca_path": "rediss:// only: a folder of CA certificates",
    "ssl_certfile": "rediss:// only: this client's certificate (servers that check clients)",
    "ssl_keyfile": "rediss:// only: its private key",
    "ssl_check_hostname": "rediss:// only: whether the certificate must name the host (true/false)",
}

_DEFAULTS = {"socket_connect_timeout": 10.0, "socket_timeout": 60.0}

# Creates the index when neither key exists (ARGV: field, value, ...), in one step, so two
# processes opening a new index at once agree on one identity; returns what the keys hold.
_OPEN = """
local ptype = redis.call('TYPE', KEYS[1])['ok']
local ltype = redis.call('TYPE', KEYS[2])['ok']
if ptype == 'none' and ltype == 'none' and #ARGV > 0 then
  redis.call('HSET', KEYS[1], unpack(ARGV))
  ptype = 'hash'
end
local fields = {}
if ptype == 'hash' then fields = redis.call('HGETALL', KEYS[1]) end
local length = 0
if ltype == 'list' then length = redis.call('LLEN', KEYS[2]) end
return {ptype, ltype, fields, length}
"""

# Appends ARGV[3..] only to the log this process reads: same identity (ARGV[1]), and no shorter
# than it has seen (ARGV[2]). Pushed in slices (Lua's unpack takes a few thousand values at most).
_APPEND = """
local id = redis.call('HGET', KEYS[1], 'log_id')
if id ~= ARGV[1] then return redis.error_reply('DEDUP_OUT_OF_STEP id ' .. tostring(id)) end
local length = redis.call('LLEN', KEYS[2])
if length < tonumber(ARGV[2]) then return redis.error_reply('DEDUP_OUT_OF_STEP length ' .. length) end
for i = 3, #ARGV, 1000 do
  length = redis.call('RPUSH', KEYS[2], unpack(ARGV, i, math.min(i + 999, #ARGV)))
end
return length
"""


def redis_location(url: str) -> str:
    """The URL without its password or query: how messages name a Redis index.

    >>> redis_location("rediss://:secret@cache.example:6380/2?ssl_cert_reqs=none")
    'rediss://cache.example:6380/2'
    >>> redis_location("unix:///run/redis.sock?db=1")
    'unix:///run/redis.sock?db=1'
    """
    parts = urlsplit(url)
    if parts.scheme == "unix":
        db = parse_qs(parts.query).get("db", ["0"])[0]
        return f"unix://{parts.path}" + (f"?db={db}" if db != "0" else "")
    return f"{parts.scheme}://{parts.hostname or '127.0.0.1'}:{parts.port or 6379}{parts.path or '/0'}"


def _checked_defaults(url: str) -> dict[str, Any]:
    """Check the settings of ``url``'s query (unknown ones are refused); returns the defaults of
    the settings a URL may leave out (its own win)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    for name in query:
        if name not in QUERY_SETTINGS:
            allowed = ", ".join(QUERY_SETTINGS)
            raise ConfigError(
                f"{redis_location(url)}: unknown setting {name!r} in the URL's query; use one of {allowed}"
            )
        if name.startswith("ssl_") and parts.scheme != "rediss":
            raise ConfigError(
                f"{redis_location(url)}: {name} is a TLS setting, but a {parts.scheme}:// URL does not use TLS; "
                "use rediss:// to connect over TLS"
            )
    reqs = query.get("ssl_cert_reqs", ["required"])[0]
    if reqs not in ("required", "optional", "none"):
        raise ConfigError(f"{redis_location(url)}: ssl_cert_reqs={reqs!r}: use required, optional or none")
    if parts.scheme == "unix" and not parts.path:
        raise ConfigError(f"{url!r} names no socket: write unix:///path/to/redis.sock")
    return dict(_DEFAULTS)


class RedisLog:
    """A Redis list under fixed keys, shared by every process that opens the same URL."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        try:
            import redis
        except ImportError as err:
            raise ConfigError("a Redis index needs the redis client: pip install 'newsdedup[redis]'") from err
        self.location = redis_location(url)
        self.read_only = read_only
        self._tls = url.startswith("rediss://")
        defaults = _checked_defaults(url)
        try:
            self._redis = redis.Redis.from_url(url, **defaults)
        except ValueError as err:
            raise ConfigError(f"{self.location} is not a Redis URL redis-py accepts ({err})") from err
        self._open_script = self._redis.register_script(_OPEN)
        self._append_script = self._redis.register_script(_APPEND)
        self._id: str | None = None
        self._seen = 0  # the longest the list was seen: it may only grow

    # ---- opening ------------------------------------------------------------------------------
    def check_params(self, params: dict[str, int]) -> None:
        """Create the index if the database has no dedup keys; else check its keys and parameters."""
        fresh = {**params, "format": FORMAT_VERSION, LOG_ID: uuid.uuid4().hex}
        args = [] if self.read_only else [x for k, v in fresh.items() for x in (k, json.dumps(v))]
        with self._talking():
            ptype, ltype, fields, length = self._open_script(keys=[PARAMS_KEY, LOG_KEY], args=args)
        ptype, ltype = _text(ptype), _text(ltype)
        if ptype not in ("hash", "none"):
            raise self._foreign(PARAMS_KEY, f"a {ptype}", "a hash of the index parameters")
        if ltype not in ("list", "none"):
            raise self._foreign(LOG_KEY, f"a {ltype}", "a list of records")
        if ptype == "none":
            if ltype == "list":
                raise self._foreign(
                    LOG_KEY, f"a list of {length} items without {PARAMS_KEY}", "it beside the index parameters"
                )
            raise IndexCorruptError(
                f"there is no dedup index at {self.location} (no {PARAMS_KEY}), and it was opened read-only"
            )
        names = sorted(_text(name) for name in fields[::2])
        if "format" not in names:
            raise self._foreign(PARAMS_KEY, f"a hash of {', '.join(names) or 'no fields'}", "the index parameters")
        stored = self._decoded(fields)
        check_format(self.location, stored["format"])
        if not isinstance(stored.get(LOG_ID), str):
            raise IndexCorruptError(
                f"{PARAMS_KEY} at {self.location} has no log id: the index is damaged; rebuild it from the articles"
            )
        compare_params(self.location, stored, params)
        self._id = stored[LOG_ID]
        self._seen = int(length)

    def _decoded(self, fields: list[bytes]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in zip(fields[::2], fields[1::2], strict=True):
            name = _text(key)
            try:
                out[name] = json.loads(value)
            except ValueError as err:
                raise self._foreign(
                    PARAMS_KEY, f"a field {name!r} that is not JSON ({bytes(value)[:40]!r})", "JSON values"
                ) from err
        return out

    def _foreign(self, key: str, found: str, wanted: str) -> IndexCorruptError:
        return IndexCorruptError(
            f"{self.location}: the key {key} holds {found}, where a dedup index keeps {wanted}. This database holds "
            "something other than a dedup index under dedup:, and dedup does not write to keys it did not create: "
            f"give the index another database (e.g. {self.location.rsplit('/', 1)[0]}/1), or delete {key} if it is "
            "a leftover"
        )

    # ---- the Log protocol ---------------------------------------------------------------------
    def params(self) -> dict[str, Any]:
        with self._talking():
            fields = self._redis.hgetall(PARAMS_KEY)
        return self._decoded([_bytes(x) for kv in fields.items() for x in kv])

    def identity(self) -> str:
        """The log's random id, as read when the index was opened (:meth:`check_params`)."""
        if self._id is None:
            raise IndexCorruptError(f"{self.location} was not opened: call check_params first")
        return self._id

    def record_at(self, position: int) -> bytes | None:
        """The record at ``position`` (as :meth:`read_after` numbers them), None if there is none."""
        if position < 1:
            return None
        pipe = self._redis.pipeline(transaction=True)
        pipe.hget(PARAMS_KEY, LOG_ID)
        pipe.llen(LOG_KEY)
        pipe.lindex(LOG_KEY, position - 1)
        with self._talking():
            log_id, length, item = pipe.execute()
        self._check_step(log_id, length)
        if item is None:
            return None
        entry = _entry(position, bytes(item))
        if not entry.intact:
            raise self._damaged(position)
        return entry.record

    def append(self, record: bytes) -> None:
        self.append_many([record])

    def append_many(self, records: Sequence[bytes]) -> None:
        """Append every record in one step (atomic, as one append is), to this process's log only."""
        if not records:
            return
        if self.read_only:
            raise ReadOnlyIndexError(f"{self.location} was opened read-only: nothing can be added")
        items = [checksum(record) + record for record in records]
        with self._talking():
            length = self._append_script(keys=[PARAMS_KEY, LOG_KEY], args=[json.dumps(self._id), self._seen, *items])
        self._seen = int(length)

    def read_after(self, position: int, limit: int) -> list[tuple[int, bytes]]:
        """Up to ``limit`` records after ``position``, with their positions; a damaged one raises."""
        out = []
        for entry in self.entries_after(position, limit):
            if not entry.intact:
                raise self._damaged(entry.position)
            out.append((entry.position, entry.record))
        return out

    def entries_after(self, position: int, limit: int) -> list[Entry]:
        """Up to ``limit`` stored records after ``position``, each with whether its checksum matches."""
        pipe = self._redis.pipeline(transaction=True)
        pipe.hget(PARAMS_KEY, LOG_ID)
        pipe.llen(LOG_KEY)
        pipe.lrange(LOG_KEY, position, position + limit - 1)
        with self._talking():
            log_id, length, items = pipe.execute()
        self._check_step(log_id, length)
        return [_entry(position + k + 1, bytes(item)) for k, item in enumerate(items)]

    def close(self) -> None:
        self._redis.close()

    # ---- staying in step ----------------------------------------------------------------------
    def _check_step(self, raw_id: bytes | None, length: int) -> None:
        if raw_id is None or _loads(raw_id) != self._id:
            raise self._out_of_step("id " + ("false" if raw_id is None else _text(raw_id)))
        if length < self._seen:
            raise self._out_of_step(f"length {length}")
        self._seen = int(length)

    def _out_of_step(self, what: str) -> IndexOutOfStepError:
        kind, _, value = what.partition(" ")
        then = f"This process had seen {self._seen} records of it"
        redo = (
            "Open the index again (dedup.Index.open, or restart the process) and add again the articles added "
            "since the server last saved its data; to survive restarts, run redis-server with persistence "
            "(appendonly yes)"
        )
        if kind == "length":
            what_happened = (
                f"the Redis index at {self.location} now holds {value} records, fewer than the {self._seen} this "
                "process has seen: it was restored from an older snapshot, or cut short"
            )
            then = f"Records {int(value) + 1} to {self._seen} are lost"
        elif value in ("false", "nil", ""):
            what_happened = (
                f"the Redis index at {self.location} is gone ({PARAMS_KEY} has no log id any more): the server "
                "restarted without its data, or the database was flushed"
            )
        else:
            what_happened = (
                f"the Redis index at {self.location} was replaced by another one (log id {_loads(value.encode())!r}, "
                f"not {self._id!r}): it was flushed and created again by another process, or restored from "
                "another backup"
            )
        return IndexOutOfStepError(f"{what_happened}. {then}; nothing more is read or added. {redo}")

    def _damaged(self, position: int) -> IndexCorruptError:
        return damaged(
            self.location,
            position,
            f"item {position} of the list {LOG_KEY} does not start with the checksum of its bytes: written by another "
            f"program (an RPUSH to {LOG_KEY}?), or damaged",
        )

    @contextlib.contextmanager
    def _talking(self) -> Iterator[None]:
        """Redis errors as dedup's: the server unreachable, a key of the wrong type, out of step."""
        import redis

        try:
            yield
        except redis.exceptions.AuthenticationError as err:
            raise IndexUnavailableError(
                f"Redis at {self.location} refused the password ({err}): give the right one in the URL "
                "(redis://:PASSWORD@host:port/db)"
            ) from err
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as err:
            hint = (
                "rediss:// speaks TLS: is the server serving TLS on that port, and is its certificate trusted "
                "(?ssl_ca_certs=/path/ca.pem)?"
                if self._tls
                else "is redis-server running there? If it only takes TLS, use rediss://"
            )
            raise IndexUnavailableError(f"cannot reach Redis at {self.location} ({err}): {hint}") from err
        except redis.exceptions.ResponseError as err:
            message = str(err)
            if message.startswith("DEDUP_OUT_OF_STEP "):
                raise self._out_of_step(message.removeprefix("DEDUP_OUT_OF_STEP ")) from None
            if message.startswith("NOAUTH"):
                raise IndexUnavailableError(
                    f"Redis at {self.location} asks for a password: give it in the URL (redis://:PASSWORD@host:port/db)"
                ) from err
            if "WRONGTYPE" in message:
                raise IndexCorruptError(
                    f"{self.location}: a dedup: key holds a value of the wrong type ({message}): the key {LOG_KEY} "
                    f"must be a list and {PARAMS_KEY} a hash. Another program wrote there; dedup does not write to "
                    "keys it did not create: give the index another database, or delete the key if it is a leftover"
                ) from err
            raise


def _entry(position: int, item: bytes) -> Entry:
    record = item[CHECKSUM_BYTES:]
    intact = len(item) >= CHECKSUM_BYTES and item[:CHECKSUM_BYTES] == checksum(record)
    return Entry(position, record if intact else item, intact)


def _bytes(value: bytes | str) -> bytes:
    return value if isinstance(value, bytes) else value.encode("utf-8")


def _text(value: Any) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)


def _loads(value: bytes) -> Any:
    try:
        return json.loads(value)
    except ValueError:
        return None
