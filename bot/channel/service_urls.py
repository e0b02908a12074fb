"""Where the bot may send its replies and its app token: the Bot Connector hosts.

An activity's `serviceUrl` says where to answer. The bot sends its app token
there and keeps the address for later alerts, so an address outside the Bot
Connector would leak the token and every later message. Only these hosts are
accepted, over https: Teams' public and sovereign clouds, plus hosts the
operator configures (`DSOBOT_SERVICE_URL_HOSTS`). Loopback addresses, over
plain http too, only in development mode or when configured (local fakes).
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

# Teams' Bot Connector: public cloud, GCC, GCC High, DoD.
TEAMS_CONNECTOR_HOSTS = (
    "smba.trafficmanager.net",
    "smba.infra.gcc.teams.microsoft.com",
    "smba.infra.gov.teams.microsoft.us",
    "smba.infra.dod.teams.microsoft.us",
)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class ServiceUrlPolicy:
    def __init__(self, extra_hosts: tuple[str, ...] = (), *, loopback: bool = False) -> None:
        self._hosts = frozenset(h.strip().lower() for h in (*TEAMS_CONNECTOR_HOSTS, *extra_hosts)
                                if h.strip())
        self._loopback = loopback

    def allows(self, url: object) -> bool:
        if not isinstance(url, str):
            return False
        try:
            parts = urlsplit(url)
            host = (parts.hostname or "").lower()
            parts.port  # noqa: B018  (a malformed port raises here)
        except ValueError:
            return False
        if parts.username or parts.password or not host:
            return False
        if _is_loopback(host):
            return parts.scheme in ("http", "https") and (self._loopback or host in self._hosts)
        return parts.scheme == "https" and host in self._hosts
