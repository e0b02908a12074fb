"""`dsobot serve` and its port: TIME_WAIT is no obstacle, a live listener is named as such."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bot import runtime
from bot.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def in_time_wait() -> int:
    """A loopback port with nothing listening, only a connection in TIME_WAIT on it.

    The server side closes first, so the TIME_WAIT is on the server's port, as after
    Ctrl-C on `make run` (the bot closes its keep-alive connections as it stops).
    """
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = listener.accept()
            accepted.close()
            assert client.recv(1) == b""  # the server's FIN arrived: its side is now TIME_WAIT
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))  # what the old pre-flight check did: "taken"
    return port


@contextmanager
def listener() -> Iterator[int]:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        yield held.getsockname()[1]


def dsobot_serve(port: int, data_dir: Path) -> subprocess.Popen:
    env = {**os.environ, "MicrosoftAppId": "", "DATABASE_URL": "",
           "DSOBOT_DATA_DIR": str(data_dir), "DSOBOT_ORG_CONFIG": ""}
    return subprocess.Popen([sys.executable, "-m", "bot.cli", "serve", "--port", str(port)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def test_a_port_in_time_wait_is_free_to_listen_on():
    port = in_time_wait()
    runtime.check_can_listen("127.0.0.1", port)  # no CannotListen


def test_dsobot_serve_starts_at_once_on_a_port_in_time_wait(tmp_path: Path):
    port = in_time_wait()
    serve = dsobot_serve(port, tmp_path)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert serve.poll() is None, serve.communicate()[1]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as ok:
                    assert ok.status == 200
                    break
            except (urllib.error.URLError, ConnectionError):
                assert time.monotonic() < deadline, "dsobot serve did not answer in 30 s"
                time.sleep(0.1)
    finally:
        serve.terminate()
        _, stderr = serve.communicate(timeout=30)
    assert f"dsobot listening on http://127.0.0.1:{port}/api/messages" in stderr


def test_dsobot_serve_on_a_taken_port_names_the_port(tmp_path: Path):
    with listener() as port:
        serve = dsobot_serve(port, tmp_path)
        stdout, stderr = serve.communicate(timeout=60)

    assert serve.returncode == 1
    assert stderr == (f"dsobot: error: port {port} on 127.0.0.1 is already in use (another "
                      "dsobot serve?); choose another with --port or DSOBOT_PORT\n")
    assert "Traceback" not in stdout + stderr
    assert not (tmp_path / "dsobot.db").exists(), "checked before touching the database"


def test_a_port_taken_after_the_check_is_named_too(tmp_path: Path, monkeypatch):
    """The check and the bind are two steps; a listener that comes between them is
    reported the same way, not as a database problem."""
    monkeypatch.setattr(runtime, "check_can_listen", lambda host, port: None)
    settings = dataclasses.replace(Settings(), data_dir=tmp_path)
    try:
        with listener() as port, pytest.raises(runtime.CannotListen) as raised:
            runtime.serve(dataclasses.replace(settings, port=port))
    finally:
        asyncio.set_event_loop(None)  # run_app leaves its closed loop as the current one
    assert str(raised.value) == (f"port {port} on 127.0.0.1 is already in use (another "
                                 "dsobot serve?); choose another with --port or DSOBOT_PORT")


def test_an_address_that_cannot_be_listened_on_is_named():
    with pytest.raises(runtime.CannotListen, match=r"cannot listen on 192\.0\.2\.1:3978"):
        runtime.check_can_listen("192.0.2.1", 3978)  # TEST-NET-1: not this machine's
