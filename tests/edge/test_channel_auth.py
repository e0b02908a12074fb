"""Inbound authentication, through real HTTP to the real app."""

from __future__ import annotations

import time

import pytest

from bot.settings import Settings
from tests.support.fakes.activities import teams_activity
from tests.support.fakes.identity import new_signing_key
from tests.support.fakes.settings import settings_for


async def post(http, bot, activity, token=None, *, header=None):
    headers = {}
    if header is not None:
        headers["Authorization"] = header
    elif token is not None:
        headers["Authorization"] = f"Bearer {token}"
    async with http.post(f"{bot.url}/api/messages", json=activity, headers=headers) as response:
        body = await response.json(content_type=None) if await response.read() else None
        return response.status, body


async def test_valid_token_runs_the_turn_and_the_reply_reaches_the_conversation(
    http, bot, identity, connector, echo_bot
):
    activity = teams_activity(connector.url, text="hej")
    status, _ = await post(http, bot, activity, identity.mint(service_url=connector.url))
    assert status == 200
    assert echo_bot.turns == [activity["id"]]
    assert connector.texts("a:1personal-chat") == ["eko: hej"]
    reply = connector.activities["a:1personal-chat"][0]
    assert reply["replyToId"] == activity["id"]


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        # Times are computed when the test runs, not when it is collected: a long
        # suite would otherwise carry "6 minutes from now" inside the leeway.
        (lambda: {"iss": "https://evil.example.com"}, "issuer not accepted"),
        (lambda: {"aud": "someone-elses-app"}, "token is for another audience"),
        (lambda: {"exp": int(time.time()) - 6 * 60}, "token expired"),
        (lambda: {"nbf": int(time.time()) + 6 * 60}, "token not yet valid"),
        (lambda: {"aud": None}, "invalid token"),
    ],
)
async def test_token_with_bad_claims_is_refused_with_401(
    http, bot, identity, connector, echo_bot, claims, reason
):
    token = identity.mint(service_url=connector.url, **claims())
    status, body = await post(http, bot, teams_activity(connector.url), token)
    assert (status, body) == (401, {"error": reason})
    assert echo_bot.turns == []


async def test_expiry_within_five_minutes_leeway_is_accepted(http, bot, identity, connector):
    token = identity.mint(service_url=connector.url, exp=int(time.time()) - 4 * 60)
    status, _ = await post(http, bot, teams_activity(connector.url), token)
    assert status == 200


async def test_token_signed_by_another_key_with_the_published_kid_is_refused(
    http, bot, identity, connector
):
    forger = new_signing_key()
    token = identity.mint(service_url=connector.url, key=forger, kid=identity.keys[0].kid)
    status, body = await post(http, bot, teams_activity(connector.url), token)
    assert (status, body) == (401, {"error": "bad signature"})


async def test_tampered_payload_is_refused(http, bot, identity, connector):
    header, _payload, signature = identity.mint(service_url=connector.url).split(".")
    other_payload = identity.mint(service_url=connector.url, aud="x").split(".")[1]
    status, _ = await post(
        http, bot, teams_activity(connector.url), f"{header}.{other_payload}.{signature}"
    )
    assert status == 401


async def test_unknown_key_is_refused_and_refetches_keys_at_most_once_per_interval(
    http, bot, identity, connector
):
    good = identity.mint(service_url=connector.url)
    assert (await post(http, bot, teams_activity(connector.url), good))[0] == 200
    fetches_after_first_load = identity.jwks_fetches
    stranger = new_signing_key()
    for _ in range(20):
        token = identity.mint(service_url=connector.url, key=stranger)
        status, body = await post(http, bot, teams_activity(connector.url), token)
        assert (status, body) == (401, {"error": "unknown signing key"})
    # Keys were loaded moments ago, so a flood of unknown kids causes no refetch at all.
    assert identity.jwks_fetches == fetches_after_first_load == 1


async def test_service_url_claim_must_match_the_activity(http, bot, identity, connector, echo_bot):
    token = identity.mint(service_url="https://smba.trafficmanager.net/emea/")
    status, body = await post(http, bot, teams_activity(connector.url), token)
    assert (status, body) == (401, {"error": "serviceUrl does not match the token"})
    missing = identity.mint(service_url=connector.url, serviceurl=None)
    assert (await post(http, bot, teams_activity(connector.url), missing))[0] == 401
    assert echo_bot.turns == [] and connector.requests == []


async def test_key_not_endorsed_for_the_channel_is_refused(http, bot, identity, connector):
    identity.keys[0].endorsements = ["skype"]
    status, body = await post(
        http, bot, teams_activity(connector.url), identity.mint(service_url=connector.url)
    )
    assert (status, body) == (401, {"error": "signing key not endorsed for this channel"})


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing authorization header"),
        ("Basic dXNlcjpwYXNz", "authorization scheme must be Bearer"),
        ("Bearer", "authorization scheme must be Bearer"),
        ("Bearer not.a.jwt", "malformed token"),
    ],
)
async def test_missing_or_wrong_scheme_is_refused_with_401(
    http, bot, connector, echo_bot, header, reason
):
    status, body = await post(http, bot, teams_activity(connector.url), header=header)
    assert (status, body) == (401, {"error": reason})
    assert echo_bot.turns == []


async def test_other_tenant_is_refused_with_403(http, bot, identity, connector, echo_bot):
    activity = teams_activity(connector.url, tenant="99999999-0000-4000-8000-000000000000")
    status, body = await post(http, bot, activity, identity.mint(service_url=connector.url))
    assert (status, body) == (403, {"error": "tenant not allowed"})
    assert echo_bot.turns == []


async def test_tenant_is_taken_from_channel_data_when_the_conversation_lacks_it(
    http, bot, identity, connector
):
    activity = teams_activity(connector.url, tenant="99999999-0000-4000-8000-000000000000")
    del activity["conversation"]["tenantId"]
    status, _ = await post(http, bot, activity, identity.mint(service_url=connector.url))
    assert status == 403


ENTRA_TENANT = "22222222-3333-4444-8555-666666666666"
CALLER = "33333333-4444-4555-8666-777777777777"


def _entra(identity, **claims):
    """Tokens Entra would issue in the app's tenant: v1 (appid) and v2 (azp)."""
    return [
        identity.mint(iss=f"https://sts.windows.net/{ENTRA_TENANT}/", ver="1.0", **claims),
        identity.mint(iss=f"https://login.microsoftonline.com/{ENTRA_TENANT}/v2.0", ver="2.0",
                      **claims),
    ]


async def test_single_tenant_app_accepts_entra_issued_tokens_only_from_allowed_callers(
    http, start_bot, identity, connector
):
    settings = settings_for(identity, app_type="SingleTenant", app_tenant_id=ENTRA_TENANT,
                            allowed_callers=(CALLER,))
    async with start_bot(settings) as bot:
        v1, v2 = (identity.mint(service_url=connector.url, iss=f"https://sts.windows.net/"
                                f"{ENTRA_TENANT}/", ver="1.0", appid=CALLER),
                  identity.mint(service_url=connector.url, iss=f"https://login.microsoftonline."
                                f"com/{ENTRA_TENANT}/v2.0", ver="2.0", azp=CALLER))
        for token in (v1, v2):
            assert (await post(http, bot, teams_activity(connector.url), token))[0] == 200
        foreign = identity.mint(service_url=connector.url, iss="https://sts.windows.net/other/")
        assert (await post(http, bot, teams_activity(connector.url), foreign))[0] == 401


async def test_an_entra_token_from_an_unknown_caller_is_refused_and_nothing_is_sent(
    http, start_bot, identity, connector, echo_bot
):
    settings = settings_for(identity, app_type="SingleTenant", app_tenant_id=ENTRA_TENANT,
                            allowed_callers=(CALLER,))
    async with start_bot(settings) as bot:
        for token in [*_entra(identity, service_url=connector.url, appid="any-app", azp="any-app"),
                      *_entra(identity, serviceurl=None)]:  # no appid/azp at all
            status, body = await post(http, bot, teams_activity(connector.url), token)
            assert (status, body) == (401, {"error": "caller not allowed"})
    assert echo_bot.turns == [] and connector.requests == []


async def test_without_a_serviceurl_claim_a_host_outside_the_connectors_is_refused(
    http, start_bot, identity, connector, echo_bot
):
    # Another server on this machine, not a Bot Connector host of ours: "localhost"
    # instead of the 127.0.0.1 the settings allow.
    elsewhere = connector.url.replace("127.0.0.1", "localhost")
    settings = settings_for(identity, app_type="SingleTenant", app_tenant_id=ENTRA_TENANT,
                            allowed_callers=(CALLER,))
    async with start_bot(settings) as bot:
        for token in _entra(identity, serviceurl=None, appid=CALLER, azp=CALLER):
            status, body = await post(http, bot, teams_activity(elsewhere), token)
            assert (status, body) == (403, {"error": "serviceUrl is not a Bot Connector address"})
        # A channel token naming that address in its claim is refused the same way.
        token = identity.mint(service_url=elsewhere)
        assert (await post(http, bot, teams_activity(elsewhere), token))[0] == 403
    assert echo_bot.turns == [] and connector.requests == []


async def test_an_allowed_tenant_in_the_conversation_and_another_in_channel_data_is_refused(
    http, bot, identity, connector, echo_bot
):
    activity = teams_activity(connector.url)
    activity["channelData"]["tenant"]["id"] = "99999999-0000-4000-8000-000000000000"
    status, body = await post(http, bot, activity, identity.mint(service_url=connector.url))
    assert (status, body) == (400, {"error": "the activity names two different tenants"})
    assert echo_bot.turns == [] and connector.requests == []


async def test_multi_tenant_app_refuses_entra_issued_tokens(http, bot, identity, connector):
    token = identity.mint(
        service_url=connector.url, iss="https://login.microsoftonline.com/anything/v2.0"
    )
    status, body = await post(http, bot, teams_activity(connector.url), token)
    assert (status, body) == (401, {"error": "issuer not accepted"})


async def test_development_mode_runs_without_a_token_and_sends_without_one(
    http, start_bot, connector, echo_bot
):
    connector.token_check = None
    async with start_bot(Settings()) as bot:
        status, _ = await post(http, bot, teams_activity(connector.url, text="lokalt"))
    assert status == 200
    assert connector.texts("a:1personal-chat") == ["eko: lokalt"]
    assert connector.requests[0].authorization is None


async def test_unreachable_key_endpoint_answers_503_so_the_channel_retries(
    http, start_bot, identity, connector
):
    settings = settings_for(identity, openid_metadata_url=f"{connector.url}/nothing-here")
    async with start_bot(settings) as bot:
        status, body = await post(
            http, bot, teams_activity(connector.url), identity.mint(service_url=connector.url)
        )
    assert (status, body) == (503, {"error": "signing keys unavailable"})
