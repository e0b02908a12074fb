"""Child processes for local development: started in their own process group,
logged to a file, and stopped completely (no orphans) on the way out."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import aiohttp

# Children run from the repository root (the Playground reads its config there).
REPO_ROOT = Path(__file__).resolve().parent.parent


class DevRunError(Exception):
    """Something the developer can fix; shown as one clear message."""


def port_is_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether a server could listen on `port` now: the check the bot's own bind makes.

    The probe sets SO_REUSEADDR, as the bot (aiohttp, `reuse_address=True`) and the
    Playground (Node) do, so a port whose last connections linger in TIME_WAIT
    (for a minute after Ctrl-C) counts as free; one with a listening process does not.
    """
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ManagedProcess:
    """A child process in its own session, its output in a log file."""

    name: str
    process: subprocess.Popen
    log_path: Path

    @classmethod
    def start(cls, name: str, argv: list[str], log_path: Path, env: dict[str, str],
              cwd: Path = REPO_ROOT) -> ManagedProcess:
        log_path.parent.mkdir(parents=True, exist_ok=True)
        with log_path.open("ab") as log:
            # Own session: a Ctrl-C in the terminal reaches only us, and we stop
            # the children in order (Playgrounds first, then the bot).
            process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=log,
                                       stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                       start_new_session=True)
        return cls(name, process, log_path)

    def log_tail(self, lines: int = 60) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    async def wait_until_answers(self, url: str, within: float) -> None:
        deadline = time.monotonic() + within
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            while time.monotonic() < deadline:
                if self.process.poll() is not None:
                    raise DevRunError(f"{self.name} stopped (exit code {self.process.returncode})"
                                      f":\n{self.log_tail()}")
                with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
                    async with session.get(url) as answer:
                        if answer.status < 500:
                            return
                await asyncio.sleep(0.1)
        raise DevRunError(f"{self.name} did not answer at {url} within {within:.0f} s:\n"
                          f"{self.log_tail()}")

    async def stop(self, grace: float = 10) -> int:
        """SIGTERM to the whole process group, SIGKILL if it lingers."""
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                await asyncio.to_thread(self.process.wait, grace)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)  # stragglers of the group, if any
        return self.process.wait()


