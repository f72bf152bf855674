"""The dedup command in a data pipeline: streaming input, JSON and Parquet, --on-error, -o,
fields passed through, settings, progress and the summary (issue 22)."""

from __future__ import annotations

import gzip
import io
import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import dedup
import dedup.console
import dedup.corpus
from dedup.cli import main
from dedup.readers import Problem, read_records

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "fixtures" / "seeds"
ARTICLE = "Kerry, Lavrov may meet\n\nShare\n\nThe talks start on Monday in Geneva.\n\nReuters\n"
BANNER = "Dear readers,\nPlease support our journalism today.\nRemind me later."
STORIES = [
    "Putin and Trump met in Helsinki on Monday for more than two hours of talks.",
    "Oil prices rose on Monday as traders weighed the outcome of the Helsinki summit.",
    "The city council passed the budget after a debate that ran late into the night.",
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(path: Path, records: list[Any]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def records_of(out: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in out.splitlines()]


class Endless(io.RawIOBase):
    """JSONL lines without end (the first one optionally bad), counting the bytes handed out."""

    def __init__(self, first: bytes | None = None) -> None:
        self.sent = 0
        self._pending = first or b""
        self._n = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while len(self._pending) < len(buffer):
            self._n += 1
            self._pending += json.dumps({"id": self._n, "text": f"Article {self._n}. " + "x" * 500}).encode() + b"\n"
        size = len(buffer)
        buffer[:size] = self._pending[:size]
        self._pending = self._pending[size:]
        self.sent += size
        return size


# ---- streaming --------------------------------------------------------------------------------
def test_jsonl_is_read_a_record_at_a_time() -> None:
    source = Endless()
    problems: list[Problem] = []
    first = list(itertools.islice(read_records(["-"], problems.append, stdin=io.BufferedReader(source)), 3))
    assert [r.document.id for r in first] == ["1", "2", "3"]
    assert source.sent < 64 * 1024 and not problems  # a few buffers, not the (endless) stream


def test_a_bad_first_line_stops_the_run_before_the_rest_is_read(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    source = Endless(first=b'{"text": \n')
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(source)))
    code, out, err = run(capsys, "clean", "-")
    assert code == 1 and out == ""
    assert "<stdin>:1: not valid JSON" in err
    assert source.sent < 64 * 1024


def test_stdin_jsonl_and_gzip_jsonl(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lines = "\n\n" + json.dumps({"id": "s1", "text": ARTICLE}) + "\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines.encode())))
    code, out, _ = run(capsys, "clean", "-")
    assert code == 0 and [r["id"] for r in records_of(out)] == ["s1"]
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": "g1", "text": ARTICLE}) + "\n")
    code, out, _ = run(capsys, "clean", str(tmp_path / "a.jsonl.gz"))
    assert code == 0 and [r["id"] for r in records_of(out)] == ["g1"]


# ---- .json, folders, files that are not articles -----------------------------------------------
def test_seed_folder_skips_readme_and_expected_json_with_a_warning(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "clean", str(SEEDS))
    assert code == 0 and len(records_of(out)) == 5
    assert f"warning: {SEEDS / 'README.md'}: not an article file" in err
    assert f"warning: {SEEDS / 'expected.json'}: not an article" in err
    assert "2 files without articles skipped" in err


def test_a_json_file_that_is_not_an_article_named_on_the_command_line_is_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run(capsys, "clean", str(SEEDS / "expected.json"))
    assert code == 1 and out == ""
    assert "expected.json: not an article" in err and "an object with the keys" in err


def test_json_is_one_document_an_article_or_an_array(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "one.json").write_text(json.dumps({"id": "o1", "text": ARTICLE}, indent=2), encoding="utf-8")
    many = [{"id": "m1", "text": ARTICLE}, {"id": "m2", "text": STORIES[0]}]
    (tmp_path / "many.json").write_text(json.dumps(many, indent=2), encoding="utf-8")
    code, out, _ = run(capsys, "clean", str(tmp_path / "one.json"), str(tmp_path / "many.json"))
    assert code == 0 and [r["id"] for r in records_of(out)] == ["o1", "m1", "m2"]
    (tmp_path / "mixed.json").write_text(json.dumps([*many, "not an article"]), encoding="utf-8")
    code, _, err = run(capsys, "clean", str(tmp_path / "mixed.json"))
    assert code == 1 and "mixed.json: item 3: each item must be a JSON object" in err


def test_unknown_files_in_a_folder_are_named_in_warnings(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "settings.json").write_text('{"threshold": 3}', encoding="utf-8")
    code, out, err = run(capsys, "clean", str(tmp_path))
    assert code == 0 and len(records_of(out)) == 1
    assert "logo.png: not an article file" in err and "settings.json: not an article" in err


# ---- --on-error and --rejects -------------------------------------------------------------------
def test_skip_reports_counts_and_copies_every_bad_record_unchanged(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad_lines = [b'{"text": \n', b'{"id": "x", "body": "no text"}\n', b'["an", "array"]\n', b'{"text": "caf\xe9"}\n']
    good = json.dumps({"id": "ok", "text": ARTICLE}).encode() + b"\n"
    src = tmp_path / "in.jsonl"
    src.write_bytes(bad_lines[0] + good + b"".join(bad_lines[1:]))
    rejects = tmp_path / "rejects.jsonl"
    code, out, err = run(capsys, "clean", "--on-error", "skip", "--rejects", str(rejects), str(src))
    assert code == 0 and [r["id"] for r in records_of(out)] == ["ok"]
    for line in (1, 3, 4, 5):
        assert f"rejected: {src}:{line}: " in err
    assert "4 records rejected" in err
    assert rejects.read_bytes() == b"".join(bad_lines)


def test_fail_is_the_default_and_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": ARTICLE}) + "\n" + "{oops\n", encoding="utf-8")
    out_file = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "clean", str(src), "-o", str(out_file))
    assert code == 1 and f"{src}:2: not valid JSON" in err
    assert not out_file.exists() and sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]


def test_rejects_needs_skip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as info:
        main(["clean", str(SEEDS), "--rejects", str(tmp_path / "r.jsonl")])
    assert info.value.code == 2 and "--rejects needs --on-error skip" in capsys.readouterr().err


def test_a_reused_id_is_a_bad_record(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = jsonl(tmp_path / "in.jsonl", [{"id": "a", "text": STORIES[0]}, {"id": "a", "text": STORIES[1]}])
    code, out, err = run(capsys, "clean", "--on-error", "skip", str(src))
    assert code == 0 and len(records_of(out)) == 1
    assert f"{src}:2: two different articles share the id 'a'" in err


# ---- output: -o, formats, fields passed through -------------------------------------------------
def test_every_input_field_passes_through_and_clashes_are_kept_under_input(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    record = {
        "id": 7,
        "url": "https://www.example.co.uk/2018/talks",
        "published": "2018-07-16T10:00:00Z",
        "title": "Talks",
        "lang": "en",
        "text": ARTICLE,
        "input": "the crawler's own field",
    }
    code, out, _ = run(capsys, "clean", str(jsonl(tmp_path / "in.jsonl", [record])))
    assert code == 0
    (got,) = records_of(out)
    assert list(got)[:4] == ["url", "published", "title", "lang"]  # the input's own fields first, in order
    assert {k: got[k] for k in ("url", "published", "title", "lang")} == {
        k: record[k] for k in ("url", "published", "title", "lang")
    }
    assert got["id"] == "7" and got["text"] == "Kerry, Lavrov may meet\n\nThe talks start on Monday in Geneva."
    assert got["input"] == {"id": 7, "input": "the crawler's own field", "text": ARTICLE}
    for seg in got["segments"]:  # the offsets point into input.text
        assert (
            got["input"]["text"][seg["orig_start"] : seg["orig_end"]]
            == got["text"][seg["clean_start"] : seg["clean_end"]]
        )


def test_a_url_without_a_source_gives_the_registered_domain(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    docs = [
        {"id": f"a{n}", "url": f"https://news.example.co.uk/{n}", "text": STORIES[n] + "\n" + BANNER} for n in range(3)
    ] + [{"id": "b", "url": "https://other.org/x", "source": "given.org", "text": STORIES[0]}]
    code, out, _ = run(capsys, "clean", str(jsonl(tmp_path / "in.jsonl", docs)))
    got = records_of(out)
    assert code == 0 and [r["source"] for r in got] == ["example.co.uk"] * 3 + ["given.org"]
    assert all(r["text"] == STORIES[n] for n, r in enumerate(got[:3]))  # the outlet's banner is found


def test_output_file_jsonl_gz(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "out.jsonl.gz"
    code, out, err = run(capsys, "clean", str(SEEDS), "-o", str(out_file))
    assert code == 0 and out == "" and "dedup clean: 5 articles" in err
    with gzip.open(out_file, "rt", encoding="utf-8") as fh:
        assert len([json.loads(line) for line in fh]) == 5


def test_parquet_output_and_input_round_trip(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    src = jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": 1, "text": ARTICLE, "lang": "en", "score": 1, "tags": ["a"]},
            {"id": 2, "text": STORIES[0], "lang": None, "score": 2.5, "extra": {"k": 1}},
        ],
    )
    out_file = tmp_path / "out.parquet"
    code, _, err = run(capsys, "clean", str(src), "-o", str(out_file), "--explain")
    assert code == 0 and "share widget" in err
    table = pq.read_table(out_file)
    rows = table.to_pylist()
    assert table.column_names[:4] == ["lang", "score", "tags", "extra"]
    assert [r["lang"] for r in rows] == ["en", None] and [r["score"] for r in rows] == [1.0, 2.5]
    assert rows[0]["text"] == "Kerry, Lavrov may meet\n\nThe talks start on Monday in Geneva."
    assert rows[0]["input"] == {"id": 1, "text": ARTICLE} and [r["id"] for r in rows] == ["1", "2"]
    assert json.loads(rows[0]["removals"][0]["evidence"]) is not None  # evidence as a JSON string
    # Parquet in: the same articles read back, typed columns passed through to JSONL.
    code, out, _ = run(capsys, "clean", str(out_file), "--set", "rules=repeat")
    assert code == 0
    again = records_of(out)
    assert [r["lang"] for r in again] == ["en", None] and again[0]["input"]["text"] == rows[0]["text"]


def test_parquet_refuses_a_record_whose_field_type_disagrees_before_learning(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pytest.importorskip("pyarrow")
    src = jsonl(
        tmp_path / "in.jsonl", [{"id": "a", "text": STORIES[0], "n": 1}, {"id": "b", "text": STORIES[1], "n": "one"}]
    )
    index = tmp_path / "news.dedup"
    code, _, err = run(capsys, "clean", str(src), "-o", str(tmp_path / "o.parquet"), "--index", str(index))
    assert code == 1 and f"{src}:2: field 'n' is string here but int64 in earlier records" in err
    with dedup.Index.open(index) as idx:
        assert len(idx) == 0  # nothing learned
    assert not (tmp_path / "o.parquet").exists()
    code, _, err = run(
        capsys, "clean", str(src), "-o", str(tmp_path / "o.parquet"), "--index", str(index), "--on-error", "skip"
    )
    assert code == 0 and "1 record rejected" in err
    with dedup.Index.open(index) as idx:
        assert len(idx) == 1 and "a" in idx and "b" not in idx  # only what was written was learned


def test_usage_errors_for_output_formats(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    for argv in (
        ["--format", "parquet"],
        ["-o", str(tmp_path / "o.parquet"), "--format", "text"],
        ["-o", str(tmp_path / "o.json")],
    ):
        with pytest.raises(SystemExit) as info:
            main(["clean", str(SEEDS), *argv])
        assert info.value.code == 2
    assert "Parquet output goes to a file" in capsys.readouterr().err


def test_text_format_with_explain_aligns_its_columns(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "clean", "--format", "text", "--explain", str(SEEDS / "001_762ba3fc91da0198.txt"))
    assert code == 0
    rows = [line for line in out.splitlines() if line.startswith("   line")]
    assert len(rows) >= 4
    rule_at = {line.index(rule) for line in rows for rule in ("repeat", "template", "credit") if f"  {rule} " in line}
    preview_at = {line.index("  '") for line in rows}
    assert len(rule_at) == 1 and len(preview_at) == 1


# ---- settings --------------------------------------------------------------------------------
def test_set_and_config_file_reach_the_config(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(ARTICLE, encoding="utf-8")
    code, out, _ = run(capsys, "clean", str(src), "--set", "rules=repeat,credit")
    assert code == 0 and "Share" in records_of(out)[0]["text"]  # no template rule
    toml = tmp_path / "dedup.toml"
    toml.write_text('rules = ["repeat"]\nmemory_days = "none"\nsyndication_window_days = "none"\n', encoding="utf-8")
    code, out, _ = run(capsys, "clean", str(src), "--config", str(toml))
    assert code == 0 and "Reuters" in records_of(out)[0]["text"]  # no credit rule either
    code, out, _ = run(capsys, "clean", str(src), "--config", str(toml), "--set", "rules=template")
    assert code == 0 and "Share" not in records_of(out)[0]["text"]  # --set wins


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        ("memory_days=-1", "memory_days=-1.0 is out of range"),
        ("memory_days=soon", "memory_days='soon' is not a number"),
        ("repeat_min_chars=none", "repeat_min_chars=none is not allowed"),
        ("memroy_days=3", "did you mean memory_days?"),
        ("rules=repeat,nope", "is not a tuple of rule names"),
        ("no_equals_sign", "write NAME=VALUE"),
    ],
)
def test_invalid_settings_exit_2_with_the_config_error(
    capsys: pytest.CaptureFixture[str], setting: str, message: str
) -> None:
    with pytest.raises(SystemExit) as info:
        main(["clean", str(SEEDS), "--set", setting])
    assert info.value.code == 2 and message in capsys.readouterr().err


def test_an_invalid_config_file_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    for text, message in (
        ("rules = [", "not valid TOML"),
        ("bands = 7\n", "does not divide num_perm"),
        ("x = 1\n", "'x' is not a setting"),
    ):
        bad.write_text(text, encoding="utf-8")
        with pytest.raises(SystemExit) as info:
            main(["clean", str(SEEDS), "--config", str(bad)])
        assert info.value.code == 2 and message in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["clean", str(SEEDS), "--config", str(tmp_path / "missing.toml")])
    assert "cannot read the config file" in capsys.readouterr().err


# ---- progress and summary --------------------------------------------------------------------
def banner_corpus(tmp_path: Path) -> Path:
    return jsonl(tmp_path / "in.jsonl", [{"id": f"s{n}", "text": s + "\n" + BANNER} for n, s in enumerate(STORIES)])


def test_progress_lines_without_a_terminal_and_the_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(dedup.console, "EVERY", 0.0)  # a line at every step
    code, _, err = run(capsys, "clean", "--progress", str(banner_corpus(tmp_path)))
    assert code == 0
    assert "dedup clean: reading: 3 articles" in err
    assert "dedup clean: learning: 3 of 3 articles" in err
    assert "dedup clean: cleaning: 3 of 3 articles" in err
    summary = err.splitlines()[-1]
    assert summary.startswith("dedup clean: 3 articles, 12 lines, 9 removed (banner 9), 0 copies; ")
    assert summary.endswith(" s")
    code, _, err = run(capsys, "clean", str(banner_corpus(tmp_path)))  # without --progress: the summary only
    assert err.splitlines() == [line for line in err.splitlines() if line.startswith("dedup clean: 3 articles")]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_gets_bars_for_reading_learning_and_cleaning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    err = Terminal()
    monkeypatch.setattr(sys, "stderr", err)
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(io.BytesIO()))
    assert main(["clean", str(banner_corpus(tmp_path))]) == 0
    shown = err.getvalue()
    assert "reading" in shown and "learning" in shown and "cleaning" in shown and "dedup clean: 3 articles" in shown


def test_iter_clean_corpus_reports_learning_progress_without_changing_results(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(dedup.corpus, "CHUNK", 2)
    docs = [{"id": f"s{n}", "text": s + "\n" + BANNER} for n, s in enumerate(STORIES)]
    calls: list[tuple[int, int]] = []
    got = [r.to_dict() for r in dedup.iter_clean_corpus(docs, progress=lambda done, total: calls.append((done, total)))]
    assert got == [r.to_dict() for r in dedup.iter_clean_corpus(docs)]
    assert calls == [(0, 3), (2, 3), (3, 3)]


# ---- the other commands read the same way -----------------------------------------------------
def test_dups_and_report_read_like_clean(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    wire = "The central bank raised interest rates by half a point on Tuesday, the largest rise in two decades."
    docs = [
        {"id": f"c{n}", "source": f"outlet{n}.com", "text": wire + "\nMore to follow in the next hours and days."}
        for n in range(2)
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs) + "{oops\n", encoding="utf-8")
    code, _, err = run(capsys, "dups", str(src))
    assert code == 1 and f"{src}:3: not valid JSON" in err
    code, out, err = run(capsys, "dups", str(src), "--on-error", "skip")
    assert code == 0 and "1 record rejected" in err
    assert records_of(out) == [{"canonical": "c0", "members": ["c0", "c1"], "similarity": {"c1": 1.0}}]
    code, _, err = run(capsys, "report", str(src), "-o", str(tmp_path / "r.html"), "--on-error", "skip")
    assert code == 0 and "dedup report: 2 articles" in err and "1 record rejected" in err


# ---- python -m dedup, and a cheap import -------------------------------------------------------
def test_python_dash_m_dedup_runs_the_command() -> None:
    line = json.dumps({"id": "m1", "text": ARTICLE}) + "\n"
    done = subprocess.run(
        [sys.executable, "-m", "dedup", "clean", "-"], input=line, capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["id"] == "m1"


def test_importing_the_command_loads_neither_trafilatura_nor_pyarrow() -> None:
    code = "import sys, dedup, dedup.cli, dedup.readers, dedup.writers; print(sorted({'trafilatura', 'pyarrow'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_parquet_rows_hold_every_field_jsonl_holds(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    # The same story a month apart: each result says so in outside_window, in either format.
    pq = pytest.importorskip("pyarrow.parquet")
    story = "\n".join(f"Paragraph {k} of the same wire story about the summit, told the same way." for k in range(4))
    src = jsonl(
        tmp_path / "in.jsonl",
        [
            {"id": "june", "source": "a.example", "published": "2018-06-01", "text": story},
            {"id": "july", "source": "b.example", "published": "2018-07-01", "text": story},
        ],
    )
    code, out, _ = run(capsys, "clean", str(src))
    assert code == 0
    expected = records_of(out)
    code, _, _ = run(capsys, "clean", str(src), "-o", str(tmp_path / "out.parquet"))
    assert code == 0
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [r["outside_window"] for r in rows] == [r["outside_window"] for r in expected]
    assert rows[0]["outside_window"]["examples"] == ["july"]
    for row, want in zip(rows, expected, strict=True):
        assert {k: row[k] for k in want if k not in ("removals", "input")} == {
            k: v for k, v in want.items() if k not in ("removals", "input")
        }
