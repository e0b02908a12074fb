"""`make run` (devtools.devrun) as a developer uses it: start, see the addresses, Ctrl-C."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from devtools.local_processes import REPO_ROOT, free_port

pytestmark = pytest.mark.e2e

READY = "Stop with Ctrl-C."


def _devrun(tmp_path: Path, bot_port: int, playground_port: int) -> subprocess.Popen:
    env = {**os.environ, "MicrosoftAppId": "", "DATABASE_URL": "",
           "DSOBOT_DATA_DIR": str(tmp_path), "DSOBOT_PORT": str(bot_port),
           "PLAYGROUND_PORT": str(playground_port), "PLAYGROUND_USERS": "dana,emma"}
    return subprocess.Popen([sys.executable, "-m", "devtools.devrun"], cwd=REPO_ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _read_until(process: subprocess.Popen, marker: str, within: float = 90) -> str:
    assert process.stdout is not None
    output, deadline = [], time.monotonic() + within
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if marker in line:
            return "".join(output)
    raise AssertionError(f"no {marker!r} from make run:\n{''.join(output)}")


def test_make_run_prints_the_playgrounds_and_stops_cleanly_on_ctrl_c(tmp_path: Path):
    bot_port, playground_port = free_port(), free_port()
    devrun = _devrun(tmp_path, bot_port, playground_port)
    try:
        output = _read_until(devrun, READY)
        children = _children(devrun.pid)

        addresses = dict(re.findall(r"(http://127\.0\.0\.1:\d+)\s+(\w+)", output))
        assert addresses == {f"http://127.0.0.1:{playground_port}": "Dana",
                             f"http://127.0.0.1:{playground_port + 1}": "Emma"}
        assert re.search(r"Dana Dataskyddsombud\s+DSO\s+Teams locale sv-SE", output)
        assert re.search(r"Emma Carter\s+staff\s+Teams locale en-GB", output)
        for address in addresses:  # the web client is served where we said
            with urllib.request.urlopen(address, timeout=5) as page:
                assert b"<html" in page.read().lower()
        assert len(children) == 3, "the bot and two Playgrounds"

        devrun.send_signal(signal.SIGINT)
        assert devrun.wait(timeout=30) == 0
        time.sleep(0.2)
        assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]
    finally:
        if devrun.poll() is None:
            devrun.kill()
            devrun.wait()


def test_make_run_says_clearly_when_the_bot_port_is_taken(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        devrun = _devrun(tmp_path, port, free_port())
        output, _ = devrun.communicate(timeout=60)

    assert devrun.returncode == 1
    assert f"port {port} is taken" in output
    assert "DSOBOT_PORT" in output
