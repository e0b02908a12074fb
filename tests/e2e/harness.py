"""End-to-end harness: the real bot and the real Agents Playground, driven as its web client.

    async with Playground(tmp_path) as pg:
        sara = await pg.user("sara")            # a Playground with Sara as its user
        await sara.install()                    # what the web client does on opening
        replies = await sara.send("hjälp")      # a message, as typed in the chat box
        replies = await sara.click("Rapportera incident", inputs={"what": "..."})
        await pg.restart_bot()                  # same database, new process
        alert = await dana.wait_for(lambda m: ...)  # proactive messages

Each mock person gets their own Playground (it always speaks as its current
user), all posting through one `LocaleShim` to one bot process; the bot
answers each Playground on its mock connector, and the harness reads them
from the same WebSocket the web client listens on. It uses the HTTP routes
the web client uses: `/_debug/conversation/{id}/installation`,
`/_conversation/v1/conversations/{id}/messages`, `/_conversation/v1/submit`,
`/_conversation/v1/invoke` (Action.Execute) and the WebSocket
`/_ws_conversation/v1/conversations/stream`.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

import aiohttp

from bot.settings import Settings
from devtools.devrun import DEMO_ORGANISATIONS, prepare_database, start_bot
from devtools.local_processes import DevRunError, ManagedProcess, free_port
from devtools.playground import LocaleShim, MockUser, load_mock_users, start_playground
from tests.support import sent

TURN_SECONDS = 15  # one bot turn, generous for a loaded CI machine
START_SECONDS = 60
QUIET_SECONDS = 0.15  # the WebSocket frame may trail the connector's answer to the bot
CARD = "application/vnd.microsoft.card.adaptive"
ACTIONS = ("Action.Submit", "Action.Execute")


@dataclass
class BotMessage:
    """One message of the bot as the Playground shows it (cards replaced in place)."""

    id: str
    text: str | None
    cards: list[dict] = field(default_factory=list)

    @property
    def shown_text(self) -> str:
        """Everything a reader sees: the text and every card's texts, facts and titles."""
        return "\n".join([self.text or "", *(s for c in self.cards for s in _strings(c))])


def _strings(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node[k] for k in ("text", "title", "value") if isinstance(node.get(k), str)]
        return found + [s for k, v in node.items() if k != "fallback" for s in _strings(v)]
    if isinstance(node, list):
        return [s for item in node for s in _strings(item)]
    return []


def find_action(card: dict, title: str) -> dict | None:
    """The Action.Submit/Execute titled `title` anywhere in `card` (not its fallbacks)."""
    if card.get("type") in ACTIONS and card.get("title") == title:
        return card
    for key, value in card.items():
        children = value if isinstance(value, list) else [value]
        for child in children:
            if key != "fallback" and isinstance(child, dict):
                found = find_action(child, title)
                if found is not None:
                    return found
    return None


def input_values(card: dict) -> dict[str, Any]:
    """The card's inputs with their initial values, as the renderer would submit them."""
    values: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input.") and "id" in node:
                values[node["id"]] = node.get("value", "")
            for key, value in node.items():
                if key != "fallback":
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(card)
    return values


class PlaygroundUser:
    """One mock person at their own Playground, talking to the bot in their 1:1 chat."""

    def __init__(self, harness: Playground, user: MockUser, base_url: str) -> None:
        self.harness, self.user, self.base_url = harness, user, base_url
        self.messages: list[BotMessage] = []
        self._arrived = asyncio.Condition()
        self._http: aiohttp.ClientSession | None = None
        self._reader: asyncio.Task | None = None
        self.conversation_id = self.user_id = ""

    async def connect(self) -> None:
        self._http = aiohttp.ClientSession(
            self.base_url, timeout=aiohttp.ClientTimeout(total=TURN_SECONDS))
        async with self._http.get("/_internal/v1/config") as answer:
            config = (await answer.json())["config"]
        self.user_id = config["currentUser"]["id"]
        self.conversation_id = config["personalChat"]["id"]
        socket = await self._http.ws_connect("/_ws_conversation/v1/conversations/stream")
        self._reader = asyncio.create_task(self._read(socket))

    async def close(self) -> None:
        if self._reader is not None:
            self._reader.cancel()
        if self._http is not None:
            await self._http.close()

    async def install(self) -> list[BotMessage]:
        """Open the chat: the Playground sends installationUpdate and conversationUpdate."""
        return await self._turn(
            lambda: self._post(f"/_debug/conversation/{self.conversation_id}/installation", {}),
            turns=2)

    async def send(self, text: str) -> list[BotMessage]:
        """Type `text` in the chat box; returns the bot's new messages."""
        path = f"/_conversation/v1/conversations/{self.conversation_id}/messages"
        body = {"from": {"id": self.user_id}, "text": text, "textFormat": "plain"}
        sent.remember(text)
        return await self._turn(lambda: self._post(path, body))

    async def click(self, title: str, inputs: dict[str, Any] | None = None) -> list[BotMessage]:
        """Click the button `title` on the newest card that has it, after filling `inputs`.

        Returns the bot's new messages; an Action.Execute answered with a card
        replaces the clicked card in `self.messages` (and is returned too).
        """
        message, card, action = self._latest_action(title)
        data = action.get("data") if isinstance(action.get("data"), dict) else {}
        if action.get("associatedInputs", "auto").lower() != "none":
            data = {**data, **input_values(card), **(inputs or {})}
            sent.remember({"value": inputs or {}})
        if action["type"] == "Action.Submit":
            body = {"conversation": {"id": self.conversation_id}, "from": {"id": self.user_id},
                    "replyToId": message.id, "value": data}
            return await self._turn(lambda: self._post("/_conversation/v1/submit", body))
        invoke = {"name": "adaptiveCard/action", "from": {"id": self.user_id},
                  "conversation": {"id": self.conversation_id}, "replyToId": message.id,
                  "value": {"action": {"type": "Action.Execute", "title": title,
                                       "verb": action.get("verb"), "data": data}}}
        answer: dict = {}

        async def execute() -> None:
            answer.update(await self._post("/_conversation/v1/invoke", invoke))

        replies = await self._turn(execute)
        if answer.get("type") == CARD:  # as the web client: the card changes in place
            message.cards[message.cards.index(card)] = answer["value"]
            replies.append(message)
        return replies

    async def click_again(self, message: BotMessage, action: dict) -> dict:
        """The same Action.Execute sent again from `message` (as Teams sends a second click
        on a card not yet replaced on screen); returns the bot's invoke answer."""
        return await self._post("/_conversation/v1/invoke", {
            "name": "adaptiveCard/action", "from": {"id": self.user_id},
            "conversation": {"id": self.conversation_id}, "replyToId": message.id,
            "value": {"action": {"type": "Action.Execute", "title": action.get("title"),
                                 "verb": action.get("verb"), "data": action.get("data")}}})

    def latest_card(self) -> dict:
        for message in reversed(self.messages):
            if message.cards:
                return message.cards[-1]
        raise AssertionError(f"{self.user.name} has no card from the bot; "
                             f"messages: {self.messages}")

    async def wait_for(self, predicate: Callable[[BotMessage], bool],
                       within: float = TURN_SECONDS) -> BotMessage:
        """The first message (already here or still to come) for which `predicate` holds."""
        async def first_match() -> BotMessage:
            async with self._arrived:
                await self._arrived.wait_for(lambda: any(map(predicate, self.messages)))
                return next(m for m in self.messages if predicate(m))
        try:
            return await asyncio.wait_for(first_match(), within)
        except TimeoutError:
            raise AssertionError(f"{self.user.name}: no such message within {within} s; "
                                 f"got {[m.shown_text[:200] for m in self.messages]}") from None

    def _latest_action(self, title: str) -> tuple[BotMessage, dict, dict]:
        for message in reversed(self.messages):
            for card in reversed(message.cards):
                action = find_action(card, title)
                if action is not None:
                    return message, card, action
        raise AssertionError(f"no card of {self.user.name} has a button {title!r}")

    async def _post(self, path: str, body: dict) -> dict:
        assert self._http is not None, "connect() first"
        async with self._http.post(path, json=body) as answer:
            text = await answer.text()
            if answer.status >= 300:
                raise AssertionError(f"Playground {path} answered {answer.status}: {text}")
            return json.loads(text) if text.strip().startswith("{") else {}

    async def _turn(self, act: Callable[[], Any], turns: int = 1) -> list[BotMessage]:
        """Do `act`, wait until the bot has handled `turns` more activities, return news."""
        seen = {id(m) for m in self.messages}
        before = self.harness.shim.turns_done
        await act()
        try:
            await asyncio.wait_for(self.harness.shim.wait_idle(before + turns - 1), TURN_SECONDS)
        except TimeoutError:
            raise AssertionError(f"the bot did not finish the turn within {TURN_SECONDS} s"
                                 ) from None
        await self._quiet()
        return [m for m in self.messages if id(m) not in seen]

    async def _quiet(self) -> None:
        while True:
            async with self._arrived:
                try:
                    await asyncio.wait_for(self._arrived.wait(), QUIET_SECONDS)
                except TimeoutError:
                    return

    async def _read(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        async for frame in socket:
            event = json.loads(frame.data)
            message = event.get("message") or {}
            if event.get("action") not in ("createMessage", "updateMessage"):
                continue
            if message.get("from", {}).get("id") == self.user_id:
                continue  # our own message echoed back
            shown = BotMessage(message["messageId"], message.get("text"),
                               [a["content"] for a in message.get("attachments") or []
                                if a.get("contentType") == CARD])
            async with self._arrived:
                old = next((m for m in self.messages if m.id == shown.id), None)
                if old is None:
                    self.messages.append(shown)
                else:
                    old.text, old.cards = shown.text, shown.cards
                self._arrived.notify_all()


class Playground:
    """The bot (its own `serve`, temporary SQLite, demo organisation) and Playgrounds."""

    def __init__(self, work_dir: Path, org_config: Path = DEMO_ORGANISATIONS,
                 env: dict[str, str] | None = None) -> None:
        self.work_dir = work_dir
        self.env = env or {}
        self.org_config = org_config
        self.users = {u.key: u for u in load_mock_users()}
        self.shim: LocaleShim
        self.bot: ManagedProcess | None = None
        self.bot_port = 0
        self._sessions: dict[str, PlaygroundUser] = {}
        self._playgrounds: list[ManagedProcess] = []

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.stop()

    async def start(self) -> None:
        self.work_dir.mkdir(parents=True, exist_ok=True)
        self.bot_port = free_port()
        # As `make run` prepares it: the demo organisation and its register.
        await prepare_database(Settings.load(env=self._bot_env(), env_file=None),
                               self.org_config)
        await self._start_bot()
        self.shim = LocaleShim(f"http://127.0.0.1:{self.bot_port}/api/messages")
        await self.shim.start()

    async def user(self, key: str) -> PlaygroundUser:
        """The Playground of mock user `key` (e.g. "dana"), started on first use."""
        if key not in self._sessions:
            if key not in self.users:
                raise KeyError(f"no mock user {key!r}; known: {', '.join(self.users)}")
            user = self.users[key]
            port = free_port()
            playground = start_playground(user, self.shim.endpoint(user.locale), port,
                                          self.work_dir)
            self._playgrounds.append(playground)
            await playground.wait_until_answers(f"http://127.0.0.1:{port}/_debug/ping",
                                                within=START_SECONDS)
            _check_port(playground, port)
            session = PlaygroundUser(self, user, f"http://127.0.0.1:{port}")
            await session.connect()
            self._sessions[key] = session
        return self._sessions[key]

    async def restart_bot(self) -> None:
        """A new bot process on the same port and database (state must survive)."""
        assert self.bot is not None
        await self.bot.stop()
        await self._start_bot()

    async def stop(self) -> None:
        for session in self._sessions.values():
            await session.close()
        for process in [*self._playgrounds, *([self.bot] if self.bot else [])]:
            await process.stop()
        if getattr(self, "shim", None) is not None:
            await self.shim.stop()

    def logs(self) -> str:
        """Every process's recent output, for the report of a failed test."""
        processes = [*([self.bot] if self.bot else []), *self._playgrounds]
        return "\n".join(f"----- {p.name} ({p.log_path}) -----\n{p.log_tail(80)}"
                         for p in processes)

    def _bot_env(self) -> dict[str, str]:
        return {**os.environ,
                # Over any .env: development mode, and no tenant allow-list to trip on.
                "MicrosoftAppId": "", "MicrosoftAppPassword": "", "DSOBOT_ALLOWED_TENANTS": "",
                "DATABASE_URL": f"sqlite+aiosqlite:///{self.work_dir / 'e2e.db'}",
                "DSOBOT_DATA_DIR": str(self.work_dir),
                "DSOBOT_ORG_CONFIG": str(self.org_config),
                # No reminders unless a test asks for them (`env`): a reminder arriving in
                # the middle of another test's turn would be counted as its answer.
                "DSOBOT_REMINDER_EVERY_SECONDS": "0",
                **self.env}

    async def _start_bot(self) -> None:
        env = self._bot_env()
        sent.remember_log_file(self.work_dir / "bot.log")
        self.bot = start_bot(self.bot_port, self.work_dir / "bot.log", env)
        await self.bot.wait_until_answers(f"http://127.0.0.1:{self.bot_port}/healthz",
                                          within=START_SECONDS)


def _check_port(playground: ManagedProcess, port: int) -> None:
    """The Playground silently moves to another port when its port is taken."""
    listening = re.findall(r"Listening on (\d+)", playground.log_tail(200))
    if listening and int(listening[-1]) != port:
        raise DevRunError(f"{playground.name} took port {listening[-1]} instead of {port}")
