"""Hostile and malformed activities get 4xx or a polite answer, never a 5xx, and the bot's
memory stays bounded: a seeded fuzz run of 10,000 activities per backend, with
authentication on, against `dsobot serve` in its own process.

The activities are mutations of real ones (a typed message, a card click in a
report, the DSO's actions on a real incident, installs, invokes): fields
removed, retyped, made huge, nested deep, filled with NUL, lone surrogates,
numbers like 1e400; tokens and headers garbled.
"""

from __future__ import annotations

import asyncio
import copy
import json
import random
from pathlib import Path
from typing import Any

import aiohttp

from storage.db import Database
from storage.repos import OrganisationRepository, PeopleRepository, RoleRepository
from tests.support import sent
from tests.support.bot_process import BotProcess
from tests.support.cards import action_named, cards_in
from tests.support.fakes import FakeConnector, FakeIdentity
from tests.support.fakes.activities import BOT_ID, TENANT

SEED = 7_2026
ACTIVITIES = 10_000
CONCURRENCY = 16
MAX_RSS_GROWTH_KIB = 64 * 1024

WEIRD: list[Any] = [
    None, 0, -1, 2**70, 1.5, True, False, "", " ", "w" * 63, "v" * 65, "u" * 201, "t" * 256,
    "x" * 300, "y" * 600, "z" * 5000,
    "ok\x00nul", "\ud800", "\udfff lone", "\u202eevil", "<at>Alla</at>", "{{DATE()}}",
    [], [1, 2], {}, {"a": {"b": {"c": 1}}}, "PUI-2026-0001", "00000000-0000-0000-0000-000000000000",
    "1e400", "NaN", "-0", "🙂" * 50,
]


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _activity(connector_url: str, who: str, **fields: Any) -> dict:
    activity = {
        "type": "message", "id": "x", "serviceUrl": connector_url, "channelId": "msteams",
        "from": {"id": f"29:{who}", "name": who.title(), "aadObjectId": who},
        "conversation": {"id": f"a:{who}", "conversationType": "personal", "tenantId": TENANT},
        "recipient": {"id": BOT_ID, "name": "Dataskyddsboten"},
        "channelData": {"tenant": {"id": TENANT}}, "locale": "sv-SE",
    }
    activity.update(fields)
    return activity


def _invoke(connector_url: str, who: str, data: dict) -> dict:
    value = {"action": {"type": "Action.Execute", "verb": data.get("action"), "data": data}}
    return _activity(connector_url, who, type="invoke", name="adaptiveCard/action", value=value)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += _paths(value, (*prefix, i))
    return found


def _set(node: Any, path: tuple, value: Any, delete: bool = False) -> None:
    for step in path[:-1]:
        node = node[step]
    if delete and isinstance(node, dict):
        node.pop(path[-1], None)
    else:
        node[path[-1]] = value


def _mutate(rng: random.Random, base: dict, n: int) -> tuple[dict | str, str | None]:
    """A mutated activity (or raw JSON text), and a replacement Authorization header."""
    activity = copy.deepcopy(base)
    activity["id"] = f"fuzz-{n}"
    for _ in range(rng.randint(1, 4)):
        paths = [p for p in _paths(activity) if p != ("id",)]
        # Mostly what a turn reads deep inside (card data, text), so mutants get past
        # the edge's checks and reach the handlers; the envelope too, now and then.
        deep = [p for p in paths if p[0] in ("value", "text", "entities", "membersAdded")]
        path = rng.choice(deep if deep and rng.random() < 0.75 else paths)
        roll = rng.random()
        if roll < 0.25:
            _set(activity, path, None, delete=True)
        elif roll < 0.8:
            _set(activity, path, copy.deepcopy(rng.choice(WEIRD)))
        elif roll < 0.9:
            # Nested deep, written as text (Python's own json stops near 1,000 levels).
            levels = rng.choice([40, 200, 900])
            _set(activity, path, "__DEEP__")
            text = json.dumps(activity).replace(
                '"__DEEP__"', '{"d": ' * levels + "1" + "}" * levels, 1)
            return text, None
        else:
            activity["type"] = rng.choice(["invoke", "conversationUpdate", "installationUpdate",
                                           "messageReaction", "event", "typing", "nonsense"])
            activity["name"] = rng.choice(["adaptiveCard/action", "task/fetch", "config/fetch",
                                           "signin/verifyState", "x" * 300, None])
    header = None
    if rng.random() < 0.05:
        header = rng.choice(["Bearer ", "Basic abc", "Bearer a.b.c", "Bearer " + "e" * 9000,
                             "bearer eyJhbGciOiJSUzI1NiJ9." + "W" * 2000 + ".x"])
    if rng.random() < 0.03:
        text = json.dumps(activity)
        text = text.replace('"fuzz-', '"rev": 1e400, "fuzz": "fuzz-', 1)
        return text, header
    return activity, header


async def _scene(http: aiohttp.ClientSession, bot: BotProcess, post, connector: FakeConnector,
                 db: Database) -> list[dict]:
    """Real activities to mutate: a report begun, an incident filed, the DSO's card."""
    async with db.session() as session:
        org, _ = await OrganisationRepository(session).upsert("demo", "Demonämnden")
        dana, _ = await PeopleRepository(session).ensure(aad_object_id="dana", tenant_id=TENANT,
                                                         name="Dana")
        await RoleRepository(session).grant(dana.id, org.id, "dso")
    url = connector.url
    await post(_activity(url, "dana", type="conversationUpdate", membersAdded=[{"id": BOT_ID}]))
    answers = ["rapportera incident", "1", "1", "Ett mejl till fel mottagare.", "igår 9:15",
               "igår 10", "igår 11", "nej", "igår 12", "3", "1", "1", "1", "ca 25", "25",
               "nej", "3", "vet inte", "oro", "vet inte", "Skolportalen", "nej", "hoppa över",
               "Skolan", "hoppa över", "skicka"]
    for n, text in enumerate(answers):
        await post(_activity(url, "sara", id=f"scene-{n}", text=text))
    [report_card] = cards_in(connector.activities["a:sara"][1:2])
    for _ in range(1000):  # the alert comes from the outbox, a moment after the turn
        if "incident.take" in str(connector.activities["a:dana"][-1:]):
            break
        await asyncio.sleep(0.01)
    [alert] = cards_in(connector.activities["a:dana"][-1:])
    bases = [
        _activity(url, "sara", text="hjälp"),
        _activity(url, "emma", text="rapportera incident", locale="en-GB"),
        _activity(url, "sara", value={"action": "flow.start", "flow": "incident"}, text=None),
        _activity(url, "sara", type="conversationUpdate", membersAdded=[{"id": BOT_ID}]),
        _activity(url, "sara", type="installationUpdate", action="add"),
        _invoke(url, "sara", {**action_named(report_card, "flow.answer")["data"],
                              "flow_value": "breach"}),
        _activity(url, "olle", text="<at>Dataskyddsboten</at> hjälp",
                  conversation={"id": "19:group", "conversationType": "groupChat",
                                "tenantId": TENANT},
                  entities=[{"type": "mention", "mentioned": {"id": BOT_ID}}]),
    ]
    for name in ("incident.take", "incident.decide", "incident.ask", "incident.adjust",
                 "incident.close", "incident.imy", "incident.measures", "incident.form",
                 "incident.advise", "incident.subjects", "incident.supplement",
                 "incident.register", "incident.case_file", "incident.correct_start",
                 "incident.correct_pick", "incident.correct"):
        bases.append(_invoke(url, "dana", {**action_named(alert, "incident.take")["data"],
                                            "action": name, "form": "incident.decide",
                                            "decision": "notified", "decided_by": "E",
                                            "decided_capacity": "C",
                                            "imy_notified_at": "2026-01-01",
                                            "imy_notified_at_time": "10:00",
                                            "question": "?", "factor": "ei", "value": "0,5",
                                            "reason": "r", "measures": "m", "step": "unit",
                                            "flow_value": "x", "diarienummer": "D 1"}))
    return bases


async def test_ten_thousand_malformed_activities_get_no_5xx_and_memory_stays_bounded(
    db_url: str, tmp_path: Path
) -> None:
    rng = random.Random(SEED)
    db = Database(db_url)
    async with FakeIdentity() as identity, FakeConnector(
        token_check=identity.is_valid_access_token
    ) as connector, aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=CONCURRENCY)
    ) as http:
        bot = BotProcess(
            db_url, tmp_path / "bot.log", MicrosoftAppId=identity.app_id,
            MicrosoftAppPassword=identity.apps[identity.app_id],
            BotOpenIdMetadata=identity.metadata_url,
            DSOBOT_LOGIN_AUTHORITY_HOST=identity.login_host, DSOBOT_ALLOWED_TENANTS=TENANT,
            DSOBOT_SERVICE_URL_HOSTS="127.0.0.1", DSOBOT_LOG_LEVEL="WARNING")
        await bot.start()
        tokens: dict[str, str] = {}

        def token_for(activity: Any) -> str:
            url = activity.get("serviceUrl") if isinstance(activity, dict) else None
            key = url if isinstance(url, str) else ""
            if key not in tokens:
                tokens[key] = identity.mint(service_url=key)
            return tokens[key]

        statuses: dict[int, int] = {}
        server_errors: list[str] = []

        async def post(activity: dict | str, header: str | None = None) -> int:
            sent.remember(activity if isinstance(activity, dict) else None)
            body = activity if isinstance(activity, str) else json.dumps(activity)
            auth = header if header is not None else f"Bearer {token_for(activity)}"
            async with http.post(f"{bot.url}/api/messages", data=body.encode(
                    "utf-8", "surrogatepass"), headers={"Authorization": auth,
                                                      "Content-Type": "application/json"}) as r:
                await r.read()
                return r.status

        try:
            bases = await _scene(http, bot, post, connector, db)
            mutants = [_mutate(rng, rng.choice(bases), n) for n in range(ACTIVITIES)]
            queue: asyncio.Queue = asyncio.Queue()
            for n, mutant in enumerate(mutants):
                queue.put_nowait((n, mutant))
            rss_after_warmup = 0

            async def worker() -> None:
                nonlocal rss_after_warmup
                while not queue.empty():
                    n, (activity, header) = queue.get_nowait()
                    status = await post(activity, header)
                    statuses[status] = statuses.get(status, 0) + 1
                    if status >= 500:
                        server_errors.append(str(activity)[:300])
                    if n == 1000:
                        connector.activities.clear()
                        rss_after_warmup = _rss_kib(bot.process.pid)
                    if n % 2000 == 0:
                        connector.activities.clear()

            await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))
            rss_end = _rss_kib(bot.process.pid)
        finally:
            await bot.stop()
    await db.dispose()
    print(f"fuzz: {sorted(statuses.items())}, RSS {rss_after_warmup} -> {rss_end} KiB")
    assert server_errors == [], (sorted(statuses.items()), server_errors[:3])
    assert sum(statuses.values()) == ACTIVITIES
    assert statuses.get(200, 0) > ACTIVITIES // 10, statuses  # deep paths were reached too
    assert rss_end - rss_after_warmup < MAX_RSS_GROWTH_KIB, (rss_after_warmup, rss_end)
