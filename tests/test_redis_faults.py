"""A shared Redis index under faults, against real redis-server processes the tests start and stop.

A server killed and restarted empty, a FLUSHDB, an index replaced or cut short, foreign keys and
foreign list items, TLS against a plain listener that records what it receives (it must never see
the password), TLS against a real TLS server, and a unix socket. Skipped, saying why, where
redis-server (or openssl, for the TLS server) is missing; .ci/run installs redis-server.
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import dedup
from dedup.cli import main
from dedup.errors import DamagedRecordError, IndexOutOfStepError, IndexUnavailableError
from tests.corpora import corpus, story

redis = pytest.importorskip("redis")
ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class RedisServer:
    """A redis-server child process without persistence: killed, it comes back empty."""

    def __init__(self, workdir: Path, *args: str) -> None:
        server = shutil.which("redis-server")
        if server is None:
            pytest.skip("redis-server is not installed (apt-get install redis-server; .ci/run does)")
        self.command = [server, "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(workdir), *args]
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, client: Any) -> None:
        self.proc = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(200):
            try:
                client.ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        pytest.fail(f"redis-server did not start within 10 s: {self.command}")

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)  # no shutdown save, no goodbye to clients
        self.proc.wait(timeout=30)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[tuple[RedisServer, str, Any]]:
    """A server on a free port, the index URL, and a client to inspect and damage it with."""
    port = free_port()
    srv = RedisServer(tmp_path, "--port", str(port))
    client = redis.Redis(host="127.0.0.1", port=port)
    srv.start(client)
    try:
        yield srv, f"redis://127.0.0.1:{port}/0", client
    finally:
        client.close()
        srv.stop()


def add(idx: dedup.Index, n: int) -> str:
    return idx.add(story("r", n), doc_id=f"r/{n}", source="r.example")


# ---- restarts and flushes -------------------------------------------------------------------


def test_a_server_killed_and_restarted_empty_is_noticed_by_every_process(
    server: tuple[RedisServer, str, Any],
) -> None:
    srv, url, client = server
    writer, reader = dedup.Index.open(url), dedup.Index.open(url)
    for n in range(20):
        add(writer, n)
    assert len(reader.clusters()) == 0 and reader.stats().documents == 20
    srv.kill()
    with pytest.raises(IndexUnavailableError, match=f"cannot reach Redis at {url}.*is redis-server running"):
        add(writer, 20)
    srv.start(client)  # back on the same port, without its data
    for idx in (writer, reader):
        with pytest.raises(IndexOutOfStepError) as info:
            add(idx, 21)  # refused: never acknowledged into a log nobody else reads
        message = str(info.value)
        assert f"the Redis index at {url} is gone" in message and "restarted without its data" in message
        assert "This process had seen 20 records" in message and "Open the index again" in message
    assert client.keys("*") == []  # nothing was written to the empty server
    with pytest.raises(IndexOutOfStepError):
        reader.clean(story("r", 99), doc_id="probe", source="r.example", learn=False)  # look-ups too
    writer.close()
    reader.close()
    with dedup.Index.open(url) as fresh:  # reopening is the way out: a new, empty index
        assert len(fresh) == 0
        add(fresh, 0)


def test_a_writer_process_running_through_a_restart_stops_at_its_first_add_after_it(
    server: tuple[RedisServer, str, Any],
) -> None:
    srv, url, client = server
    code = """
import sys, time, dedup
from dedup.errors import IndexOutOfStepError, IndexUnavailableError
from tests.corpora import story
idx = dedup.Index.open(sys.argv[1])
n = 0
while n < 100000:
    try:
        idx.add(story("w", n), doc_id=f"w/{n}", source="w.example")
    except IndexUnavailableError:
        time.sleep(0.02)  # the server is down: try the same article again, as a scraper would
        continue
    except IndexOutOfStepError as err:
        print("stopped:", err, flush=True)
        sys.exit(3)
    print(f"added w/{n}", flush=True)
    n += 1
"""
    proc = subprocess.Popen([sys.executable, "-c", code, url], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    acked = []
    for line in proc.stdout:
        acked.append(line.strip())
        if len(acked) == 10:
            srv.kill()
            break
    time.sleep(0.3)  # the writer retries against a dead server meanwhile
    srv.start(client)
    rest = proc.stdout.read().splitlines()
    assert proc.wait(timeout=60) == 3
    acked += rest[:-1]
    assert acked == [f"added w/{n}" for n in range(len(acked))] and len(acked) <= 11  # at most one in flight
    assert rest[-1].startswith(f"stopped: the Redis index at {url} is gone")
    assert client.keys("*") == []  # nothing acknowledged into the empty server


def test_a_flushdb_then_a_new_index_by_another_process_is_noticed(
    server: tuple[RedisServer, str, Any],
) -> None:
    _, url, client = server
    first = dedup.Index.open(url)
    for n in range(5):
        add(first, n)
    client.flushdb()
    with dedup.Index.open(url) as second:  # another process creates a new index at the same URL
        add(second, 100)
        with pytest.raises(IndexOutOfStepError, match=f"the Redis index at {url} was replaced by another one"):
            add(first, 5)
        with pytest.raises(IndexOutOfStepError, match="was replaced by another one"):
            first.stats()
        assert second.stats().documents == 1  # the new index holds only its own article
    first.close()


def test_a_log_cut_short_is_noticed(server: tuple[RedisServer, str, Any]) -> None:
    _, url, client = server
    idx = dedup.Index.open(url)
    for n in range(10):
        add(idx, n)
    client.ltrim("dedup:log", 0, 5)  # as if restored from a snapshot taken after 6 adds
    with pytest.raises(IndexOutOfStepError, match="now holds 6 records, fewer than the 10 this process has seen"):
        add(idx, 10)
    assert client.llen("dedup:log") == 6
    idx.close()


# ---- foreign keys and items -----------------------------------------------------------------


def test_a_foreign_item_in_the_log_is_reported_and_verify_repairs_around_it(
    server: tuple[RedisServer, str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, url, client = server
    with dedup.Index.open(url) as idx:
        dedup.clean_corpus(corpus(), index=idx)
    n = len(corpus())
    client.rpush("dedup:log", b"someone else's value")
    with pytest.raises(DamagedRecordError) as info:
        dedup.Index.open(url)
    assert (info.value.position, info.value.intact) == (n + 1, n)
    assert f"item {n + 1} of the list dedup:log does not start with the checksum" in str(info.value)
    assert main(["index", "verify", url]) == 1
    assert f"record {n + 1} of {n + 1} is damaged" in capsys.readouterr().err
    repaired = tmp_path / "repaired.dedup"
    assert main(["index", "verify", url, "--repair", str(repaired)]) == 1
    out, err = capsys.readouterr()
    assert out == "" and f"{repaired}: {n} records copied" in err
    other = url.rsplit("/", 1)[0] + "/1"  # or into another Redis database
    assert main(["index", "verify", url, "--repair", other]) == 1
    capsys.readouterr()
    with dedup.Index.open(repaired) as a, dedup.Index.open(other) as b, dedup.Index() as memory:
        dedup.clean_corpus(corpus(), index=memory)
        assert a.clusters() == b.clusters() == memory.clusters() and len(a) == len(b) == n


@pytest.mark.parametrize(
    ("damage", "found"),
    [
        (lambda c: c.set("dedup:params", "x"), "the key dedup:params holds a string"),
        (lambda c: c.hset("dedup:params", "owner", "someone"), "the key dedup:params holds a hash of owner"),
        (lambda c: c.set("dedup:log", "x"), "the key dedup:log holds a string"),
        (lambda c: c.rpush("dedup:log", "x"), "the key dedup:log holds a list of 1 items without dedup:params"),
        (lambda c: c.hset("dedup:params", "format", "{oops"), "a field 'format' that is not JSON"),
    ],
    ids=["params-string", "params-foreign-hash", "log-string", "log-without-params", "params-not-json"],
)
def test_foreign_keys_are_refused_naming_them_and_left_as_they_were(
    server: tuple[RedisServer, str, Any], damage: object, found: str
) -> None:
    _, url, client = server
    damage(client)  # type: ignore[operator]
    before = {k: client.dump(k) for k in client.keys("*")}
    with pytest.raises(dedup.IndexCorruptError) as info:
        dedup.Index.open(url)
    message = str(info.value)
    assert found in message and "dedup does not write to keys it did not create" in message
    assert {k: client.dump(k) for k in client.keys("*")} == before


def test_an_item_with_a_valid_checksum_that_is_no_record_is_a_damaged_record(
    server: tuple[RedisServer, str, Any],
) -> None:
    from dedup.index.storage.base import checksum

    _, url, client = server
    with dedup.Index.open(url) as idx:
        add(idx, 0)
    client.rpush("dedup:log", checksum(b"not a record") + b"not a record")
    with pytest.raises(DamagedRecordError, match=r"log record 2 is damaged .*passes its checksum but does not read"):
        dedup.Index.open(url)


def test_an_index_of_an_older_format_is_refused_saying_to_rebuild(server: tuple[RedisServer, str, Any]) -> None:
    _, url, client = server
    params = {**dedup.Config().index_params(), "format": 1}  # what dedup wrote before checksums
    client.hset("dedup:params", mapping={k: str(v) for k, v in params.items()})
    client.rpush("dedup:log", b"an old record")
    with pytest.raises(
        dedup.ConfigError, match=r"written by an older dedup \(log format 1.*Rebuild it from the articles"
    ):
        dedup.Index.open(url)
    assert client.llen("dedup:log") == 1 and client.hlen("dedup:params") == len(params)  # untouched


def test_a_key_turned_to_another_type_while_open_is_named(server: tuple[RedisServer, str, Any]) -> None:
    _, url, client = server
    idx = dedup.Index.open(url)
    add(idx, 0)
    client.delete("dedup:log")
    client.set("dedup:log", "x")
    with pytest.raises(dedup.IndexCorruptError, match="the key dedup:log must be a list"):
        add(idx, 1)
    idx.close()


# ---- TLS and unix sockets ---------------------------------------------------------------------


class Listener:
    """A plain TCP listener on 127.0.0.1 that records every byte it receives, then hangs up."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen()
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    while chunk := conn.recv(65536):
                        self.received += chunk
                        conn.settimeout(0.2)  # the rest of what the client sends before it waits for a reply
                except OSError:
                    pass

    def close(self) -> None:
        self.sock.close()


def test_rediss_speaks_tls_and_never_sends_the_password_in_clear() -> None:
    listener = Listener()
    try:
        url = f"rediss://:secret@127.0.0.1:{listener.port}/0?socket_connect_timeout=5"
        with pytest.raises(IndexUnavailableError) as info:
            dedup.Index.open(url)
        message = str(info.value)
        assert "rediss:// speaks TLS: is the server serving TLS on that port" in message
        assert "secret" not in message
        received = listener.received
        assert received[:1] == b"\x16"  # a TLS handshake record (ClientHello), not a Redis command
        assert b"secret" not in received and b"AUTH" not in received
        # The listener sees what a plain redis:// URL sends: its password, in clear.
        with pytest.raises(IndexUnavailableError):
            dedup.Index.open(f"redis://:secret@127.0.0.1:{listener.port}/0?socket_connect_timeout=5")
        assert b"secret" in listener.received
    finally:
        listener.close()


def test_rediss_works_against_a_tls_server(tmp_path: Path) -> None:
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("openssl is not installed: no certificate for the TLS server")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert)]
    request += ["-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    subprocess.run(request, check=True, capture_output=True)
    port = free_port()
    tls = ["--port", "0", "--tls-port", str(port), "--tls-cert-file", str(cert), "--tls-key-file", str(key)]
    srv = RedisServer(tmp_path, *tls, "--tls-ca-cert-file", str(cert), "--tls-auth-clients", "no")
    srv.command += ["--requirepass", "secret"]
    client = redis.Redis(host="127.0.0.1", port=port, password="secret", ssl=True, ssl_ca_certs=str(cert))
    srv.start(client)
    try:
        if srv.proc is not None and srv.proc.poll() is not None:
            pytest.skip("this redis-server was built without TLS")
        url = f"rediss://:secret@127.0.0.1:{port}/0?ssl_ca_certs={cert}"
        with dedup.Index.open(url) as idx:
            add(idx, 1)
        with dedup.Index.open(url) as idx:
            assert "r/1" in idx and idx.stats().location == f"rediss://127.0.0.1:{port}/0"
        with pytest.raises(IndexUnavailableError, match="certificate"):  # the system's CAs do not know it
            dedup.Index.open(f"rediss://:secret@127.0.0.1:{port}/0?socket_connect_timeout=5")
    finally:
        client.close()
        srv.stop()


def test_a_unix_socket_url_works(tmp_path: Path) -> None:
    sock = tmp_path / "redis.sock"
    srv = RedisServer(tmp_path, "--port", "0", "--unixsocket", str(sock), "--unixsocketperm", "700")
    client = redis.Redis(unix_socket_path=str(sock))
    srv.start(client)
    try:
        with dedup.Index.open(f"unix://{sock}?db=2") as idx:
            add(idx, 1)
            assert idx.stats().location == f"unix://{sock}?db=2"
        assert redis.Redis(unix_socket_path=str(sock), db=2).llen("dedup:log") == 1
    finally:
        client.close()
        srv.stop()


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("redis://127.0.0.1:1/0?ssl_cert_req=none", "unknown setting 'ssl_cert_req'"),
        ("redis://127.0.0.1:1/0?ssl_ca_certs=/ca.pem", "ssl_ca_certs is a TLS setting, but a redis:// URL"),
        ("rediss://127.0.0.1:1/0?ssl_cert_reqs=maybe", "ssl_cert_reqs='maybe': use required, optional or none"),
        ("unix://", "names no socket"),
    ],
)
def test_bad_redis_urls_are_refused_saying_why(url: str, says: str) -> None:
    with pytest.raises(dedup.ConfigError, match=says):
        dedup.Index.open(url)


def test_an_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(IndexUnavailableError) as info:
        dedup.Index.open(f"redis://:secret@127.0.0.1:{free_port()}/3")
    assert "secret" not in str(info.value) and "cannot reach Redis at redis://127.0.0.1:" in str(info.value)
