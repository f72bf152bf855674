"""dedup without the spark extra: importing works, and using Spark says what to install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import dedup
from dedup.cli import main


def test_importing_dedup_and_its_spark_module_does_not_import_pyspark() -> None:
    code = "import sys, dedup, dedup.cli, dedup.spark; print('pyspark' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_clean_dataframe_without_pyspark_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)  # import pyspark now raises ImportError
    from dedup.spark import clean_dataframe

    with pytest.raises(dedup.ConfigError, match=r"pip install 'newsdedup\[spark\]'"):
        clean_dataframe(object())  # type: ignore[arg-type]


def test_spark_clean_command_without_pyspark_exits_1_with_the_install_hint(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyspark", None)
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Putin met Kerry."}\n', encoding="utf-8")
    assert main(["spark-clean", str(src), str(tmp_path / "out")]) == 1
    assert "pip install 'newsdedup[spark]'" in capsys.readouterr().err


def test_spark_clean_command_refuses_a_missing_input_and_an_existing_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["spark-clean", str(tmp_path / "nothing.jsonl"), str(tmp_path / "out")]) == 1
    assert "no such file or directory" in capsys.readouterr().err
    src = tmp_path / "in.jsonl"
    src.write_text('{"text": "Putin met Kerry."}\n', encoding="utf-8")
    assert main(["spark-clean", str(src), str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
