"""Inbound authentication of /api/messages: the channel's JWT and the tenant allow-list.

What is checked, in order: the Bearer scheme; an RS256 token whose issuer we
accept; its signing key (by `kid`) from the issuer's OpenID metadata; that the
key is endorsed for the activity's channel when it lists endorsements; the
signature, audience (our app id), expiry and not-before with five minutes'
leeway; that the `serviceurl` claim names the activity's `serviceUrl` (so a
token for one service cannot make us send replies elsewhere); that the
`serviceUrl` is a Bot Connector address at all (`bot.channel.service_urls`,
also in development mode); and finally that the activity's tenant is on the
allow-list.

Issuers: the Bot Framework channel (`settings.bot_issuer`, keys from
`settings.openid_metadata_url`), whose tokens always carry `serviceurl`. A
SingleTenant app may also receive tokens issued by Entra ID for its own
tenant (v1 `https://sts.windows.net/{tenant}/` and v2
`https://login.microsoftonline.com/{tenant}/v2.0`), as the Microsoft 365
Agents SDK accepts; their keys come from that tenant's OpenID metadata. Any
application in the tenant can get such a token for our app id, so it is
accepted only from the callers listed in `DSOBOT_ALLOWED_CALLERS` (its `appid`
or `azp` claim); none listed, none accepted.
"""

from __future__ import annotations

import logging
from typing import Any

import aiohttp
import jwt

from bot.channel.inbound import tenant_of
from bot.channel.signing_keys import KeyFetchError, OpenIdKeySet
from bot.settings import Settings

log = logging.getLogger(__name__)

CLOCK_LEEWAY_SECONDS = 5 * 60
ALGORITHM = "RS256"


class AuthError(Exception):
    """A request that must be refused; `status` is the HTTP status to answer with."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class ChannelAuthenticator:
    def __init__(self, settings: Settings, session: aiohttp.ClientSession) -> None:
        self._settings = settings
        self._allowed_tenants = frozenset(settings.allowed_tenants)
        self._allowed_callers = frozenset(settings.allowed_callers)
        self._service_urls = settings.service_urls
        # issuer -> key set that signs its tokens
        self._key_sets: dict[str, OpenIdKeySet] = {}
        channel_keys = OpenIdKeySet(session, settings.openid_metadata_url)
        self._key_sets[settings.bot_issuer] = channel_keys
        if settings.app_type.lower() == "singletenant" and settings.app_tenant_id:
            tenant = settings.app_tenant_id
            entra_metadata = (
                f"{settings.login_authority_host}/{tenant}/v2.0/.well-known/openid-configuration"
            )
            entra_keys = OpenIdKeySet(session, entra_metadata)
            self._key_sets[f"https://sts.windows.net/{tenant}/"] = entra_keys
            self._key_sets[f"https://login.microsoftonline.com/{tenant}/v2.0"] = entra_keys

    async def authenticate(self, auth_header: str | None, activity: dict) -> dict[str, Any]:
        """The verified token claims (empty in development mode), or AuthError."""
        claims: dict[str, Any] = {}
        if not self._settings.dev_mode:
            claims = await self._verify_token(auth_header, activity)
        if not self._service_urls.allows(activity.get("serviceUrl")):
            raise AuthError(403, "serviceUrl is not a Bot Connector address")
        self._check_tenant(activity)
        return claims

    async def _verify_token(self, auth_header: str | None, activity: dict) -> dict[str, Any]:
        token = _bearer_token(auth_header)
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except (jwt.InvalidTokenError, ValueError, TypeError, RecursionError) as exc:
            # Also what no JWT library expects: non-ASCII text, JSON nested a thousand deep.
            raise AuthError(401, "malformed token") from exc
        if not isinstance(header, dict) or not isinstance(unverified, dict):
            raise AuthError(401, "malformed token")
        if header.get("alg") != ALGORITHM:
            raise AuthError(401, "unexpected signing algorithm")
        issuer = unverified.get("iss")
        key_set = self._key_sets.get(issuer) if isinstance(issuer, str) else None
        if key_set is None:
            raise AuthError(401, "issuer not accepted")
        kid = header.get("kid")
        if not isinstance(kid, str):
            raise AuthError(401, "token names no signing key")
        try:
            key = await key_set.get(kid)
        except KeyFetchError as exc:
            # Not the caller's fault: a 503 lets the channel retry later.
            raise AuthError(503, "signing keys unavailable") from exc
        if key is None:
            raise AuthError(401, "unknown signing key")
        channel_id = activity.get("channelId")
        if key.endorsements and channel_id not in key.endorsements:
            raise AuthError(401, "signing key not endorsed for this channel")
        try:
            claims = jwt.decode(
                token,
                key.public_key,
                algorithms=[ALGORITHM],
                audience=self._settings.app_id,
                issuer=issuer,
                leeway=CLOCK_LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise AuthError(401, "token expired") from exc
        except jwt.ImmatureSignatureError as exc:
            raise AuthError(401, "token not yet valid") from exc
        except jwt.InvalidAudienceError as exc:
            raise AuthError(401, "token is for another audience") from exc
        except jwt.InvalidSignatureError as exc:
            raise AuthError(401, "bad signature") from exc
        except (jwt.InvalidTokenError, ValueError, TypeError, RecursionError) as exc:
            raise AuthError(401, "invalid token") from exc
        if issuer != self._settings.bot_issuer:
            self._check_caller(claims)
        self._check_service_url(claims, issuer, activity)
        return claims

    def _check_caller(self, claims: dict) -> None:
        """An Entra-issued token: only from the applications allowed to call the bot."""
        # v1 tokens name the calling application in `appid`, v2 tokens in `azp`.
        caller = claims.get("azp") if claims.get("ver") == "2.0" else claims.get("appid")
        if not isinstance(caller, str) or caller not in self._allowed_callers:
            raise AuthError(401, "caller not allowed")

    def _check_service_url(self, claims: dict, issuer: str, activity: dict) -> None:
        claimed = claims.get("serviceurl")
        # Entra-issued tokens may omit the claim (the address must then still be a
        # Bot Connector host, checked for every activity); channel tokens carry it.
        if claimed is None and issuer != self._settings.bot_issuer:
            return
        if not isinstance(claimed, str) or _url_key(claimed) != _url_key(
            activity.get("serviceUrl")
        ):
            raise AuthError(401, "serviceUrl does not match the token")

    def _check_tenant(self, activity: dict) -> None:
        if not self._allowed_tenants:
            return
        if tenant_of(activity) not in self._allowed_tenants:
            raise AuthError(403, "tenant not allowed")


def _bearer_token(auth_header: str | None) -> str:
    if not auth_header:
        raise AuthError(401, "missing authorization header")
    if not auth_header.isascii():
        raise AuthError(401, "authorization header must be ASCII")
    scheme, _, token = auth_header.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise AuthError(401, "authorization scheme must be Bearer")
    return token.strip()


def _url_key(url: object) -> str:
    return url.rstrip("/") if isinstance(url, str) else ""
