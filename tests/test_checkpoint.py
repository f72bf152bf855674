"""Checkpoints of a persistent index: opening from one gives exactly the state a full replay gives."""

from __future__ import annotations

import shutil
import sqlite3
import warnings
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

import dedup
import dedup.index.checkpoint as checkpoint_module
from dedup.index import CheckpointWarning
from dedup.index.state import IndexState
from tests.corpora import corpus
from tests.realdata import csv_docs, needs_helsinki

HALF = 150


def weeks() -> list[dict[str, Any]]:
    """300 real articles, re-dated three hours apart (five weeks)."""
    start = datetime(2018, 7, 1, tzinfo=timezone.utc)
    docs = csv_docs("helsinki")[: 2 * HALF]
    return [dict(d, published=(start + timedelta(hours=3 * k)).isoformat()) for k, d in enumerate(docs)]


def probes(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every fifth article again under a new id, dated after the last: old ones meet forgotten lines
    and far copies."""
    last = docs[-1].get("published")
    return [dict(d, id=f"probe/{d['id']}", published=last) for d in docs[::5]]


def snapshot(idx: dedup.Index, docs: list[dict[str, Any]]) -> tuple[Any, ...]:
    """Everything an index answers: sizes, clusters, outlets, top lines, and every CleanResult field."""
    stats = idx.stats()
    results = [
        idx.clean(d["text"], doc_id=d["id"], source=d["source"], published=d.get("published"), learn=False)
        for d in probes(docs)
    ]
    top = [idx.top_lines(source, 5) for source in sorted(idx.outlets())]
    return stats.documents, stats.lines, stats.outlets, idx.clusters(), top, results


@pytest.fixture
def applied(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Records applied to any IndexState while the test runs, page by page."""
    pages: list[int] = []
    original = IndexState.apply_many

    def spy(self: IndexState, recs: Any) -> list[int]:
        pages.append(len(recs))
        return original(self, recs)

    monkeypatch.setattr(IndexState, "apply_many", spy)
    return pages


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, list[dict[str, Any]], tuple[Any, ...]]]:
    """An index of 300 articles with a checkpoint after the first 150 and a request to forget the
    first week (written by one process), and the other 150 appended by a second writer; and what
    the in-memory index answers."""
    docs = weeks()
    week = docs[56]["published"]  # 56 articles three hours apart: a week
    folder = tmp_path_factory.mktemp("built")
    path = folder / "news.dedup"
    with dedup.Index.open(path) as first:
        dedup.clean_corpus(docs[:HALF], index=first)
        assert first.forget(before=week) == 56
        assert first.checkpoint().position == HALF + 1
    with dedup.Index.open(path, checkpoint_every=0) as second:  # opens from the checkpoint, writes none
        dedup.clean_corpus(docs[HALF:], index=second)
    memory = dedup.Index()
    dedup.clean_corpus(docs[:HALF], index=memory)
    memory.forget(before=week)
    dedup.clean_corpus(docs[HALF:], index=memory)
    yield path, docs, snapshot(memory, docs)


@pytest.fixture
def index_copy(built: tuple[Path, list[dict[str, Any]], tuple[Any, ...]], tmp_path: Path) -> Path:
    """A private copy of the built index and its checkpoint."""
    path = built[0]
    shutil.copy(path, tmp_path / path.name)
    shutil.copy(f"{path}.checkpoint", tmp_path / f"{path.name}.checkpoint")
    return tmp_path / path.name


def open_quietly(path: str | Path, **kwargs: Any) -> dedup.Index:
    """Index.open, failing the test on any warning (a checkpoint that should load, loads)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return dedup.Index.open(path, **kwargs)


@needs_helsinki
def test_opening_from_a_checkpoint_replays_only_the_tail_and_answers_as_a_full_replay_and_memory(
    built: tuple[Path, list[dict[str, Any]], tuple[Any, ...]], index_copy: Path, applied: list[int]
) -> None:
    _, docs, expected = built
    with open_quietly(index_copy, checkpoint_every=0) as idx:
        assert sum(applied) == len(docs) - HALF  # the second writer's records only (the forget request was before)
        from_checkpoint = snapshot(idx, docs)
    applied.clear()
    with open_quietly(index_copy, checkpoint_path=index_copy.with_suffix(".none"), checkpoint_every=0) as idx:
        assert sum(applied) == len(docs)  # articles (the forget request is applied apart)
        replayed = snapshot(idx, docs)
    assert from_checkpoint == replayed == expected
    assert len(docs) - expected[0] == 56  # the first week forgotten
    assert any(r.outside_window is not None and r.outside_window.forgotten_before for r in expected[-1])
    assert any(r.removals for r in expected[-1]) and any(r.duplicate_of for r in expected[-1])


@needs_helsinki
@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        (lambda b: b[: len(b) // 2], "truncated"),
        (lambda b: b[:-1], "truncated"),
        (lambda b: b[: len(b) // 2] + bytes([b[len(b) // 2] ^ 0x01]) + b[len(b) // 2 + 1 :], "checksum mismatch"),
        (lambda b: b[:20] + bytes([b[20] ^ 0x40]) + b[21:], "header is damaged"),
        (lambda b: b"", "not a dedup checkpoint"),
        (lambda b: b"PK\x03\x04 a zip file, say" * 100, "not a dedup checkpoint"),
    ],
    ids=["half", "last-byte-cut", "payload-byte-flipped", "header-byte-flipped", "empty", "other-file"],
)
def test_a_damaged_checkpoint_is_ignored_with_a_warning_and_the_log_replayed(
    built: tuple[Path, list[dict[str, Any]], tuple[Any, ...]],
    index_copy: Path,
    applied: list[int],
    damage: Any,
    reason: str,
) -> None:
    _, docs, expected = built
    ckpt = Path(f"{index_copy}.checkpoint")
    ckpt.write_bytes(damage(ckpt.read_bytes()))
    with pytest.warns(CheckpointWarning, match=f"ignored: .*{reason}.*replaying its whole log") as record:
        idx = dedup.Index.open(index_copy, checkpoint_every=0)
    assert str(ckpt) in str(record[0].message)
    with idx:
        assert sum(applied) == len(docs)
        assert snapshot(idx, docs) == expected


@needs_helsinki
def test_a_checkpoint_of_a_replaced_log_is_ignored(
    built: tuple[Path, list[dict[str, Any]], tuple[Any, ...]], index_copy: Path, applied: list[int]
) -> None:
    _, docs, expected = built
    index_copy.unlink()
    with dedup.Index.open(index_copy, checkpoint_path=index_copy.with_suffix(".none"), checkpoint_every=0) as idx:
        dedup.clean_corpus(docs[:HALF], index=idx)  # the same articles, in a new log: another identity
        idx.forget(before=docs[56]["published"])
        dedup.clean_corpus(docs[HALF:], index=idx)
    applied.clear()
    with pytest.warns(CheckpointWarning, match="belongs to another log"):
        idx = dedup.Index.open(index_copy, checkpoint_every=0)
    with idx:
        assert sum(applied) == len(docs)
        assert snapshot(idx, docs) == expected


@needs_helsinki
@pytest.mark.parametrize("rewrite", [False, True], ids=["cut-short", "rewritten"])
def test_a_checkpoint_past_the_end_of_a_cut_or_rewritten_log_is_ignored(
    built: tuple[Path, list[dict[str, Any]], tuple[Any, ...]], index_copy: Path, applied: list[int], rewrite: bool
) -> None:
    _, docs, _ = built
    db = sqlite3.connect(index_copy)
    with db:
        kept = HALF - 20
        if rewrite:  # the records after `kept` replaced by the others, in another order
            rows = db.execute(
                "SELECT record, checksum FROM records WHERE seq > ? ORDER BY seq DESC", (kept,)
            ).fetchall()
            db.execute("DELETE FROM records WHERE seq > ?", (kept,))
            db.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'records'", (kept,))
            db.executemany("INSERT INTO records (record, checksum) VALUES (?, ?)", rows)
        else:  # restored from an older backup
            db.execute("DELETE FROM records WHERE seq > ?", (kept,))
    db.close()
    with dedup.Index.open(index_copy, checkpoint_path=index_copy.with_suffix(".none"), checkpoint_every=0) as idx:
        replayed = snapshot(idx, docs)
    applied.clear()
    why = "is not the one it was written after" if rewrite else f"has no record {HALF + 1} any more"
    with pytest.warns(CheckpointWarning, match=why):
        idx = dedup.Index.open(index_copy, checkpoint_every=0)
    with idx:
        assert sum(applied) == (len(docs) if rewrite else kept)
        assert snapshot(idx, docs) == replayed


@needs_helsinki
def test_a_checkpoint_written_with_other_settings_is_ignored_and_the_log_replayed_with_these(
    built: tuple[Path, list[dict[str, Any]], tuple[Any, ...]], index_copy: Path
) -> None:
    _, docs, _ = built
    short = dedup.Config(syndication_window_days=1)
    with dedup.Index.open(
        index_copy, short, checkpoint_path=index_copy.with_suffix(".none"), checkpoint_every=0
    ) as idx:
        replayed = snapshot(idx, docs)
    with pytest.warns(CheckpointWarning, match=r"syndication_window_days=3.0 \(this index: 1\)"):
        idx = dedup.Index.open(index_copy, short, checkpoint_every=0)
    with idx:
        assert snapshot(idx, docs) == replayed


def test_a_checkpoint_of_an_index_with_other_parameters_is_refused_saying_what_to_do(tmp_path: Path) -> None:
    other = tmp_path / "other.dedup"
    with dedup.Index.open(other, dedup.Config(num_perm=64, bands=16)) as idx:
        idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="a", source="x.example")
        idx.checkpoint()
    path = tmp_path / "news.dedup"
    dedup.Index.open(path, checkpoint_every=0).close()
    shutil.copy(f"{other}.checkpoint", f"{path}.checkpoint")
    with pytest.raises(dedup.ConfigError) as info:
        dedup.Index.open(path)
    message = str(info.value)
    assert f"checkpoint {path}.checkpoint" in message
    assert "num_perm=64 (asked for 32)" in message and "bands=16 (asked for 8)" in message
    assert "Delete it" in message and "checkpoint_path" in message


def test_a_crash_while_writing_keeps_the_old_checkpoint_and_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, applied: list[int]
) -> None:
    docs = corpus()
    path = tmp_path / "news.dedup"
    memory = dedup.Index()
    with dedup.Index.open(path, checkpoint_every=0) as idx:
        dedup.clean_corpus(docs[:3], index=idx)
        dedup.clean_corpus(docs[:3], index=memory)
        idx.checkpoint()
        dedup.clean_corpus(docs[3:], index=idx)
        dedup.clean_corpus(docs[3:], index=memory)
        written = 0
        original = checkpoint_module._HashingWriter.write

        def failing(self: Any, data: Any) -> int:  # the disk fills up half-way through the state
            nonlocal written
            view = memoryview(data).cast("B")
            if written < 1000:
                written += original(self, view)
                return view.nbytes
            written += original(self, view[: len(view) // 2])
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(checkpoint_module._HashingWriter, "write", failing)
        before = sorted(p.name for p in tmp_path.iterdir())
        with pytest.raises(OSError, match="No space left"):
            idx.checkpoint()
        assert written > 1000  # it failed mid-way through the state, not before starting
        assert sorted(p.name for p in tmp_path.iterdir()) == before
        monkeypatch.setattr(checkpoint_module._HashingWriter, "write", original)
    applied.clear()
    with open_quietly(path, checkpoint_every=0) as idx:
        assert sum(applied) == len(docs) - 3  # the old checkpoint, then the records after it
        assert snapshot(idx, docs) == snapshot(memory, docs)


def test_close_writes_a_checkpoint_every_so_many_records_and_warns_when_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs = corpus()
    path = tmp_path / "news.dedup"
    ckpt = Path(f"{path}.checkpoint")
    with dedup.Index.open(path, checkpoint_every=len(docs) + 1) as idx:
        dedup.clean_corpus(docs, index=idx)
    assert not ckpt.exists()  # fewer records than checkpoint_every
    with dedup.Index.open(path, checkpoint_every=0):
        pass
    assert not ckpt.exists()  # 0: never on close
    with dedup.Index.open(path, checkpoint_every=len(docs)):
        pass  # opening replayed len(docs) records
    assert ckpt.exists()
    stamp = ckpt.stat().st_mtime_ns
    with open_quietly(path, checkpoint_every=1):
        pass  # nothing applied since the checkpoint: nothing written
    assert ckpt.stat().st_mtime_ns == stamp

    def full_disk(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    idx = dedup.Index.open(path, checkpoint_every=1)
    idx.add("A new article about something else entirely.", doc_id="new", source="x.example")
    monkeypatch.setattr(checkpoint_module._HashingWriter, "write", full_disk)
    with pytest.warns(CheckpointWarning, match="could not write checkpoint .*No space left.*index itself is intact"):
        idx.close()
    idx.close()  # closing twice is harmless


def test_checkpoint_settings_and_indexes_without_a_place_for_one_are_refused(tmp_path: Path) -> None:
    with pytest.raises(dedup.ConfigError, match="in-memory index has no checkpoint path"):
        dedup.Index().checkpoint()
    for bad in (-1, 2.5, "10", True):
        with pytest.raises(dedup.ConfigError, match="checkpoint_every="):
            dedup.Index.open(tmp_path / "x.dedup", checkpoint_every=bad)  # type: ignore[arg-type]


def test_an_older_log_gets_an_identity_on_first_open(tmp_path: Path) -> None:
    path = tmp_path / "news.dedup"
    dedup.Index.open(path).close()
    db = sqlite3.connect(path)
    with db:
        db.execute("DELETE FROM meta WHERE key = 'log_id'")
    db.close()
    with dedup.Index.open(path) as idx:
        idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="a", source="x.example")
        info = idx.checkpoint()
    with open_quietly(path) as idx:
        assert len(idx) == 1 and info.position == 1


def test_checkpoint_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from dedup.cli import main

    path = tmp_path / "news.dedup"
    with dedup.Index.open(path, checkpoint_every=0) as idx:
        dedup.clean_corpus(corpus(), index=idx)
    assert main(["index", "checkpoint", str(path)]) == 0
    assert f"{path}.checkpoint: the state after {len(corpus())} log records" in capsys.readouterr().err
    assert main(["index", "checkpoint", str(tmp_path / "missing.dedup")]) == 1
    assert "no such index file" in capsys.readouterr().err


def test_redis_index_keeps_checkpoints_only_where_told(redis_url: str, tmp_path: Path, applied: list[int]) -> None:
    import redis

    docs = corpus()
    ckpt = tmp_path / "redis.checkpoint"
    memory = dedup.Index()
    dedup.clean_corpus(docs, index=memory)
    with (
        dedup.Index.open(redis_url) as idx,
        pytest.raises(dedup.ConfigError, match=r"no checkpoint path.*checkpoint_path="),
    ):
        idx.checkpoint()
    with dedup.Index.open(redis_url, checkpoint_path=ckpt) as idx:
        dedup.clean_corpus(docs[:4], index=idx)
        assert idx.checkpoint().position == 4
    with dedup.Index.open(redis_url) as other:  # another scraper, no checkpoint of its own
        dedup.clean_corpus(docs[4:], index=other)
    applied.clear()
    with open_quietly(redis_url, checkpoint_path=ckpt) as idx:
        assert sum(applied) == len(docs) - 4
        assert snapshot(idx, docs) == snapshot(memory, docs)
    client = redis.Redis.from_url(redis_url)
    client.flushdb()  # the index is gone; a new one is built at the same URL
    client.close()
    with dedup.Index.open(redis_url) as idx:
        dedup.clean_corpus(docs, index=idx)
    with pytest.warns(CheckpointWarning, match="belongs to another log"):
        idx = dedup.Index.open(redis_url, checkpoint_path=ckpt)
    with idx:
        assert snapshot(idx, docs) == snapshot(memory, docs)


def test_a_checkpoint_of_a_state_laid_out_otherwise_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "news.dedup"
    original = IndexState.to_arrays

    def shrunk(self: IndexState) -> Any:  # a build whose state has one table fewer
        arrays, meta = original(self)
        return {k: v for k, v in arrays.items() if not k.startswith("postings.more.")}, meta

    monkeypatch.setattr(IndexState, "to_arrays", shrunk)
    with dedup.Index.open(path) as idx:
        dedup.clean_corpus(corpus(), index=idx)
        idx.checkpoint()
    monkeypatch.undo()
    with pytest.warns(CheckpointWarning, match="do not fit this dedup's index layout"):
        idx = dedup.Index.open(path, checkpoint_every=0)
    with idx:
        assert len(idx) == len(corpus())


def _rewrite_payload(ckpt: Path, payload: bytes, fmt: int | None = None) -> None:
    """The checkpoint at ``ckpt`` with another payload (and format), its checksums made to fit:
    what a hostile or older writer could leave."""
    import json
    import struct

    import xxhash

    data = ckpt.read_bytes()
    (n,) = struct.unpack("<I", data[8:12])
    header = json.loads(data[12 : 12 + n])
    if fmt is not None:
        header["format"] = fmt
    head = json.dumps(header, sort_keys=True).encode()
    ckpt.write_bytes(
        b"DEDUPCKP"
        + struct.pack("<I", len(head))
        + head
        + xxhash.xxh3_128_digest(head)
        + payload
        + struct.pack("<Q", len(payload))
        + xxhash.xxh3_128_digest(payload)
        + b"DEDUPEND"
    )


def test_a_checkpoint_is_data_and_never_runs_code_from_the_file(tmp_path: Path) -> None:
    # A payload holding a pickle (an object array whose unpickling would run code) with valid
    # checksums: numpy.load(allow_pickle=False) refuses it, so the checkpoint is ignored.
    import io
    import zipfile

    import numpy as np

    path = tmp_path / "news.dedup"
    with dedup.Index.open(path) as idx:
        dedup.clean_corpus(corpus(), index=idx)
        info = idx.checkpoint()
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> Any:
            return (Path.touch, (marker,))

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf, zf.open("meta.json.npy", "w") as member:
        np.lib.format.write_array(member, np.array([Payload()], dtype=object), allow_pickle=True)
    assert b"touch" in buf.getvalue()  # the payload does hold the call
    _rewrite_payload(Path(info.path), buf.getvalue())
    with pytest.warns(CheckpointWarning, match="ignored"):
        idx = dedup.Index.open(path, checkpoint_every=0)
    with idx:
        assert len(idx) == len(corpus())
    assert not marker.exists()


def test_a_checkpoint_of_the_old_pickle_format_is_refused_saying_how_to_write_a_new_one(tmp_path: Path) -> None:
    path = tmp_path / "news.dedup"
    with dedup.Index.open(path) as idx:
        dedup.clean_corpus(corpus(), index=idx)
        info = idx.checkpoint()
    _rewrite_payload(Path(info.path), b"\x80\x05N.", fmt=1)  # a pickle of None, as format 1 held
    with pytest.warns(CheckpointWarning, match=r"format 1.*Run `dedup index checkpoint INDEX`"):
        idx = dedup.Index.open(path, checkpoint_every=0)
    with idx:
        assert len(idx) == len(corpus())


def test_a_checkpoint_gets_the_permissions_of_a_new_file_not_the_temporary_files(tmp_path: Path) -> None:
    import os

    path = tmp_path / "news.dedup"
    with dedup.Index.open(path) as idx:
        info = idx.checkpoint()
    umask = os.umask(0o022)
    os.umask(umask)
    assert Path(info.path).stat().st_mode & 0o777 == 0o666 & ~umask
