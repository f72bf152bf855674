"""The corpus index: learns articles, and answers how each line recurs across outlets.

``Index()`` lives in memory; ``Index.open(path)`` keeps a SQLite file; ``Index.open(
"redis://127.0.0.1:6379/0")`` is shared by a fleet of scrapers. All three hold the same
in-memory state (see :mod:`dedup.index.state`); the persistent ones rebuild it from their log
on open (from a checkpoint of it, then the records after it: :mod:`dedup.index.checkpoint`)
and catch up with other writers before every look-up.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from types import TracebackType

from ..cleaner import clean_with_evidence
from ..config import Config
from ..dates import parse_published, utc_stamp
from ..errors import ConfigError, IndexCorruptError, InvalidInputError
from ..prepare import Prepared, prepare
from ..types import CleanResult, OutsideWindow
from .checkpoint import CheckpointInfo, CheckpointWarning, read_checkpoint, write_checkpoint
from .records import DocRecord, ForgetRecord, parse_record, record_from
from .state import IndexState
from .storage import Log, is_redis, open_log
from .storage.base import damaged

#: Log records read and applied at a time when a persistent index catches up.
_SYNC_PAGE = 10_000

#: Records applied since the last checkpoint after which close() writes a new one.
CHECKPOINT_EVERY = 10_000

__all__ = ["CHECKPOINT_EVERY", "CheckpointInfo", "CheckpointWarning", "Index", "IndexStats"]


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Size of an index: articles learned, distinct lines, outlets."""

    documents: int
    lines: int
    outlets: int
    location: str | None


class Index:
    """Learns articles and cleans them against what it has learned.

    >>> idx = Index()
    >>> banner = "Support us\\nDear readers,\\nPlease donate today.\\nRemind me later."
    >>> stories = ["Putin met Kerry in Sochi on Tuesday for talks.", "Oil prices rose on Monday in early trade."]
    >>> for n, story in enumerate(stories):
    ...     _ = idx.add(story + "\\n" + banner, doc_id=str(n), source="example.com")
    >>> r = idx.clean("Kerry flew home to Washington on Wednesday night.\\n" + banner, source="example.com")
    >>> r.text, r.removals[0].rule
    ('Kerry flew home to Washington on Wednesday night.', 'banner')
    """

    def __init__(
        self,
        config: Config | None = None,
        *,
        _log: Log | None = None,
        _checkpoint_path: str | None = None,
        _checkpoint_every: int | None = CHECKPOINT_EVERY,
    ) -> None:
        if config is not None and not isinstance(config, Config):
            raise InvalidInputError(f"config must be a dedup.Config, got {type(config).__name__}")
        if _checkpoint_every is not None and (
            isinstance(_checkpoint_every, bool) or not isinstance(_checkpoint_every, int) or _checkpoint_every < 0
        ):
            raise ConfigError(
                f"checkpoint_every={_checkpoint_every!r}: use a whole number of records >= 0 (0 or None: never "
                f"on close), such as the default {CHECKPOINT_EVERY}"
            )
        self.config = config or Config()
        self._state = IndexState(self.config)
        self._log = _log
        self._position = 0
        self._checkpoint_path = _checkpoint_path
        self._checkpoint_every = _checkpoint_every or 0
        self._since_checkpoint = 0  # records applied since the state was last loaded or saved
        self._broken = False  # a failed apply left the state between two log positions
        self._closed = False
        if _log is not None:
            _log.check_params(self.config.index_params())
            if _checkpoint_path is not None:
                loaded = read_checkpoint(_checkpoint_path, _log, self.config)
                if loaded is not None:
                    self._state, self._position = loaded
            self._sync()

    @classmethod
    def from_state(cls, state: IndexState) -> Index:
        """An in-memory index over a state learned elsewhere (the Spark job's executors)."""
        index = cls(state.config)
        index._state = state
        return index

    @classmethod
    def open(
        cls,
        location: str | os.PathLike[str],
        config: Config | None = None,
        *,
        checkpoint_path: str | os.PathLike[str] | None = None,
        checkpoint_every: int | None = CHECKPOINT_EVERY,
        read_only: bool = False,
    ) -> Index:
        """Open (or create) a persistent index: a file path (SQLite) or a Redis URL.

        Refuses, with :class:`ConfigError`, an index built with other parameters or written by an
        older dedup, and with :class:`~dedup.errors.IndexCorruptError` a store dedup did not create
        (another program's SQLite database or Redis keys: nothing is written to it) or a damaged
        record (:class:`~dedup.errors.DamagedRecordError`: run ``dedup index verify``).

        Args:
            location: a SQLite file (created if missing or empty) or a ``redis://host:port/db``,
                ``rediss://`` (TLS) or ``unix:///path/to/redis.sock`` URL.
            config: the settings; its index parameters must be the index's.
            checkpoint_path: where checkpoints of the in-memory state are kept (see
                :meth:`checkpoint`). A SQLite index keeps them beside its file (``<path>.checkpoint``)
                unless told otherwise; a Redis index has none unless one is given (a local file of
                this machine).
            checkpoint_every: :meth:`close` writes a checkpoint when at least this many log records
                were applied since the index was opened or last checkpointed (0 or None: never).
                An index open for reading only writes none on close.
            read_only: open for reading only: look-ups work, adding raises
                :class:`~dedup.errors.ReadOnlyIndexError`. A SQLite file or folder this process
                cannot write is opened so without asking.

        Opening loads the checkpoint when it fits the log, then applies only the records after it;
        a checkpoint that does not fit is ignored with a :class:`CheckpointWarning` (the log is
        replayed in full, with the same results).
        """
        where = os.fspath(location)
        log = open_log(where, read_only=read_only)
        if checkpoint_path is None and not is_redis(where):
            checkpoint_path = where + ".checkpoint"
        try:
            return cls(
                config,
                _log=log,
                _checkpoint_path=None if checkpoint_path is None else os.fspath(checkpoint_path),
                _checkpoint_every=checkpoint_every,
            )
        except BaseException:
            log.close()
            raise

    def checkpoint(self) -> CheckpointInfo:
        """Catch up with the log, then save the in-memory state beside it, so the next open is fast.

        Written crash-safe (a temporary file renamed over the previous checkpoint). Opening the
        index then loads it and replays only the records appended after it.

        >>> import os, tempfile
        >>> folder = tempfile.TemporaryDirectory()
        >>> idx = Index.open(os.path.join(folder.name, "news.dedup"))
        >>> _ = idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="a1", source="example.com")
        >>> info = idx.checkpoint()
        >>> os.path.basename(info.path), info.position
        ('news.dedup.checkpoint', 1)
        >>> idx.close()
        >>> with Index.open(os.path.join(folder.name, "news.dedup")) as again:   # from the checkpoint
        ...     len(again)
        1
        >>> folder.cleanup()

        Raises:
            ConfigError: the index has no checkpoint path (in memory, or Redis without
                ``checkpoint_path``).
            IndexCorruptError: an earlier failure left the in-memory state incomplete.
        """
        if self._log is None or self._checkpoint_path is None:
            where = "an in-memory index" if self._log is None else f"{self._log.location}"
            raise ConfigError(
                f"{where} has no checkpoint path: open it with "
                "dedup.Index.open(location, checkpoint_path='/some/file.checkpoint') to keep checkpoints"
            )
        if self._broken:
            raise IndexCorruptError(
                "an earlier error interrupted applying the log, so this process's state is incomplete: "
                "no checkpoint written. Open the index again"
            )
        self._sync()
        info = write_checkpoint(self._checkpoint_path, self._state, self._position, self._log)
        self._since_checkpoint = 0
        return info

    # ---- learning ---------------------------------------------------------------------
    def add(
        self,
        text: str,
        doc_id: str | None = None,
        source: str | None = None,
        published: datetime | str | None = None,
    ) -> str:
        """Learn one article; returns its id (a hash of the text when none is given).

        An id the index already holds is not learned again, so re-adding is harmless.
        """
        (p,) = prepare([(text, doc_id, source, published)], self.config, "Index.add()")
        (rec,) = self.records([p])
        self.learn(rec)
        return rec.doc_id

    def clean(
        self,
        text: str,
        doc_id: str | None = None,
        source: str | None = None,
        published: datetime | str | None = None,
        learn: bool = True,
        config: Config | None = None,
    ) -> CleanResult:
        """Clean one article against the index, learning it first unless ``learn=False``.

        ``config`` may change the rules and thresholds, not the index parameters.
        """
        config = self.rule_config(config)
        (p,) = prepare([(text, doc_id, source, published)], self.config, "Index.clean()")
        (rec,) = self.records([p])
        if learn:
            self.learn(rec)
        else:
            self._sync()
        return self.clean_prepared(p, rec, config)

    # ---- steps shared with clean_corpus -------------------------------------------------
    def records(self, prepared: Sequence[Prepared]) -> list[DocRecord]:
        """What the index learns of prepared articles (:func:`dedup.prepare.prepare`)."""
        return [record_from(p) for p in prepared]

    def learn(self, rec: DocRecord) -> None:
        if self._log is None:
            self._state.apply(rec)
        else:
            self._log.append(rec.to_bytes())
            self._sync()  # applies every record up to ours, in log order, as every process does

    def learn_many(self, recs: Sequence[DocRecord]) -> None:
        """:meth:`learn` each record in order, with the line tables updated in bulk.

        A persistent index appends the records to its log at once (one transaction: a crash
        leaves all of them or none), then applies the log up to them.
        """
        if self._log is None:
            self._state.apply_many(recs)
        else:
            self._log.append_many([rec.to_bytes() for rec in recs])
            self._sync()

    def clean_prepared(self, p: Prepared, rec: DocRecord, config: Config) -> CleanResult:
        """Clean a prepared article (its record ``rec``) against the index."""
        state = self._state
        evidence = state.evidence(rec, state.resolve(rec))
        times = OutsideWindow.of(state.far_copies(rec), state.forgot_around(rec), config.syndication_window_days)
        return clean_with_evidence(p, config, evidence, state.canonical(rec), times)

    def forget(self, before: datetime | str) -> int:
        """Forget every dated article published before ``before`` (undated ones are kept): their
        postings, anchors and copy links, and the lines no other article holds. Returns how many
        articles this process's state forgot. Persistent indexes log the request, so every process
        forgets at the same point of the log; articles cleaned afterwards whose dates could have
        matched forgotten ones say so (``CleanResult.outside_window``).

        >>> idx = Index()
        >>> _ = idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="old", published="2018-01-02")
        >>> idx.forget("2018-06-01"), "old" in idx
        (1, False)
        """
        when = parse_published(before)
        if when is None:
            raise InvalidInputError("forget() needs a date: before=None forgets nothing")
        record = ForgetRecord(when.isoformat())
        if self._log is None:
            return self._state.forget_before(utc_stamp(record.before))
        forgotten = self._state.forgetting.forgotten
        self._log.append(record.to_bytes())
        self._sync()
        return self._state.forgetting.forgotten - forgotten

    def rule_config(self, config: Config | None) -> Config:
        """The config to clean with: ``config`` if its index parameters match this index's."""
        if config is None:
            return self.config
        if not isinstance(config, Config):
            raise InvalidInputError(f"config must be a dedup.Config, got {type(config).__name__}")
        if config.index_params() != self.config.index_params():
            raise ConfigError(
                f"this index uses {self.config.index_params()}, the config asks for {config.index_params()}: "
                "only rule settings can change per call"
            )
        return config

    def _sync(self) -> None:
        if self._log is None:
            return
        # A page of records at a time, applied in bulk (apply_many gives the state applying them
        # one at a time gives).
        while batch := self._log.read_after(self._position, _SYNC_PAGE):
            recs = [_record(self._log, position, data) for position, data in batch]
            try:
                articles: list[DocRecord] = []
                for rec in recs:  # articles in bulk, forget requests between them in log order
                    if isinstance(rec, ForgetRecord):
                        self._state.apply_many(articles)
                        articles = []
                        self._state.forget_before(utc_stamp(rec.before))
                    else:
                        articles.append(rec)
                self._state.apply_many(articles)
            except BaseException:
                self._broken = True  # part of the page may be applied: never checkpoint this state
                raise
            self._position = batch[-1][0]
            self._since_checkpoint += len(batch)

    # ---- reporting ----------------------------------------------------------------------
    def stats(self) -> IndexStats:
        self._sync()
        s = self._state
        return IndexStats(s.documents, s.lines, len(s.outlets), self._log.location if self._log else None)

    def top_lines(self, source: str | None, n: int = 10) -> list[tuple[str, int]]:
        """The lines of an outlet found in the most distinct stories: (text, stories)."""
        self._sync()
        return [(self._state.text_of(root), k) for root, k in self._state.outlet_lines(source or "")[:n]]

    def clusters(self) -> list[tuple[str, list[str]]]:
        """Syndication clusters of 2+ articles: (canonical id, members in canonical order)."""
        self._sync()
        return self._state.clusters_of_copies()

    def outlets(self) -> list[str]:
        self._sync()
        return self._state.outlets

    def __len__(self) -> int:
        return self._state.documents

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and doc_id in self._state

    def close(self) -> None:
        """Close the log, first writing a checkpoint when ``checkpoint_every`` records or more were
        applied since the last one and the index is writable (a failure to write it is a
        :class:`CheckpointWarning`: the log holds everything, the next open replays more of it)."""
        if self._log is None or self._closed:
            return
        try:
            due = self._checkpoint_every and self._since_checkpoint >= self._checkpoint_every
            if due and self._checkpoint_path is not None and not self._broken and not self._log.read_only:
                try:
                    self.checkpoint()
                except Exception as err:
                    warnings.warn(
                        f"could not write checkpoint {self._checkpoint_path} ({type(err).__name__}: {err}); "
                        "the index itself is intact, its next open replays the records since the last checkpoint",
                        CheckpointWarning,
                        stacklevel=2,
                    )
        finally:
            self._closed = True
            self._log.close()

    def __enter__(self) -> Index:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _record(log: Log, position: int, data: bytes) -> DocRecord | ForgetRecord:
    """The record at ``position`` of ``log``: bytes that pass their checksum but do not read as a
    record (written by another program with a checksum, or by another dedup) are a damaged record."""
    try:
        return parse_record(data)
    except IndexCorruptError as err:
        raise damaged(log.location, position, f"it passes its checksum but does not read as a record: {err}") from err
