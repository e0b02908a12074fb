"""Installing the app for a person through Microsoft Graph, so the bot can reach them.

Teams lets a bot open a 1:1 chat only with someone who has the app installed.
When an organisation has not rolled the app out to everyone (an admin setup
policy), a reminder to a new object owner would fail. With the application
permission `TeamsAppInstallation.ReadWriteSelfForUser.All` (and
`AppCatalog.Read.All` to find the app), the bot installs itself for that person:

- the app's catalog id is looked up once per tenant by the manifest's id
  (`GET /v1.0/appCatalogs/teamsApps?$filter=externalId eq '...'`);
- `POST /v1.0/users/{id}/teamwork/installedApps` installs it; 409 means it is
  installed already, which is just as good.

Plain aiohttp with an app token from msal (client credentials in the person's
tenant); no Graph SDK.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from urllib.parse import quote

import aiohttp

from bot.channel.tokens import AppTokenProvider

log = logging.getLogger(__name__)

GRAPH_SCOPE = "https://graph.microsoft.com/.default"
TIMEOUT = aiohttp.ClientTimeout(total=30, connect=10)


class GraphInstaller:
    def __init__(self, session: aiohttp.ClientSession, base_url: str, manifest_id: str,
                 tokens_for: Callable[[str], AppTokenProvider]) -> None:
        self._session = session
        self._base = base_url.rstrip("/")
        self._manifest_id = manifest_id
        self._tokens_for = tokens_for  # tenant id -> its Graph token provider
        self._providers: dict[str, AppTokenProvider] = {}
        self._catalog_ids: dict[str, str] = {}

    async def install_for(self, tenant_id: str, user_aad_id: str) -> bool:
        """Install the app for the person; False when Graph refused or the app is not
        in the tenant's catalog (reasons are logged by status, never with content)."""
        catalog_id = await self._catalog_id(tenant_id)
        if catalog_id is None:
            return False
        body = {"teamsApp@odata.bind": f"{self._base}/v1.0/appCatalogs/teamsApps/{catalog_id}"}
        url = f"{self._base}/v1.0/users/{quote(user_aad_id, safe='')}/teamwork/installedApps"
        async with self._session.post(url, json=body, headers=await self._headers(tenant_id),
                                      timeout=TIMEOUT) as response:
            if response.status in (200, 201, 204, 409):
                return True
            log.warning("Graph refused to install the app for a person: %s", response.status)
            return False

    async def _catalog_id(self, tenant_id: str) -> str | None:
        if tenant_id in self._catalog_ids:
            return self._catalog_ids[tenant_id]
        url = f"{self._base}/v1.0/appCatalogs/teamsApps"
        params = {"$filter": f"externalId eq '{self._manifest_id}'"}
        async with self._session.get(url, params=params, headers=await self._headers(tenant_id),
                                     timeout=TIMEOUT) as response:
            if response.status != 200:
                log.warning("Graph app catalog lookup failed: %s", response.status)
                return None
            apps = (await response.json()).get("value") or []
        if not apps:
            log.warning("the app is not in the tenant's app catalog (manifest id %s)",
                        self._manifest_id)
            return None
        self._catalog_ids[tenant_id] = apps[0]["id"]
        return apps[0]["id"]

    async def _headers(self, tenant_id: str) -> dict[str, str]:
        provider = self._providers.get(tenant_id)
        if provider is None:
            provider = self._providers[tenant_id] = self._tokens_for(tenant_id)
        token = await provider.token()
        return {"Authorization": f"Bearer {token}"} if token else {}
