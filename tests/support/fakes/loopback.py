"""An aiohttp application served on 127.0.0.1 at an ephemeral port."""

from __future__ import annotations

from typing import Self

from aiohttp import web


class LoopbackServer:
    def __init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.url = ""

    def build_app(self) -> web.Application:
        raise NotImplementedError

    async def start(self) -> Self:
        self._runner = web.AppRunner(self.build_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exc_info) -> None:
        await self.stop()


class ServedApp(LoopbackServer):
    """Any aiohttp application (e.g. the bot's own) served on loopback."""

    def __init__(self, app: web.Application) -> None:
        super().__init__()
        self.app = app

    def build_app(self) -> web.Application:
        return self.app
