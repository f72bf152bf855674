"""Persistent indexes under faults: damaged records, foreign stores, read-only files (SQLite).

Every fault is made for real: bits flipped in the file on disk, databases made by other programs,
files and folders this process may not write (the Redis faults are in test_redis_faults.py).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import dedup
from dedup.cli import main
from dedup.errors import DamagedRecordError, ReadOnlyIndexError
from dedup.index.records import DocRecord
from dedup.index.storage import FORMAT_VERSION
from tests.corpora import corpus, months

ROOT = Path(__file__).resolve().parent.parent


def build(path: Path, docs: list[dict[str, str]]) -> None:
    with dedup.Index.open(path, checkpoint_every=0) as idx:
        dedup.clean_corpus(docs, index=idx)
    assert not Path(f"{path}-wal").exists()  # closed: everything is in the file itself


def flip_a_bit_in_record(path: Path, position: int, old: bytes, new: bytes) -> None:
    """Change ``old`` to ``new`` (one bit apart) inside record ``position``, in the file's bytes."""
    assert bin(int.from_bytes(old, "big") ^ int.from_bytes(new, "big")).count("1") == 1
    db = sqlite3.connect(path)
    (record,) = db.execute("SELECT record FROM records WHERE seq = ?", (position,)).fetchone()
    db.close()
    data = path.read_bytes()
    at = data.index(record)  # the record's bytes, as stored in its page
    inside = record.index(old)
    path.write_bytes(data[: at + inside] + new + data[at + inside + len(old) :])


def logged_ids(path: Path) -> list[str]:
    """The article ids of an index's records, in log order."""
    db = sqlite3.connect(path)
    rows = db.execute("SELECT record FROM records ORDER BY seq").fetchall()
    db.close()
    return [DocRecord.from_bytes(record).doc_id for (record,) in rows]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def files_beside(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


# ---- checksums ------------------------------------------------------------------------------


def test_a_flipped_bit_in_a_record_is_reported_and_never_read_as_data(tmp_path: Path) -> None:
    path = tmp_path / "news.dedup"
    docs = months()
    build(path, docs)
    flip_a_bit_in_record(path, 40, b'"published": "2018-', b'"published": "2019-')  # the year, as in issue 28
    with pytest.raises(DamagedRecordError) as info:
        dedup.Index.open(path)
    err = info.value
    assert (err.position, err.intact) == (40, 39)
    message = str(err)
    assert f"{path}: log record 40 is damaged" in message
    assert f"dedup index verify {path}" in message and "--repair NEW" in message


def test_a_damaged_record_after_a_checkpoint_is_caught_as_without_one(tmp_path: Path) -> None:
    path = tmp_path / "news.dedup"
    docs = months()
    with dedup.Index.open(path, checkpoint_every=0) as idx:
        dedup.clean_corpus(docs[:30], index=idx)
        assert idx.checkpoint().position == 30
        dedup.clean_corpus(docs[30:], index=idx)
    flip_a_bit_in_record(path, 45, b'"published": "2018-', b'"published": "2019-')
    with pytest.raises(DamagedRecordError, match="log record 45 is damaged"):
        dedup.Index.open(path)  # the checkpoint loads; replaying the records after it meets record 45


def test_the_record_a_checkpoint_was_written_after_is_checked_too(tmp_path: Path) -> None:
    path = tmp_path / "news.dedup"
    docs = months()
    with dedup.Index.open(path, checkpoint_every=0) as idx:
        dedup.clean_corpus(docs[:30], index=idx)
        idx.checkpoint()
    flip_a_bit_in_record(path, 30, b'"published": "2018-', b'"published": "2019-')
    with pytest.raises(DamagedRecordError, match="log record 30 is damaged"):
        dedup.Index.open(path)  # not a warning and a silent full replay: the record is damaged


def test_verify_finds_the_first_damaged_record_and_repair_copies_the_intact_prefix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "news.dedup"
    docs = months()
    build(path, docs)
    assert main(["index", "verify", str(path)]) == 0
    assert f"{path}: {len(docs)} records, every one intact" in capsys.readouterr().err

    logged = logged_ids(path)
    flip_a_bit_in_record(path, 40, b'"published": "2018-', b'"published": "2019-')
    before = digest(path)
    assert main(["index", "verify", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}: record 40 of {len(docs)} is damaged (1 damaged in all); 39 records before it are intact" in err
    assert f"dedup index verify {path} --repair NEW" in err
    assert digest(path) == before  # verifying writes nothing

    repaired = tmp_path / "repaired.dedup"
    assert main(["index", "verify", str(path), "--repair", str(repaired)]) == 1  # the index given is still damaged
    out, err = capsys.readouterr()
    assert out.split() == logged[39:]  # the articles to add again: record 40 on
    assert (
        f"{repaired}: 39 records copied; {len(docs) - 39} articles from the first damaged record on left out "
        "(ids on stdout; 1 of them read from a damaged record, so maybe wrong): add them again"
    ) in err
    assert main(["index", "verify", str(repaired)]) == 0
    capsys.readouterr()

    by_id = {d["id"]: d for d in docs}
    memory = dedup.Index()
    dedup.clean_corpus([by_id[i] for i in logged[:39]], index=memory)
    probe = by_id[logged[-1]]
    with dedup.Index.open(repaired) as idx:
        assert (idx.stats().documents, idx.stats().lines) == (memory.stats().documents, memory.stats().lines)
        got = idx.clean(
            probe["text"], doc_id="probe", source=probe["source"], published=probe["published"], learn=False
        )
    want = memory.clean(
        probe["text"], doc_id="probe", source=probe["source"], published=probe["published"], learn=False
    )
    assert got == want


def test_repair_never_overwrites_an_index(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path, other = tmp_path / "news.dedup", tmp_path / "other.dedup"
    build(path, months()[:5])
    build(other, months()[5:8])
    before = digest(other)
    assert main(["index", "verify", str(path), "--repair", str(other)]) == 1
    assert "that index exists; the repair writes a new index" in capsys.readouterr().err
    assert digest(other) == before


def test_an_index_of_an_older_format_is_refused_untouched_saying_to_rebuild(tmp_path: Path) -> None:
    path = tmp_path / "old.dedup"
    db = sqlite3.connect(path, isolation_level=None)  # format 1: what dedup wrote before checksums
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    db.execute("CREATE TABLE records (seq INTEGER PRIMARY KEY AUTOINCREMENT, record BLOB NOT NULL)")
    params = {**dedup.Config().index_params(), "format": 1, "log_id": '"0f0f"'}
    db.executemany("INSERT INTO meta VALUES (?, ?)", [(k, str(v)) for k, v in params.items()])
    db.close()
    before = digest(path)
    with pytest.raises(dedup.ConfigError) as info:
        dedup.Index.open(path)
    message = str(info.value)
    assert (
        f"index {path} was written by an older dedup (log format 1; this dedup reads format {FORMAT_VERSION}" in message
    )
    assert "Rebuild it from the articles" in message
    assert digest(path) == before


# ---- stores dedup did not create ----------------------------------------------------------


def someone_elses(path: Path, statements: list[str]) -> str:
    db = sqlite3.connect(path, isolation_level=None)
    for statement in statements:
        db.execute(statement)
    db.close()
    return digest(path)


@pytest.mark.parametrize(
    ("statements", "found"),
    [
        (
            ["CREATE TABLE users (name TEXT)", "CREATE TABLE orders (n INT)", "INSERT INTO users VALUES ('ann')"],
            "a SQLite database with the tables orders, users",
        ),
        (
            ["CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)", "INSERT INTO meta VALUES ('colour', 'blue')"],
            "a table meta without dedup's keys (it holds colour)",
        ),
        (
            ["CREATE TABLE meta (key TEXT, value TEXT)", "CREATE TABLE records (x)", "CREATE TABLE notes (x)"],
            "the tables meta, notes, records",
        ),
        (["PRAGMA application_id = 1234"], "the application id 0x4d2 (another program's file)"),
    ],
    ids=["other-tables", "meta-of-its-own", "meta-records-and-more", "application-id"],
)
def test_a_database_dedup_did_not_create_is_refused_and_left_as_it_was(
    tmp_path: Path, statements: list[str], found: str
) -> None:
    path = tmp_path / "app.db"
    before = someone_elses(path, statements)
    with pytest.raises(dedup.IndexCorruptError) as info:
        dedup.Index.open(path)
    message = str(info.value)
    assert f"{path} is not a dedup index" in message and found in message
    assert "dedup never writes to a database it did not create" in message
    assert digest(path) == before  # no table added, no journal mode switched
    assert files_beside(path) == ["app.db"]  # no -wal, no checkpoint
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone() == ("delete",)
    db.close()


def test_stats_on_a_database_dedup_did_not_create_says_so(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "app.db"
    before = someone_elses(path, ["CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)"])
    assert main(["index", "stats", str(path)]) == 1
    err = capsys.readouterr().err
    assert "is not a dedup index" in err and "Traceback" not in err
    assert digest(path) == before


def test_an_empty_file_becomes_an_index(tmp_path: Path) -> None:
    path = tmp_path / "new.dedup"
    path.touch()
    with dedup.Index.open(path) as idx:
        idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="a", source="x.example")
    with dedup.Index.open(path) as idx:
        assert "a" in idx


# ---- read-only ----------------------------------------------------------------------------


def test_an_index_opened_read_only_reads_and_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "news.dedup"
    build(path, corpus())
    before = digest(path)
    with dedup.Index.open(path, read_only=True) as idx:
        assert idx.stats().documents == len(corpus())
        with pytest.raises(ReadOnlyIndexError, match="open for reading only"):
            idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="new", source="x.example")
        assert "new" not in idx and len(idx) == len(corpus())
    assert digest(path) == before


def _without_write_rights() -> list[str]:
    """The command prefix that runs a child without the right to write files it may not write
    (root ignores file modes: drop the capabilities that let it)."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv (util-linux): file modes cannot be enforced")
    return [setpriv, "--bounding-set=-dac_override,-dac_read_search,-fowner"]


@pytest.mark.parametrize("what", ["file", "folder"])
def test_a_read_only_index_file_or_folder_opens_for_reading(tmp_path: Path, what: str) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    path = folder / "news.dedup"
    build(path, corpus())
    n = len(corpus())
    before = digest(path)
    os.chmod(path if what == "file" else folder, 0o444 if what == "file" else 0o555)
    try:
        prefix = _without_write_rights()
        stats = subprocess.run(
            [*prefix, sys.executable, "-m", "dedup", "index", "stats", str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert stats.returncode == 0, stats.stderr
        assert f"{path}: {n} articles" in stats.stdout
        code = f"""
import dedup
idx = dedup.Index.open({str(path)!r})
print(len(idx), idx.stats().documents)
try:
    idx.add("Putin met Kerry in Sochi on Tuesday for talks.", doc_id="new", source="x.example")
except dedup.errors.ReadOnlyIndexError as err:
    print("refused:", err)
"""
        add = subprocess.run([*prefix, sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
        assert add.returncode == 0, add.stderr
        assert add.stdout.startswith(f"{n} {n}\nrefused: ")
        assert "is open for reading only (the file or its folder is read-only" in add.stdout
    finally:
        os.chmod(folder, 0o755)
        os.chmod(path, 0o644)
    assert digest(path) == before
