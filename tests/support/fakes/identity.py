"""A stand-in for the Bot Framework's OpenID/JWKS endpoints and Entra ID's token endpoint.

Channel tokens are signed with RSA keys generated here, published with the
"msteams" endorsement the way login.botframework.com publishes them. The token
endpoint implements the client-credentials grant for registered apps. Counters
show how often clients fetch keys and tokens.
"""

from __future__ import annotations

import json
import secrets
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import jwt
from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.support.fakes.loopback import LoopbackServer

CHANNEL_ISSUER = "https://api.botframework.com"


@dataclass
class _SigningKey:
    kid: str
    private_key: rsa.RSAPrivateKey
    endorsements: list[str] = field(default_factory=lambda: ["msteams"])

    def jwk(self, *, with_endorsements: bool = True) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        public.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        if with_endorsements:
            public["endorsements"] = list(self.endorsements)
        return public


def new_signing_key(endorsements: list[str] | None = None) -> _SigningKey:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    kid = secrets.token_urlsafe(12)
    return _SigningKey(kid, key, ["msteams"] if endorsements is None else endorsements)


class FakeIdentity(LoopbackServer):
    def __init__(
        self,
        *,
        app_id: str = "00000000-0000-4000-8000-00000000b07",
        app_password: str = "test-secret",
        token_lifetime: int = 3600,
    ) -> None:
        super().__init__()
        self.app_id = app_id
        self.apps = {app_id: app_password}
        self.token_lifetime = token_lifetime
        self.keys: list[_SigningKey] = [new_signing_key()]
        self.jwks_fetches = 0
        self.metadata_fetches = 0
        self.token_requests = 0
        self.issued_tokens: set[str] = set()
        self.hits: Counter[str] = Counter()  # requests per path, known or not

    # -- settings a bot under test needs --------------------------------------------------

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/v1/.well-known/openidconfiguration"

    @property
    def login_host(self) -> str:
        return self.url

    # -- channel tokens --------------------------------------------------------------------

    def mint(
        self,
        *,
        service_url: str = "",
        key: _SigningKey | None = None,
        kid: str | None = None,
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        """A channel token; keyword claims override the defaults, None removes one."""
        now = int(time.time())
        payload: dict[str, Any] = {
            "iss": CHANNEL_ISSUER,
            "aud": self.app_id,
            "iat": now,
            "nbf": now - 5,
            "exp": now + 3600,
            "serviceurl": service_url,
        }
        for name, value in claims.items():
            if value is None:
                payload.pop(name, None)
            else:
                payload[name] = value
        signer = key or self.keys[0]
        header = {"kid": kid or signer.kid, **(headers or {})}
        return jwt.encode(payload, signer.private_key, algorithm="RS256", headers=header)

    def rotate_keys(self) -> _SigningKey:
        """Publish a new key in place of the old ones (as the channel does from time to time)."""
        self.keys = [new_signing_key()]
        return self.keys[0]

    def is_valid_access_token(self, token: str) -> bool:
        return token in self.issued_tokens

    # -- HTTP ------------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._count])
        app.router.add_get("/v1/.well-known/openidconfiguration", self._channel_metadata)
        app.router.add_get("/v1/.well-known/keys", self._channel_keys)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._tenant_metadata)
        app.router.add_get("/{tenant}/discovery/v2.0/keys", self._tenant_keys)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        return app

    @web.middleware
    async def _count(self, request: web.Request, handler) -> web.StreamResponse:
        self.hits[request.path] += 1
        return await handler(request)

    async def _channel_metadata(self, request: web.Request) -> web.Response:
        self.metadata_fetches += 1
        return web.json_response(
            {
                "issuer": CHANNEL_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": f"{self.url}/v1/.well-known/keys",
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _channel_keys(self, request: web.Request) -> web.Response:
        self.jwks_fetches += 1
        return web.json_response({"keys": [k.jwk() for k in self.keys]})

    async def _tenant_metadata(self, request: web.Request) -> web.Response:
        tenant = request.match_info["tenant"]
        # msal insists on https endpoints in this document (it parses the token
        # endpoint with its https-only authority parser). The bot reaches this
        # plain-http server through its loopback mapping, so advertise https here.
        secure = self.url.replace("http://", "https://", 1)
        return web.json_response(
            {
                "issuer": f"https://login.microsoftonline.com/{tenant}/v2.0",
                "authorization_endpoint": f"{secure}/{tenant}/oauth2/v2.0/authorize",
                "token_endpoint": f"{secure}/{tenant}/oauth2/v2.0/token",
                "jwks_uri": f"{self.url}/{tenant}/discovery/v2.0/keys",
                "response_types_supported": ["code", "id_token", "token"],
                "id_token_signing_alg_values_supported": ["RS256"],
            }
        )

    async def _tenant_keys(self, request: web.Request) -> web.Response:
        self.jwks_fetches += 1
        return web.json_response({"keys": [k.jwk(with_endorsements=False) for k in self.keys]})

    async def _token(self, request: web.Request) -> web.Response:
        self.token_requests += 1
        form = await request.post()
        if form.get("grant_type") != "client_credentials":
            return _oauth_error(400, "unsupported_grant_type")
        client_id = form.get("client_id")
        if client_id not in self.apps or self.apps[client_id] != form.get("client_secret"):
            return _oauth_error(401, "invalid_client")
        if not str(form.get("scope", "")).endswith("/.default"):
            return _oauth_error(400, "invalid_scope")
        token = f"app-{uuid.uuid4().hex}"
        self.issued_tokens.add(token)
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": self.token_lifetime,
                "ext_expires_in": self.token_lifetime,
                "access_token": token,
            }
        )


def _oauth_error(status: int, error: str) -> web.Response:
    return web.json_response(
        {"error": error, "error_description": f"{error} (fake identity platform)"}, status=status
    )
