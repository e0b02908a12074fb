"""The bot as `dsobot serve` runs it, in its own process, to be killed with SIGKILL.

For the crash tests: development mode (no authentication), on a free loopback
port, against the database and fake Bot Connector the test gives it.
"""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import sys
from pathlib import Path

import aiohttp

from tests.support import sent

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class BotProcess:
    def __init__(self, database_url: str, log_path: Path, *, command: str = "serve",
                 **env: str) -> None:
        self.command = command
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        sent.remember_log_file(log_path)
        self.env = {**os.environ, "DATABASE_URL": database_url, "MicrosoftAppId": "",
                    "DSOBOT_LOG_LEVEL": "INFO", **env}
        self.process: asyncio.subprocess.Process | None = None
        self.starts = 0

    async def start(self) -> None:
        with self.log_path.open("a", encoding="utf-8") as log:
            serving = ("--port", str(self.port)) if self.command == "serve" else ()
            self.process = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot.cli", self.command, *serving,
                cwd=ROOT, env=self.env, stdout=log, stderr=asyncio.subprocess.STDOUT)
        self.starts += 1
        if self.command != "serve":
            return  # a worker serves nothing to ask whether it is up
        async with aiohttp.ClientSession() as http:
            for _ in range(300):
                if self.process.returncode is not None:
                    raise RuntimeError(f"the bot exited; see {self.log_path}")
                try:
                    async with http.get(f"{self.url}/healthz") as response:
                        if response.status == 200:
                            return
                except aiohttp.ClientError:
                    pass
                await asyncio.sleep(0.05)
        raise RuntimeError("the bot did not start in 15 s")

    async def kill9(self) -> None:
        """What a power cut, the OOM killer or a forced deploy does: no cleanup at all."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        await self.process.wait()

    async def stop(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.terminate()
            await asyncio.wait_for(self.process.wait(), timeout=10)
