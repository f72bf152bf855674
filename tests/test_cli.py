"""The dedup command: inputs, formats, explanations and exit codes."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest

from dedup.cli import main

SEEDS = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"
ARTICLE = "Kerry, Lavrov may meet\n\nShare\n\nThe talks start on Monday in Geneva.\n\nReuters\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_txt_files_as_jsonl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "clean", str(tmp_path / "a.txt"))
    assert code == 0
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert record["id"] == str(tmp_path / "a.txt")
    assert record["text"] == "Kerry, Lavrov may meet\n\nThe talks start on Monday in Geneva."
    assert record["credit"] == "Reuters"
    assert [r["rule"] for r in record["removals"]] == ["template", "credit"]


def test_text_format_with_explain_lists_removed_lines(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "clean", "--format", "text", "--explain", str(tmp_path / "a.txt"))
    assert code == 0
    assert "The talks start on Monday in Geneva." in out
    assert "line 3" in out and "template" in out and "share widget" in out.lower()
    assert "line 7" in out and "credit" in out


def test_directory_jsonl_and_gzip_inputs(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "b.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "d" / "ignored.bin").write_bytes(b"\x00\x01")
    records = [{"id": "x1", "text": ARTICLE, "source": "example.com", "published": "2018-07-16T10:00:00Z"}]
    with gzip.open(tmp_path / "c.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r) for r in records) + "\n")
    code, out, err = run(capsys, "clean", str(tmp_path / "d"), str(tmp_path / "c.jsonl.gz"), "-o", "-")
    assert code == 0
    got = [json.loads(line) for line in out.splitlines()]
    assert [g["id"] for g in got] == [str(tmp_path / "d" / "b.txt"), "x1"]
    assert got[1]["source"] == "example.com"
    assert f"warning: {tmp_path / 'd' / 'ignored.bin'}: not an article file" in err  # named, not dropped silently


def test_stdin_dash_reads_one_article(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(ARTICLE.encode())))
    code, out, _ = run(capsys, "clean", "-", "--format", "text")
    assert code == 0 and "Share" not in out and "Geneva" in out


def test_bad_jsonl_line_exits_1_naming_file_and_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": \n', encoding="utf-8")
    code, _, err = run(capsys, "clean", str(bad))
    assert code == 1 and f"{bad}:2" in err and "not valid JSON" in err


def test_record_without_text_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "body": "x"}\n', encoding="utf-8")
    code, _, err = run(capsys, "clean", str(bad))
    assert code == 1 and f"{bad}:1" in err and "'text' or 'html'" in err


def test_non_utf8_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "latin.txt"
    bad.write_bytes("line one\nZürich".encode("latin-1"))
    code, _, err = run(capsys, "clean", str(bad))
    assert code == 1 and f"{bad}:2" in err and "UTF-8" in err


def test_missing_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "clean", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt" in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["clean", "--format", "xml", "x.txt"])
    assert info.value.code == 2


def test_seed_articles_clean_from_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "clean", *sorted(str(p) for p in SEEDS.glob("*.txt")))
    assert code == 0 and len(out.splitlines()) == 5


def test_clean_with_index_learns_into_a_file_and_index_stats_shows_the_banner(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    index = tmp_path / "news.dedup"
    seeds = [str(p) for p in sorted(SEEDS.glob("*.txt"))]
    code, out, _ = run(capsys, "clean", "--index", str(index), *seeds[:3])
    assert code == 0 and len(out.splitlines()) == 3
    # A second run reopens the file: 004 shares 002's banner, learned in the first run.
    code, out, _ = run(capsys, "clean", "--index", str(index), seeds[4])
    assert code == 0
    [record] = [json.loads(line) for line in out.splitlines()]
    assert [r["rule"] for r in record["removals"]].count("banner") == 1
    code, out, _ = run(capsys, "index", "stats", str(index), "--top", "2")
    assert code == 0
    assert "4 articles" in out and "1 outlet" in out and "1 outlets" not in out
    assert "2 stories  Dear readers," in out or "2 stories  A Message from The Moscow Times:" in out


def test_index_stats_of_a_missing_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "index", "stats", str(tmp_path / "none.dedup"))
    assert code == 1 and "no such index file" in err
