"""`make run` (devtools.devrun) as a developer uses it: start, see the addresses, Ctrl-C."""

from __future__ import annotations

import io
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from bot.settings import Settings
from devtools.devrun import DevRun
from devtools.local_processes import REPO_ROOT, DevRunError, free_port, port_is_free
from devtools.playground import load_mock_users
from devtools.quietly import SHOWN_LINES, run_quietly

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


def _in_time_wait(port: int) -> bool:
    """Whether a connection on this local port is in TIME_WAIT (state 06 in /proc/net/tcp)."""
    rows = Path("/proc/net/tcp").read_text().splitlines()[1:]
    return any(int(row.split()[1].split(":")[1], 16) == port and row.split()[3] == "06"
               for row in rows)


def _time_wait_port() -> int:
    """A loopback port with no listener, only a server-side connection in TIME_WAIT:
    accepted and closed by the server first, as the bot does with its connections on Ctrl-C."""
    with socket.socket() as listener:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]
        with socket.create_connection(("127.0.0.1", port)) as client:
            accepted, _ = listener.accept()
            accepted.close()
            assert client.recv(1) == b""
    assert _in_time_wait(port)
    return port


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
        # An alert to the DSO waits for her Playground (as for the app in Teams): said so.
        assert f"Dana Dataskyddsombud (http://127.0.0.1:{playground_port}) waits" in output
        for address in addresses:  # the web client is served where we said
            with urllib.request.urlopen(address, timeout=5) as page:
                assert b"<html" in page.read().lower()
        assert len(children) == 3, "the bot and two Playgrounds"
        with socket.create_connection(("127.0.0.1", bot_port), timeout=5) as client:
            client.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           b"Connection: close\r\n\r\n")
            while client.recv(4096):  # until the bot closes: its port is left in TIME_WAIT
                pass

        devrun.send_signal(signal.SIGINT)
        assert devrun.wait(timeout=30) == 0
        time.sleep(0.2)
        assert not [pid for pid in children if Path(f"/proc/{pid}").exists()]

        # Restarting at once, as a newcomer does after Ctrl-C, works on the same ports.
        assert _in_time_wait(bot_port)
        devrun = _devrun(tmp_path, bot_port, playground_port)
        _read_until(devrun, READY)
        devrun.send_signal(signal.SIGINT)
        assert devrun.wait(timeout=30) == 0
    finally:
        if devrun.poll() is None:
            devrun.kill()
            devrun.wait()


def test_a_port_left_in_time_wait_is_free_for_make_run():
    port = _time_wait_port()
    with socket.socket() as plain, pytest.raises(OSError):
        plain.bind(("127.0.0.1", port))  # the old check's probe: it called this port taken
    assert port_is_free(port)
    users = load_mock_users()[:2]
    DevRun(Settings(port=port), users, _time_wait_port()).check_ports()  # no DevRunError
    with socket.socket() as bot:  # and the bot's bind (aiohttp: reuse_address) succeeds at once
        bot.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        bot.bind(("127.0.0.1", port))
        bot.listen()


def test_make_run_says_clearly_when_the_bot_port_is_taken(tmp_path: Path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        devrun = _devrun(tmp_path, port, free_port())
        output, _ = devrun.communicate(timeout=60)

    assert devrun.returncode == 1
    assert f"port {port} (the bot) is taken" in output
    assert f"DSOBOT_PORT={port + 1} make run" in output
    assert "Traceback" not in output


def test_make_run_says_clearly_when_a_playground_port_is_taken():
    users = load_mock_users()[:3]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert not port_is_free(port)
        devrun = DevRun(Settings(port=free_port()), users, first_port=port)
        with pytest.raises(DevRunError) as refused:
            devrun.check_ports()

    message = str(refused.value)
    assert f"port {port} (Playground of {users[0].name}) is taken" in message
    assert f"PLAYGROUND_PORT={port + 100} make run" in message


# --- setup: quiet unless it fails ------------------------------------------------------------


def test_a_setup_step_that_works_prints_nothing(tmp_path: Path):
    report, log = io.StringIO(), tmp_path / "venv" / "setup.log"
    noisy = [sys.executable, "-c", "print('Collecting pyyaml'); print('Successfully installed')"]

    assert run_quietly(noisy, log, report) == 0

    assert report.getvalue() == ""
    assert "Successfully installed" in log.read_text()


def test_a_setup_step_that_fails_shows_its_output_and_the_log(tmp_path: Path):
    report, log = io.StringIO(), tmp_path / "setup.log"
    run_quietly([sys.executable, "-c", "print('earlier step')"], log, report)
    failing = [sys.executable, "-c", "import sys; print('ERROR: No matching distribution');"
               "print('x' * 3, file=sys.stderr); sys.exit(1)"]

    assert run_quietly(failing, log, report) == 1

    shown = report.getvalue()
    assert "ERROR: No matching distribution\nxxx\n" in shown
    assert "earlier step" not in shown, "only the failed step's output"
    assert f"exited with code 1; its output is above and in {log}" in shown


def test_a_failing_step_shows_the_end_of_a_long_output(tmp_path: Path):
    report = io.StringIO()
    long = [sys.executable, "-c", "import sys; [print(i) for i in range(500)]; sys.exit(3)"]

    assert run_quietly(long, tmp_path / "setup.log", report) == 3

    lines = report.getvalue().splitlines()
    assert lines[0] == f"[... {500 - SHOWN_LINES} lines before these in {tmp_path / 'setup.log'}]"
    assert lines[1:-1] == [str(i) for i in range(500 - SHOWN_LINES, 500)]


def test_a_missing_program_is_a_failed_step(tmp_path: Path):
    report = io.StringIO()
    assert run_quietly(["no-such-program-for-dsobot"], tmp_path / "setup.log", report) == 127
    assert "no-such-program-for-dsobot" in report.getvalue()


def _throwaway_checkout(tmp_path: Path, dependencies: str = "[]") -> Path:
    """The Makefile and what its setup reads, without .venv/ and node_modules/."""
    checkout = tmp_path / "checkout"
    (checkout / "devtools").mkdir(parents=True)
    shutil.copy(REPO_ROOT / "Makefile", checkout)
    shutil.copy(REPO_ROOT / "devtools" / "quietly.py", checkout / "devtools")
    shutil.copy(REPO_ROOT / "package.json", checkout)
    (checkout / "pyproject.toml").write_text(
        '[build-system]\nrequires = ["setuptools>=68"]\nbuild-backend = "setuptools.build_meta"\n'
        f'[project]\nname = "throwaway"\nversion = "0"\ndependencies = {dependencies}\n')
    return checkout


def _fake_program(path: Path, output: str, also: str = "") -> None:
    """A script that prints like pip or npm (to both streams) and succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\necho '{output}'\necho 'WARNING: deprecated' >&2\n{also}\n")
    path.chmod(0o755)


def _make(checkout: Path, target: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(["make", "--no-print-directory", target], cwd=checkout,
                          env={**os.environ, "MAKEFLAGS": "", **env}, capture_output=True,
                          text=True, timeout=300)


def test_make_setup_says_one_line_per_step_and_keeps_pip_and_npm_in_logs(tmp_path: Path):
    checkout = _throwaway_checkout(tmp_path)
    # Stand-ins for .venv's python (pip) and npm, as noisy as the real ones; no network.
    _fake_program(checkout / ".venv" / "bin" / "python", "Collecting aiohttp")
    _fake_program(tmp_path / "bin" / "npm", "added 312 packages in 9s", "mkdir -p node_modules")

    done = _make(checkout, "setup", PATH=f"{tmp_path / 'bin'}:{os.environ['PATH']}")

    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr == ""
    assert done.stdout.splitlines() == [
        "setting up .venv with the Python packages (a minute or two the first time)...",
        "setting up node_modules with the Agents Playground (npm)...",
    ]
    assert "Collecting aiohttp" in (checkout / ".venv" / "setup.log").read_text()
    assert "added 312 packages" in (checkout / ".venv" / "npm-install.log").read_text()
    assert "setting up" not in _make(checkout, "setup").stdout, "set up once, not each time"


def test_make_setup_shows_pip_when_it_fails(tmp_path: Path):
    """A real .venv and pip, a requirement pip cannot satisfy; PIP_NO_INDEX keeps it local."""
    checkout = _throwaway_checkout(tmp_path, dependencies='["not a requirement((("]')

    failed = _make(checkout, ".venv/.installed", PIP_NO_INDEX="1")

    assert failed.returncode != 0
    assert failed.stdout.splitlines() == [
        "setting up .venv with the Python packages (a minute or two the first time)..."]
    assert "error" in failed.stderr.lower()
    assert ("setup failed: `.venv/bin/python -m pip install -e '.[dev]'` exited with code 1; "
            "its output is above and in .venv/setup.log") in failed.stderr
    assert not (checkout / ".venv" / ".installed").exists(), "tried again next time"
