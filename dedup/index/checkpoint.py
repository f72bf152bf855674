"""Checkpoints: a persistent index's in-memory state saved beside its log, so it opens in seconds.

A persistent index is its log; opening it replays every record, which is as slow as learning
them. A checkpoint is the state (:class:`~dedup.index.state.IndexState`) after the first
``position`` records of the log, so :meth:`dedup.Index.open` loads it and replays only the
records appended after it (by this process or by others).

File layout (integers little-endian)::

    b"DEDUPCKP"                     magic
    u32 n, n bytes                  header: UTF-8 JSON (format, dedup version, index parameters,
                                    config, log id, position, hash of the record at position)
    16 bytes                        xxh3-128 of the header
    payload                         the state's arrays as an uncompressed .npz (zip of .npy
                                    files, :meth:`IndexState.to_arrays`), its JSON metadata
                                    (article ids, outlets) as the member ``meta.json``
    u64 payload length, 16 bytes    xxh3-128 of the payload
    b"DEDUPEND"                     end magic

The payload is data only: it is read with ``numpy.load(allow_pickle=False)`` and ``json``, so
opening a checkpoint never runs code from it, whoever wrote it. A checkpoint that does not match
its log (another log, a log rewritten or cut short, another dedup version or config), written in
an older format, or damaged is ignored with a :class:`CheckpointWarning` saying why, and the log
is replayed in full: it never gives a state other than the replay's. One written for other index
parameters is refused with :class:`~dedup.errors.ConfigError`, as the log refuses them.

Writing is crash-safe: a temporary file in the same directory, flushed and fsynced, renamed
over the old checkpoint (``os.replace``), then the directory fsynced; a crash mid-write leaves
the previous checkpoint as it was.
"""

from __future__ import annotations

import io
import json
import os
import struct
import tempfile
import warnings
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any, cast

import numpy as np
import numpy.typing as npt
import xxhash

from .._version import __version__
from ..config import Config
from ..errors import ConfigError, IndexCorruptError
from .state import IndexState
from .storage import Log

__all__ = [
    "CHECKPOINT_FORMAT",
    "CheckpointInfo",
    "CheckpointWarning",
    "read_checkpoint",
    "state_bytes",
    "state_from_bytes",
    "write_checkpoint",
]

#: Bumped whenever the file layout changes: older checkpoints are then ignored (full replay).
#: Format 1 was a pickle of the state; format 2 holds its arrays.
CHECKPOINT_FORMAT = 2

_MAGIC = b"DEDUPCKP"
_END = b"DEDUPEND"
_U32 = struct.Struct("<I")
_U64 = struct.Struct("<Q")
_DIGEST = 16
_TRAILER = _U64.size + _DIGEST + len(_END)
_MAX_HEADER = 1 << 20
_READ_CHUNK = 1 << 24
_META = "meta.json"


class CheckpointWarning(UserWarning):
    """A checkpoint was ignored (the index is rebuilt from its log), or could not be written."""


@dataclass(frozen=True, slots=True)
class CheckpointInfo:
    """A checkpoint as written: its file, the log position it reflects, its size in bytes."""

    path: str
    position: int
    size: int


def record_hash(record: bytes | None) -> str | None:
    """The hash a checkpoint keeps of the log record at its position (None: an empty log).

    >>> record_hash(b"a record"), record_hash(None)
    ('cf6474108267c7e3', None)
    """
    return None if record is None else xxhash.xxh3_64_hexdigest(record)


def config_fields(config: Config) -> dict[str, Any]:
    """``config`` as JSON values: what a checkpoint's state was built with."""
    loaded: dict[str, Any] = json.loads(json.dumps(asdict(config)))
    return loaded


class _HashingWriter:
    """A file wrapper that hashes and counts what numpy streams through it (not seekable: the
    zip is written with data descriptors)."""

    def __init__(self, out: IO[bytes] | io.BytesIO) -> None:
        self.out = out
        self.hash = xxhash.xxh3_128()
        self.size = 0

    def write(self, data: Any) -> int:
        view = memoryview(data).cast("B")  # bytes, whatever the shape of a buffer handed over
        self.hash.update(view)
        self.size += view.nbytes
        self.out.write(view)
        return view.nbytes

    def flush(self) -> None:
        self.out.flush()

    def close(self) -> None:
        """Nothing: the file belongs to the caller, who closes it once the trailer is written."""


def write_checkpoint(path: str, state: IndexState, position: int, log: Log) -> CheckpointInfo:
    """Write ``state``, which reflects the first ``position`` records of ``log``, to ``path``.

    Crash-safe: the file appears whole (renamed over the previous one) or not at all.
    """
    header = json.dumps(
        {
            "format": CHECKPOINT_FORMAT,
            "dedup": __version__,
            "params": state.config.index_params(),
            "config": config_fields(state.config),
            "log_id": log.identity(),
            "position": position,
            "record_hash": record_hash(log.record_at(position)) if position > 0 else None,
        },
        sort_keys=True,
    ).encode("utf-8")
    target = Path(path)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            if hasattr(os, "fchmod"):  # POSIX: mkstemp makes it private (0600)
                os.fchmod(out.fileno(), _file_mode(target))
            out.write(_MAGIC + _U32.pack(len(header)) + header + xxhash.xxh3_128_digest(header))
            writer = _HashingWriter(out)
            _write_state(writer, state)
            out.write(_U64.pack(writer.size) + writer.hash.digest() + _END)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_directory(target.parent)
    return CheckpointInfo(str(target), position, target.stat().st_size)


def state_bytes(state: IndexState) -> bytes:
    """The state as the payload of a checkpoint (an .npz in memory): to ship it to another process.

    >>> from dedup.config import Config
    >>> state_from_bytes(state_bytes(IndexState(Config())), Config()).documents
    0
    """
    out = _HashingWriter(io.BytesIO())
    _write_state(out, state)
    return cast(io.BytesIO, out.out).getvalue()


def state_from_bytes(data: bytes, config: Config) -> IndexState:
    """The state :func:`state_bytes` made (data only: never runs code from ``data``)."""
    return _load_state(io.BytesIO(data), config)


def _write_state(out: _HashingWriter, state: IndexState) -> None:
    arrays, meta = state.to_arrays()
    meta_bytes = json.dumps(meta, ensure_ascii=True).encode("ascii")  # lone surrogates escaped
    _write_npz(out, {**arrays, _META: np.frombuffer(meta_bytes, np.uint8)})


def _load_state(f: IO[bytes] | _Slice, config: Config) -> IndexState:
    """The state of an .npz payload; ValueError, KeyError or TypeError when it does not fit."""
    with np.load(f, allow_pickle=False) as npz:  # data only: never code
        arrays = {name: npz[name] for name in npz.files}
    meta = json.loads(arrays.pop(_META).tobytes().decode("ascii"))
    return IndexState.from_arrays(config, arrays, meta)


def _write_npz(out: _HashingWriter, arrays: dict[str, npt.NDArray[np.generic]]) -> None:
    """``arrays`` as an uncompressed .npz (what ``numpy.load`` reads), streamed to ``out``."""
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for name, array in arrays.items():
            with zf.open(f"{name}.npy", "w", force_zip64=True) as member:
                np.lib.format.write_array(member, np.ascontiguousarray(array), allow_pickle=False)


def read_checkpoint(path: str, log: Log, config: Config) -> tuple[IndexState, int] | None:
    """The state saved at ``path`` and the log position it reflects, if it is valid for ``log``.

    Returns None when there is no checkpoint, or (with a :class:`CheckpointWarning` saying why)
    when it does not match ``log`` or ``config``, or is damaged. Raises :class:`ConfigError` for
    one written for other index parameters.
    """
    try:
        f = open(path, "rb")  # noqa: SIM115 (closed below, on every path)
    except FileNotFoundError:
        return None
    except OSError as err:
        return _ignore(path, f"it cannot be read ({err.strerror or err})")
    with f:
        try:
            size = os.fstat(f.fileno()).st_size
            return _read(path, f, size, log, config)
        except (OSError, EOFError, zipfile.BadZipFile, ValueError, TypeError, KeyError) as err:
            if isinstance(err, (ConfigError, IndexCorruptError)):  # other parameters; a damaged log record
                raise
            return _ignore(path, f"it cannot be read ({type(err).__name__}: {err})")


def _read(path: str, f: IO[bytes], size: int, log: Log, config: Config) -> tuple[IndexState, int] | None:
    head = f.read(len(_MAGIC) + _U32.size)
    if len(head) < len(_MAGIC) + _U32.size or head[: len(_MAGIC)] != _MAGIC:
        return _ignore(path, "it is not a dedup checkpoint (no checkpoint header)")
    (n,) = _U32.unpack(head[len(_MAGIC) :])
    payload_start = len(head) + n + _DIGEST
    if n > _MAX_HEADER or payload_start + _TRAILER > size:
        return _ignore(path, "it is truncated or damaged (bad header length)")
    header_bytes = f.read(n)
    if xxhash.xxh3_128_digest(header_bytes) != f.read(_DIGEST):
        return _ignore(path, "its header is damaged (checksum mismatch)")
    header = json.loads(header_bytes)
    if header.get("format") != CHECKPOINT_FORMAT:
        return _ignore(
            path,
            f"it has format {header.get('format')!r}, written by an older dedup; this dedup reads format "
            f"{CHECKPOINT_FORMAT}. Run `dedup index checkpoint INDEX` once to write a new one",
        )
    _check_params(path, header.get("params", {}), config.index_params())
    reason = _mismatch(header, log, config)
    if reason is not None:
        return _ignore(path, reason)
    # The payload's checksum is verified before a byte of it is parsed.
    f.seek(size - _TRAILER)
    trailer = f.read(_TRAILER)
    (length,) = _U64.unpack(trailer[: _U64.size])
    if trailer[-len(_END) :] != _END or payload_start + length + _TRAILER != size:
        return _ignore(path, "it is truncated or damaged (bad trailer)")
    f.seek(payload_start)
    digest = xxhash.xxh3_128()
    left = length
    while left:
        chunk = f.read(min(left, _READ_CHUNK))
        if not chunk:
            return _ignore(path, "it is truncated")
        digest.update(chunk)
        left -= len(chunk)
    if digest.digest() != trailer[_U64.size : _U64.size + _DIGEST]:
        return _ignore(path, "its contents are damaged (checksum mismatch)")
    try:
        state = _load_state(_Slice(f, payload_start, length), config)
    except (KeyError, ValueError, TypeError) as err:
        return _ignore(path, f"its contents do not fit this dedup's index layout ({type(err).__name__}: {err})")
    return state, int(header["position"])


class _Slice:
    """The bytes [start, start + length) of a file, as a seekable file of its own (for np.load)."""

    def __init__(self, f: IO[bytes], start: int, length: int) -> None:
        self._f, self._start, self._length, self._pos = f, start, length, 0

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def seek(self, offset: int, whence: int = 0) -> int:
        base = (0, self._pos, self._length)[whence]
        self._pos = min(max(0, base + offset), self._length)
        return self._pos

    def read(self, n: int = -1) -> bytes:
        left = self._length - self._pos
        n = left if n is None or n < 0 else min(n, left)
        self._f.seek(self._start + self._pos)
        data = self._f.read(n)
        self._pos += len(data)
        return data


def _mismatch(header: dict[str, Any], log: Log, config: Config) -> str | None:
    """Why a checkpoint's header does not fit this log and config, or None when it does."""
    version = __version__
    if header.get("dedup") != version:
        return f"it was written by dedup {header.get('dedup')}, this is dedup {version}"
    wanted = config_fields(config)
    stored = header.get("config", {})
    diffs = [f"{k}={stored.get(k)!r} (this index: {v!r})" for k, v in wanted.items() if stored.get(k) != v]
    if diffs:
        return f"it was written with other settings: {', '.join(diffs)}"
    if header.get("log_id") != log.identity():
        return f"it belongs to another log than {log.location} (the index was replaced or rebuilt)"
    position = header.get("position")
    if not isinstance(position, int) or position < 0:
        return "its header is damaged (no log position)"
    if position > 0:
        record = log.record_at(position)
        if record is None:
            return f"the log has no record {position} any more (it was cut short or rewritten)"
        if record_hash(record) != header.get("record_hash"):
            return f"record {position} of the log is not the one it was written after (the log was rewritten)"
    return None


def _check_params(path: str, stored: dict[str, Any], wanted: dict[str, int]) -> None:
    diffs = [f"{k}={stored.get(k)!r} (asked for {v!r})" for k, v in wanted.items() if stored.get(k) != v]
    if diffs:
        raise ConfigError(
            f"checkpoint {path} was written for an index built with {', '.join(diffs)}, so it belongs to "
            "another index than this one. Delete it (the index then opens by replaying its log, and a new "
            "checkpoint is written), or give Index.open another checkpoint_path"
        )


def _ignore(path: str, reason: str) -> tuple[IndexState, int] | None:
    """Warn that the checkpoint at ``path`` is ignored, and why; returns None (no state)."""
    warnings.warn(
        f"checkpoint {path} is ignored: {reason}. The index is rebuilt by replaying its whole log "
        "(slower to open, same results); `dedup index checkpoint INDEX`, Index.checkpoint() or close() "
        "writes a new checkpoint",
        CheckpointWarning,
        stacklevel=4,
    )
    return None


def _file_mode(target: Path) -> int:
    """The previous checkpoint's permissions, else those a new file gets (0666 less the umask)."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); a no-op where directories cannot be opened (Windows)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
