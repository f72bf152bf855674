"""Every Python block of README.md runs as written: each in a fresh folder, in a child process.

A block that opens ``redis://127.0.0.1:6379/0`` gets a redis-server on that port (skipped when
redis-server is missing or the port is taken); the Spark block is slow (a Spark session) and
needs pyspark; the Scrapy block needs scrapy.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
BLOCKS = _BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def _param(block: str) -> object:
    first = next(line for line in block.splitlines() if line.strip() and not line.startswith(("import", "from")))
    marks = [pytest.mark.slow] if "dedup.spark" in block else []
    return pytest.param(block, id=first[:50], marks=marks)


@pytest.fixture()
def redis_6379(tmp_path: Path) -> Iterator[None]:
    """A redis-server on 127.0.0.1:6379, the address the README gives, stopped after."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
    with socket.socket() as s:
        if s.connect_ex(("127.0.0.1", 6379)) == 0:
            pytest.skip("port 6379 is taken: the README's Redis example needs it free")
    proc = subprocess.Popen(
        [server, "--port", "6379", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(200):
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", 6379)) == 0:
                    break
            time.sleep(0.05)
        else:
            pytest.fail("redis-server did not start within 10 s")
        yield
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_readme_has_python_blocks() -> None:
    assert len(BLOCKS) >= 8


@pytest.mark.parametrize("block", [_param(b) for b in BLOCKS])
def test_readme_block_runs_as_written(block: str, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    if "redis://" in block:
        pytest.importorskip("redis", reason="the Redis example needs the redis extra")
        request.getfixturevalue("redis_6379")
    if "dedup.spark" in block:
        pytest.importorskip("pyspark", reason="the Spark example needs the spark extra (and Java 17)")
    if "import scrapy" in block:
        pytest.importorskip("scrapy", reason="the Scrapy example needs the scrapy extra")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
