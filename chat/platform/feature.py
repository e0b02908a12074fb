"""The platform: what every deployment offers whatever capabilities it installs.

Help, about, my cases, choosing an organisation, the welcome, and the card
actions of guided dialogs. Declared like any capability (`chat.registry.Feature`)
and always installed first (`chat.install`).
"""

from __future__ import annotations

from collections.abc import Callable

from chat import dialog_runner
from chat.platform import basics, organisation
from chat.platform.samples import platform_samples
from chat.registry import PERSONAL, SHARED, Command, Feature, Registry


def platform_feature(registry_of: Callable[[], Registry]) -> Feature:
    return Feature(
        name="platform",
        commands=(
            Command("help", {"sv": ("hjälp", "?"), "en": ("help",)}, "everyone",
                    basics.show_help, "help.commands.help",
                    manifest_scopes=(PERSONAL, *SHARED), without_organisation=True),
            Command("my_cases", {"sv": ("mina ärenden",), "en": ("my cases",)}, "everyone",
                    basics.show_my_cases, "help.commands.my_cases", manifest_scopes=(PERSONAL,)),
            Command("about", {"sv": ("om", "om boten"), "en": ("about",)}, "everyone",
                    basics.show_about, "help.commands.about",
                    manifest_scopes=(PERSONAL, *SHARED), without_organisation=True),
        ),
        actions={
            "command": basics.command_button,
            "org.choose": organisation.organisation_chosen,
            **dialog_runner.ACTIONS,
        },
        # The command button re-checks the command it names, like typing it.
        shared_actions=frozenset({"command"}),
        actions_without_organisation=frozenset({"command", "org.choose"}),
        samples=platform_samples(registry_of),
    )
