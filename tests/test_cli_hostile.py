"""The dedup command never prints a traceback for bad input (issue 28): each case names the file
and the record, exits 1 (or is skipped and counted under --on-error skip), and a record is learned
only if its result is written."""

from __future__ import annotations

import gzip
import io
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import dedup
import dedup.spill
import dedup.writers
from dedup.cli import main

ARTICLE = "Kerry, Lavrov may meet\n\nShare\n\nThe talks start on Monday in Geneva.\n\nReuters\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_a_lone_surrogate_escape_is_written_and_every_article_learned_once_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(
        '{"id": "a", "text": "First story."}\n{"id": "b", "text": "A lone \\ud800 here."}\n{"id": "c", "text": "Third."}\n',
        encoding="utf-8",
    )
    index = tmp_path / "news.dedup"
    code, out, _ = run(capsys, "clean", str(src), "--index", str(index))
    assert code == 0
    got = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in got] == ["a", "b", "c"]
    assert got[1]["text"] == "A lone \ud800 here." and "\\ud800" in out.splitlines()[1]
    with dedup.Index.open(index) as idx:
        assert len(idx) == 3


def test_lone_surrogates_in_parquet_are_written_as_replacement_characters(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = tmp_path / "in.jsonl"
    src.write_text('{"id": "b", "text": "A lone \\ud800 here.", "note": "x\\udcff"}\n', encoding="utf-8")
    code, _, err = run(capsys, "clean", str(src), "-o", str(tmp_path / "o.parquet"))
    assert code == 0 and "b: lone surrogates written as U+FFFD" in err and "1 record with U+FFFD" in err
    (row,) = pq.read_table(tmp_path / "o.parquet").to_pylist()
    assert row["text"] == "A lone \ufffd here." and row["note"] == "x\ufffd"
    assert row["input"]["text"][row["segments"][0]["orig_start"] :] == "A lone \ufffd here."


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "x", "deep": ' + "[" * 100_000 + "]" * 100_000 + "}", "JSON nested too deeply"),
        ('{"text": "x", "published": "9999-12-31T23:00:00-23:59"}', "outside the years 1-9999 in UTC"),
        ('{"text": "x", "published": "0001-01-01T00:30:00+01:00"}', "outside the years 1-9999 in UTC"),
        ('{"text": "x", "id": ["a", "b"]}', "'id' is ['a', 'b'] (a list): an id must be a string or an integer"),
        ('{"text": "x", "id": NaN}', "'id' is nan (a float)"),
        ('{"text": "x", "id": true}', "'id' is True (a bool)"),
        ('{"text": "x", "id": 1.5}', "'id' is 1.5 (a float)"),
        ('{"text": "x", "n": ' + "9" * 5000 + "}", "not readable as JSON: Exceeds the limit"),
        ('{"text": "x", "url": "http://[oops/"}', "'url' is 'http://[oops/', not a URL"),
        ('{"text": 5}', "needs a 'text' or 'html' string field"),
        ('{"text": "x", "source": 5}', "'source' must be a string"),
    ],
)
def test_hostile_records_name_file_and_line_or_are_skipped_and_counted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, message: str
) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "ok", "text": ARTICLE}) + "\n" + line + "\n", encoding="utf-8")
    index = tmp_path / "news.dedup"
    code, out, err = run(capsys, "clean", str(src), "--index", str(index))
    assert code == 1 and out == "" and f"{src}:2: " in err and message in err
    with dedup.Index.open(index) as idx:
        assert len(idx) == 0
    code, out, err = run(capsys, "clean", str(src), "--on-error", "skip")
    assert code == 0 and len(out.splitlines()) == 1 and f"rejected: {src}:2: " in err and "1 record rejected" in err


def test_json_deep_enough_to_pass_the_reader_is_written_or_reported(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "in.jsonl"
    deep = "[" * 900 + "]" * 900
    src.write_text('{"id": "d", "text": "Deep.", "deep": ' + deep + "}\n", encoding="utf-8")
    code, out, err = run(capsys, "clean", str(src), "--on-error", "skip")
    assert code == 0 and (len(out.splitlines()) == 1 or "1 record rejected" in err)


def test_a_gzip_bomb_is_a_clear_error_not_a_memory_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=1) as fh:
        for _ in range(8):
            fh.write(b"0" * 2**20)  # 8 MiB on one line, a few KB on disk
        fh.write(b"\n" + json.dumps({"id": "after", "text": ARTICLE}).encode() + b"\n")
    code, _, err = run(capsys, "clean", str(bomb), "--max-record-bytes", "1M")
    assert code == 1 and f"{bomb}:1: a record longer than 1,048,576 bytes, the size limit" in err
    code, out, err = run(capsys, "clean", str(bomb), "--max-record-bytes", "1M", "--on-error", "skip")
    assert code == 0 and [json.loads(line)["id"] for line in out.splitlines()] == ["after"]
    txt = tmp_path / "big.txt.gz"
    with gzip.open(txt, "wb") as fh:
        fh.write(b"word " * 300_000)
    code, _, err = run(capsys, "clean", str(txt), "--max-record-bytes", "1M")
    assert code == 1 and "longer than 1,048,576 bytes, the record size limit" in err


def test_a_truncated_gzip_file_is_an_error_naming_the_last_line_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    whole = gzip.compress(b"".join(json.dumps({"id": f"t{n}", "text": ARTICLE}).encode() + b"\n" for n in range(50)))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole[: len(whole) // 2])
    code, _, err = run(capsys, "clean", str(cut))
    assert code == 1 and f"{cut}: cannot read after line" in err
    code, _, err = run(capsys, "clean", str(cut), "--on-error", "skip")
    assert code == 0 and "the rest of the file is skipped" in err and "1 file or folder skipped" in err


def test_a_full_temporary_folder_is_a_clear_error_and_nothing_is_learned(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(self: Any, articles: Any) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(dedup.spill.Spill, "add_many", full)
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    index = tmp_path / "news.dedup"
    code, out, err = run(capsys, "clean", str(src), "--index", str(index), "--temp-dir", str(tmp_path))
    assert code == 1 and out == ""
    assert "database or disk is full" in err and f"temporary folder {tmp_path}" in err and "--temp-dir" in err
    monkeypatch.undo()
    with dedup.Index.open(index) as idx:
        assert len(idx) == 0


def test_an_unreadable_subfolder_is_an_error_or_a_counted_warning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    scandir = os.scandir

    def denied(path: Any = ".") -> Any:  # as chmod 000 would, even when the tests run as root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    code, out, err = run(capsys, "clean", str(tmp_path))
    assert code == 1 and out == "" and f"{tmp_path / 'locked'}: cannot read folder: Permission denied" in err
    code, out, err = run(capsys, "clean", str(tmp_path), "--on-error", "skip")
    assert code == 0 and len(out.splitlines()) == 1
    assert f"skipped: {tmp_path / 'locked'}: cannot read folder" in err and "1 file or folder skipped" in err


def test_file_names_are_escaped_on_the_terminal(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    evil = tmp_path / "news\x1b[2J\x07.jsonl"
    evil.write_text("{oops\n", encoding="utf-8")
    code, _, err = run(capsys, "clean", str(evil))
    assert code == 1 and "\x1b" not in err and "\x07" not in err and "news\\x1b[2J\\x07.jsonl:1: not valid JSON" in err
    raw = os.fsencode(tmp_path) + b"/caf\xe9.txt"  # a name that is not UTF-8: a lone surrogate in Python
    with open(raw, "wb") as fh:
        fh.write(ARTICLE.encode())
    code, out, err = run(capsys, "clean", "--format", "text", os.fsdecode(raw))
    assert code == 0 and "caf\\udce9.txt <==" in out
    code, out, _ = run(capsys, "clean", os.fsdecode(raw))
    assert code == 0 and json.loads(out)["id"].endswith("caf\udce9.txt")


def test_an_unwritable_output_is_an_error_before_anything_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    index = tmp_path / "news.dedup"
    code, _, err = run(capsys, "clean", str(src), "-o", str(tmp_path / "missing" / "o.jsonl"), "--index", str(index))
    assert code == 1 and "No such file or directory" in err
    assert not index.exists()


def test_a_full_disk_while_keeping_the_input_fields_names_the_folder_and_learns_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Full(io.BytesIO):
        def write(self, data: Any) -> int:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(dedup.writers.tempfile, "TemporaryFile", lambda **kwargs: Full())
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": "a", "text": ARTICLE, "lang": "en"}) + "\n", encoding="utf-8")
    index = tmp_path / "news.dedup"
    code, out, err = run(capsys, "clean", str(src), "--index", str(index), "--temp-dir", str(tmp_path))
    assert code == 1 and out == ""
    assert f"dedup: error: {tmp_path}: No space left on device (temporary data; --temp-dir picks another folder)" in err
    with dedup.Index.open(index) as idx:
        assert len(idx) == 0
