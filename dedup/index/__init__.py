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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from types import TracebackType

import numpy as np
import xxhash

from ..config import Config
from ..errors import ConfigError, IndexCorruptError, InvalidInputError
from ..fingerprint import U32Array, U64Array
from ..lines import Line, split_lines_many
from ..syndication import Syndication
from ..types import CleanResult
from .checkpoint import CheckpointInfo, CheckpointWarning, read_checkpoint, write_checkpoint
from .logs import Log, is_redis, open_log

# exact_keys and make_record are re-exported: adapters (Spark) build records from them.
from .records import DocRecord, fingerprint_lines, record_from
from .records import exact_keys as exact_keys
from .records import make_record as make_record
from .state import IndexState, LineEvidence, SyndicationMatch

#: Log records read and applied at a time when a persistent index catches up.
_SYNC_PAGE = 10_000

#: Records applied since the last checkpoint after which close() writes a new one.
CHECKPOINT_EVERY = 10_000

__all__ = [
    "CHECKPOINT_EVERY",
    "CheckpointInfo",
    "CheckpointWarning",
    "Index",
    "IndexStats",
    "LineEvidence",
    "Prepared",
    "clean_with_evidence",
]


@dataclass(frozen=True, slots=True)
class IndexStats:
    """Size of an index: articles learned, distinct lines, outlets."""

    documents: int
    lines: int
    outlets: int
    location: str | None


@dataclass(frozen=True, slots=True)
class Prepared:
    """One article ready to learn and clean: its text, lines, record, near-repeat keys and the
    hashes of its lines' openings (see :class:`dedup.index.records.LineFingerprints`)."""

    text: str
    lines: tuple[Line, ...]
    rec: DocRecord
    repeat_keys: U64Array
    openings: U32Array | None = None


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
    def open(
        cls,
        location: str | os.PathLike[str],
        config: Config | None = None,
        *,
        checkpoint_path: str | os.PathLike[str] | None = None,
        checkpoint_every: int | None = CHECKPOINT_EVERY,
    ) -> Index:
        """Open (or create) a persistent index: a file path (SQLite) or a ``redis://`` URL.

        Refuses, with :class:`ConfigError`, an index built with other parameters.

        Args:
            location: a SQLite file (created if missing) or a ``redis://host:port/db`` URL.
            config: the settings; its index parameters must be the index's.
            checkpoint_path: where checkpoints of the in-memory state are kept (see
                :meth:`checkpoint`). A SQLite index keeps them beside its file (``<path>.checkpoint``)
                unless told otherwise; a Redis index has none unless one is given (a local file of
                this machine).
            checkpoint_every: :meth:`close` writes a checkpoint when at least this many log records
                were applied since the index was opened or last checkpointed (0 or None: never).

        Opening loads the checkpoint when it fits the log, then applies only the records after it;
        a checkpoint that does not fit is ignored with a :class:`CheckpointWarning` (the log is
        replayed in full, with the same results).
        """
        where = os.fspath(location)
        log = open_log(where)
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
        _lines, rec = self.prepare(text, doc_id, source, published, "Index.add()")
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
        (p,) = self.prepare_many([(text, doc_id, source, published)], "Index.clean()")
        if learn:
            self.learn(p.rec)
        else:
            self._sync()
        return self.clean_prepared(p.text, p.lines, p.rec, config, p.repeat_keys, p.openings)

    # ---- steps shared with clean_corpus -------------------------------------------------
    def prepare(
        self,
        text: str,
        doc_id: str | None,
        source: str | None,
        published: datetime | str | None,
        where: str,
    ) -> tuple[tuple[Line, ...], DocRecord]:
        """Split and fingerprint one article against the index as it is now (not learned yet)."""
        (p,) = self.prepare_many([(text, doc_id, source, published)], where)
        return p.lines, p.rec

    def prepare_many(
        self,
        docs: Iterable[tuple[str, str | None, str | None, datetime | str | None]],
        where: str,
    ) -> list[Prepared]:
        """:meth:`prepare` for many articles ``(text, doc_id, source, published)`` at once.

        Lines of all articles are fingerprinted in a few vectorised passes; records are the ones
        :meth:`prepare` gives one at a time against the index as it is now.
        """
        heads = [article_head(text, doc_id, source, published, where) for text, doc_id, source, published in docs]
        normals: dict[str, str] = {}  # one normal-form cache for the batch
        split = split_lines_many([h[0] for h in heads], normals)
        fps = fingerprint_lines(split, self.config)
        # One look-up for the whole batch: nothing is learned while preparing.
        # Lines forgotten before this batch is learned (its newest date) do not count as known.
        dated = [t if t.tzinfo is not None else t.replace(tzinfo=timezone.utc) for *_, t in heads if t is not None]
        newest = max(t.timestamp() for t in dated) if dated else None
        known = self._state.knows(np.concatenate([fp.keys for fp in fps]), newest) if fps else np.empty(0, bool)
        out = []
        lo = 0
        for (text, doc_id, source, published), lines, fp in zip(heads, split, fps, strict=True):
            hi = lo + len(fp.keys)
            rec = record_from(lines, fp, known=known[lo:hi], doc_id=doc_id, source=source, published=published)
            out.append(Prepared(text, lines, rec, fp.repeat_keys, fp.openings))
            lo = hi
        return out

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

    def clean_prepared(
        self,
        text: str,
        lines: Sequence[Line],
        rec: DocRecord,
        config: Config,
        repeat_keys: U64Array | None = None,
        openings: U32Array | None = None,
    ) -> CleanResult:
        """Clean a prepared article against the index (``repeat_keys`` and ``openings`` from
        :meth:`prepare_many` spare the near-repeat rule its own shingling and most of its search
        for truncated copies)."""
        ids = self._state.resolve(rec)
        evidence = self._state.evidence(rec, ids)
        match = self._state.syndication(rec, ids)
        return clean_with_evidence(text, lines, rec, config, evidence, match, repeat_keys, openings)

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
        from .records import DocRecord

        # A page of records at a time, applied in bulk (apply_many gives the state applying them
        # one at a time gives).
        while batch := self._log.read_after(self._position, _SYNC_PAGE):
            recs = [DocRecord.from_bytes(data) for _, data in batch]
            try:
                self._state.apply_many(recs)
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
        return self._state.clusters()

    def outlets(self) -> list[str]:
        self._sync()
        return self._state.outlets

    def __len__(self) -> int:
        return self._state.documents

    def __contains__(self, doc_id: object) -> bool:
        return isinstance(doc_id, str) and doc_id in self._state

    def close(self) -> None:
        """Close the log, first writing a checkpoint when ``checkpoint_every`` records or more were
        applied since the last one (a failure to write it is a :class:`CheckpointWarning`: the
        log holds everything, the next open replays more of it)."""
        if self._log is None or self._closed:
            return
        try:
            due = self._checkpoint_every and self._since_checkpoint >= self._checkpoint_every
            if due and self._checkpoint_path is not None and not self._broken:
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


def article_head(
    text: str, doc_id: str | None, source: str | None, published: datetime | str | None, where: str
) -> tuple[str, str, str | None, datetime | None]:
    """An article's checked text, its id (a hash of the text when none is given), source and
    parsed date, as the index learns them; raises the input errors ``prepare`` raises."""
    from ..cleaner import check_text
    from ..readers import parse_published

    check_text(text, where)
    if doc_id is None:
        doc_id = "sha-" + xxhash.xxh64_hexdigest(text.encode("utf-8", "surrogatepass"))
    elif not isinstance(doc_id, str):
        doc_id = str(doc_id)
    if source is not None and not isinstance(source, str):
        raise InvalidInputError(f"source must be a str such as 'reuters.com', got {type(source).__name__}")
    return text, doc_id, source, parse_published(published)


def clean_with_evidence(
    text: str,
    lines: Sequence[Line],
    rec: DocRecord,
    config: Config,
    evidence: Sequence[LineEvidence],
    match: SyndicationMatch | None,
    repeat_keys: U64Array | None = None,
    openings: U32Array | None = None,
) -> CleanResult:
    """Clean a prepared article from what the corpus says of it: per line, its ``evidence``;
    its place in a syndication cluster (``match``, None when it has no copies).

    :meth:`Index.clean_prepared` asks its index; ``dedup.spark`` joins the same evidence to
    each article on the executors.
    """
    from ..cleaner import build_result
    from ..rules import Article, judge

    article = Article(
        lines, config, evidence=evidence, source=rec.source or None, repeat_keys=repeat_keys, openings=openings
    )
    verdicts = judge(article)
    syndication = None
    if match is not None:
        syndication = Syndication(
            canonical=match.canonical,
            members=match.members,
            similarity=round(match.similarity, 4),
            containment=round(match.containment, 4),
            canonical_containment=round(match.canonical_containment, 4),
            adds=tuple((lines[r].start, lines[r].end) for r in match.adds if r not in verdicts),
            lacks=match.lacks,
        )
    return build_result(
        text,
        lines,
        verdicts,
        source=rec.source or None,
        doc_id=rec.doc_id,
        duplicate_of=None if match is None or match.canonical == rec.doc_id else match.canonical,
        syndication=syndication,
    )
