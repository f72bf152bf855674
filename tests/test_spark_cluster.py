"""dedup on a real (if small) Spark cluster: a standalone master and one worker started on
127.0.0.1 with pyspark's own scripts, the BUILT wheel shipped with ``spark-submit --py-files``
(under a ``.zip`` name: pyspark puts ``.zip``, ``.egg`` and ``.jar`` files on the executors'
``sys.path``, not ``.whl``), the job run with ``dedup spark-clean`` inside it, and its output
compared with clean_corpus.

The executors import dedup from the shipped wheel (the test checks where they found it), as a
cluster whose Python has dedup's dependencies but not dedup would. .ci/run passes the wheel it
built in $DEDUP_WHEEL; elsewhere the test builds one (``python -m build --wheel``).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pyspark = pytest.importorskip("pyspark", reason="the Spark tests need the spark extra: pip install -e '.[test,spark]'")

import dedup  # noqa: E402
from dedup.spark import result_dict  # noqa: E402
from tests.corpora import corpus, rewrapped  # noqa: E402

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("java") is None, reason="Spark needs Java 17 (apt-get install openjdk-17-jre-headless)"
    ),
]

ROOT = Path(__file__).resolve().parent.parent
SPARK_HOME = Path(pyspark.__file__).parent

JOB = """
import sys
import dedup  # noqa: E402
from dedup.cli import main
from pyspark.sql import SparkSession

spark = SparkSession.builder.getOrCreate()
found = spark.sparkContext.parallelize([0], 1).map(lambda _: __import__("dedup").__file__).collect()[0]
print("executors import dedup from", found, flush=True)
print("the driver imports dedup from", dedup.__file__, flush=True)
sys.exit(main(["spark-clean", sys.argv[1], sys.argv[2], "--master", sys.argv[3], "--format", "jsonl"]))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for_port(port: int, proc: subprocess.Popen[bytes], log: Path, seconds: float = 90) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"a Spark daemon exited ({proc.returncode}): {log.read_text(errors='replace')[-2000:]}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.5)
    pytest.fail(f"nothing listens on port {port} after {seconds} s: {log.read_text(errors='replace')[-2000:]}")


def spark_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SPARK_HOME", "PYSPARK_PYTHON")}
    env.update(
        SPARK_HOME=str(SPARK_HOME),
        SPARK_LOCAL_IP="127.0.0.1",
        SPARK_LOG_DIR=str(tmp / "logs"),
        SPARK_WORKER_DIR=str(tmp / "work"),
        PYSPARK_PYTHON=sys.executable,
        PYSPARK_DRIVER_PYTHON=sys.executable,
    )
    return env


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("DEDUP_WHEEL")
    if given:
        return Path(given)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (found,) = out.glob("newsdedup-*.whl")
    return found


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, str]]]:
    """A standalone master and one worker (2 cores, 2 GB) on 127.0.0.1; yields the master URL."""
    tmp = tmp_path_factory.mktemp("cluster")
    env = spark_env(tmp)
    spark_class = str(SPARK_HOME / "bin" / "spark-class")
    port, ui, worker_ui = free_port(), free_port(), free_port()
    procs: list[subprocess.Popen[bytes]] = []
    try:
        log = tmp / "master.log"
        with open(log, "wb") as out:
            master = subprocess.Popen(
                [spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", str(port),
                 "--webui-port", str(ui)],
                env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        procs.append(master)
        wait_for_port(port, master, log)
        url = f"spark://127.0.0.1:{port}"
        log = tmp / "worker.log"
        with open(log, "wb") as out:
            worker = subprocess.Popen(
                [spark_class, "org.apache.spark.deploy.worker.Worker", url, "--host", "127.0.0.1", "--cores", "2",
                 "--memory", "2g", "--webui-port", str(worker_ui), "--work-dir", str(tmp / "work")],
                env=env, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        procs.append(worker)
        deadline = time.monotonic() + 90
        while b"Successfully registered with master" not in log.read_bytes():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"the worker did not register: {log.read_text(errors='replace')[-2000:]}")
            time.sleep(0.5)
        yield url, env
    finally:
        for proc in reversed(procs):
            proc.terminate()
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def test_a_standalone_cluster_runs_the_shipped_wheel_and_gives_clean_corpus_results(
    cluster: tuple[str, dict[str, str]], wheel: Path, tmp_path: Path
) -> None:
    url, env = cluster
    docs = corpus() + rewrapped()
    src = tmp_path / "in.jsonl"
    with open(src, "w", encoding="utf-8") as fh:
        for d in docs:
            fh.write(json.dumps({k: v for k, v in d.items() if v is not None}, ensure_ascii=False) + "\n")
    job = tmp_path / "job.py"
    job.write_text(JOB, encoding="utf-8")
    shipped = tmp_path / (wheel.stem + ".zip")  # a wheel is a zip; executors add only .zip/.egg/.jar to sys.path
    shutil.copy(wheel, shipped)
    out = tmp_path / "out"
    submit = [
        str(SPARK_HOME / "bin" / "spark-submit"),
        "--master", url,
        "--py-files", str(shipped),
        "--conf", f"spark.pyspark.python={sys.executable}",
        "--conf", "spark.driver.host=127.0.0.1",
        "--conf", "spark.driver.bindAddress=127.0.0.1",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.memory=1g",
        str(job), str(src), str(out), url,
    ]  # fmt: skip
    run = subprocess.run(submit, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-4000:]
    where = [line for line in run.stdout.splitlines() if "dedup from" in line]
    assert len(where) == 2 and all(shipped.name in line for line in where), run.stdout
    rows = [
        json.loads(line) for part in sorted(out.glob("part-*.json")) for line in part.read_text("utf-8").splitlines()
    ]
    want = [json.loads(json.dumps(r.to_dict(), ensure_ascii=False)) for r in dedup.clean_corpus(docs)]
    got: list[dict[str, Any]] = [result_dict(r) for r in rows]
    assert [g["id"] for g in got] == [w["id"] for w in want]
    for g, w in zip(got, want, strict=True):
        assert g == w, f"{w['id']} differs from clean_corpus"
    assert any(w["duplicate_of"] for w in want) and any(w["removals"] for w in want)
