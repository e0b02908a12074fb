"""Settings, read from the environment and an optional `.env` file.

Bot Framework settings keep their usual names (`MicrosoftAppId`, ...), so an
Azure Bot registration's values can be pasted in unchanged. The metadata and
login URLs are settings too, so tests can point them at local fake servers.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dotenv import dotenv_values

from bot.channel.service_urls import ServiceUrlPolicy
from chat.ctx import ChatSettings

BOTFRAMEWORK_OPENID_METADATA = "https://login.botframework.com/v1/.well-known/openidconfiguration"
BOTFRAMEWORK_ISSUER = "https://api.botframework.com"
LOGIN_AUTHORITY_HOST = "https://login.microsoftonline.com"
# Multi-tenant bots get their app token from the botframework.com tenant.
BOTFRAMEWORK_TOKEN_TENANT = "botframework.com"
BOTFRAMEWORK_SCOPE = "https://api.botframework.com/.default"


def _split(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _flag(value: str | None, default: bool) -> bool:
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    app_id: str = ""
    app_password: str = ""
    app_tenant_id: str = ""
    app_type: str = "MultiTenant"  # MultiTenant | SingleTenant
    host: str = "127.0.0.1"
    port: int = 3978
    data_dir: Path = Path("data")
    database_url: str = ""
    allowed_tenants: tuple[str, ...] = ()
    # Callers whose Entra-issued tokens are accepted (their `appid`/`azp`); channel
    # tokens from the Bot Framework need no listing.
    allowed_callers: tuple[str, ...] = ()
    # Bot Connector hosts beyond Teams' own clouds (bot.channel.service_urls).
    service_url_hosts: tuple[str, ...] = ()
    openid_metadata_url: str = BOTFRAMEWORK_OPENID_METADATA
    login_authority_host: str = LOGIN_AUTHORITY_HOST
    bot_issuer: str = BOTFRAMEWORK_ISSUER
    token_scope: str = BOTFRAMEWORK_SCOPE
    org_config: Path | None = None
    default_language: str = "sv"
    log_level: str = "INFO"
    # How long ids of handled activities are kept for the duplicate check.
    dedupe_retention_days: int = 7
    # How long a delivery's claim holds before Teams' redelivery may run it again
    # (its process presumed dead).
    delivery_lease_seconds: float = 20.0
    # Messages the bot starts: at most this many requests a second per tenant (Teams
    # allows 50 per app and tenant), and whether `dsobot serve` delivers them itself
    # (otherwise a separate `dsobot worker` does).
    tenant_rate: int = 40
    # How long the outbox keeps a message it has finished with (its content is
    # personal data); the DSO's list of undeliverable messages covers 30 days.
    outbox_retention_days: int = 30
    # How long a dispatcher holds the messages it took before another may send them
    # (it is presumed dead): the longest a crash delays a message.
    outbox_lease_seconds: float = 120.0
    serve_dispatches: bool = True
    # How often the reminder policies are evaluated (0: never, in this process), and
    # whether reminders that wait for office hours are delivered at any time instead
    # (for trying the bot out, never in production).
    reminder_every_seconds: float = 300.0
    reminders_any_time: bool = False
    # Installing the app for a person who does not have it, through Microsoft Graph
    # (application permission TeamsAppInstallation.ReadWriteSelfForUser.All).
    # Where to open a 1:1 chat in a tenant where nobody has used the bot yet (Teams'
    # global Bot Connector); a tenant's own address is learnt from its first activity.
    default_service_url: str = "https://smba.trafficmanager.net/teams/"
    # Where people's browsers reach this bot, for download links (`https://…` in
    # production, behind the reverse proxy); default: the address it listens on.
    public_url: str = ""
    # Signs download links and file consent cards; the same on every instance.
    file_secret: str = ""
    graph_install: bool = False
    graph_url: str = "https://graph.microsoft.com"
    teams_app_id: str = ""  # the manifest's "id", as in the organisation's app catalog

    @property
    def files_url(self) -> str:
        return self.public_url or f"http://{self.host}:{self.port}"

    @property
    def dev_mode(self) -> bool:
        """No app id: local development without authentication, loopback only."""
        return not self.app_id

    @property
    def service_urls(self) -> ServiceUrlPolicy:
        """Where replies and the app token may go; loopback in development mode."""
        return ServiceUrlPolicy(self.service_url_hosts, loopback=self.dev_mode)

    @property
    def chat(self) -> ChatSettings:
        """What the conversation kernel and the capabilities are told."""
        return ChatSettings(default_language=self.default_language, data_dir=self.data_dir)

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite+aiosqlite:///{(self.data_dir / 'dsobot.db').resolve()}"

    @property
    def token_tenant(self) -> str:
        if self.app_type.lower() == "singletenant" and self.app_tenant_id:
            return self.app_tenant_id
        return BOTFRAMEWORK_TOKEN_TENANT

    @classmethod
    def load(
        cls, env: dict[str, str] | None = None, env_file: str | Path | None = ".env"
    ) -> Settings:
        """Environment wins over `.env`; `.env` wins over defaults."""
        values: dict[str, str] = {}
        if env_file and Path(env_file).is_file():
            values.update({k: v for k, v in dotenv_values(env_file).items() if v is not None})
        values.update(os.environ if env is None else env)
        get = values.get
        org_config = get("DSOBOT_ORG_CONFIG")
        return cls(
            app_id=get("MicrosoftAppId", ""),
            app_password=get("MicrosoftAppPassword", ""),
            app_tenant_id=get("MicrosoftAppTenantId", ""),
            app_type=get("MicrosoftAppType", "MultiTenant") or "MultiTenant",
            host=get("DSOBOT_HOST", "127.0.0.1"),
            port=int(get("DSOBOT_PORT", "3978")),
            data_dir=Path(get("DSOBOT_DATA_DIR", "data")),
            database_url=get("DATABASE_URL", ""),
            allowed_tenants=_split(get("DSOBOT_ALLOWED_TENANTS")),
            allowed_callers=_split(get("DSOBOT_ALLOWED_CALLERS")),
            service_url_hosts=_split(get("DSOBOT_SERVICE_URL_HOSTS")),
            openid_metadata_url=get("BotOpenIdMetadata", BOTFRAMEWORK_OPENID_METADATA),
            login_authority_host=get("DSOBOT_LOGIN_AUTHORITY_HOST", LOGIN_AUTHORITY_HOST),
            bot_issuer=get("DSOBOT_CHANNEL_ISSUER", BOTFRAMEWORK_ISSUER),
            token_scope=get("DSOBOT_TOKEN_SCOPE", BOTFRAMEWORK_SCOPE),
            org_config=Path(org_config) if org_config else None,
            default_language=get("DSOBOT_DEFAULT_LANGUAGE", "sv"),
            log_level=get("DSOBOT_LOG_LEVEL", "INFO"),
            dedupe_retention_days=int(get("DSOBOT_DEDUPE_RETENTION_DAYS", "7")),
            delivery_lease_seconds=float(get("DSOBOT_DELIVERY_LEASE_SECONDS", "20")),
            tenant_rate=int(get("DSOBOT_TENANT_RATE", "40")),
            outbox_retention_days=int(get("DSOBOT_OUTBOX_RETENTION_DAYS", "30")),
            outbox_lease_seconds=float(get("DSOBOT_OUTBOX_LEASE_SECONDS", "120")),
            serve_dispatches=_flag(get("DSOBOT_SERVE_DISPATCHES"), True),
            reminder_every_seconds=float(get("DSOBOT_REMINDER_EVERY_SECONDS", "300")),
            reminders_any_time=_flag(get("DSOBOT_REMINDERS_ANY_TIME"), False),
            default_service_url=get("DSOBOT_DEFAULT_SERVICE_URL",
                                    "https://smba.trafficmanager.net/teams/"),
            public_url=get("DSOBOT_PUBLIC_URL", ""),
            file_secret=get("DSOBOT_FILE_SECRET", ""),
            graph_install=_flag(get("DSOBOT_GRAPH_INSTALL"), False),
            graph_url=get("DSOBOT_GRAPH_URL", "https://graph.microsoft.com"),
            teams_app_id=get("DSOBOT_TEAMS_APP_ID", ""),
        )
