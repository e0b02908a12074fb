"""Bot settings that point every Microsoft endpoint at the local fakes."""

from __future__ import annotations

import dataclasses

from bot.settings import Settings
from tests.support.fakes.activities import TENANT
from tests.support.fakes.identity import FakeIdentity


def settings_for(identity: FakeIdentity, **overrides) -> Settings:
    """Authentication on (the fake's app id), keys and tokens from the fake, TENANT allowed,
    replies to the fake Bot Connector on loopback."""
    settings = Settings(
        app_id=identity.app_id,
        app_password=identity.apps[identity.app_id],
        openid_metadata_url=identity.metadata_url,
        login_authority_host=identity.login_host,
        allowed_tenants=(TENANT,),
        service_url_hosts=("127.0.0.1",),  # the fake Bot Connector
    )
    return dataclasses.replace(settings, **overrides)
