"""Build the Teams app package: `python -m manifest.package [--dev] [--app-id ID]`.

Writes build/dsobot-teams-app.zip holding manifest.json (Swedish, the default
language), en.json (English) and the two icons. The bot id is the Azure Bot's
`MicrosoftAppId`, read from the environment or `.env` like the bot's own
settings; `--dev` uses a fixed development id when none is set.
The command lists come from `chat.commands`, the texts from the catalogs.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import re
import sys
import zipfile
from importlib import metadata
from pathlib import Path
from typing import Any

from dotenv import dotenv_values

from chat.install import install
from chat.registry import PERSONAL, SHARED, Registry
from features import FEATURES
from i18n import Lang, t
from manifest.icons import ICON_DIR

log = logging.getLogger("manifest")

MANIFEST_VERSION = "1.22"
SCHEMA_URL = f"https://developer.microsoft.com/json-schemas/teams/v{MANIFEST_VERSION}"
DEV_APP_ID = "00000000-0000-4000-8000-00000000d5b0"
DEFAULT_OUT = Path("build/dsobot-teams-app.zip")
DEFAULT_LANGUAGE_TAG = "sv-se"
# Teams picks the file whose tag matches the client language.
ENGLISH_TAGS = ("en-us", "en-gb")
ENGLISH_FILE = "en.json"
ACCENT = "#1B5E7A"
GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
# Listed in the manifest per scope; personal data belongs in the 1:1 chat only.
COMMAND_LISTS: tuple[tuple[str, ...], ...] = ((PERSONAL,), SHARED)


class MissingAppId(SystemExit):
    pass


def read_setting(name: str, env_file: str | Path = ".env") -> str:
    """A setting from the environment, else from `.env` (as the bot reads them)."""
    if os.environ.get(name):
        return os.environ[name]
    if Path(env_file).is_file():
        return dotenv_values(env_file).get(name) or ""
    return ""


def resolve_app_id(app_id: str | None, *, dev: bool, env_file: str | Path = ".env") -> str:
    app_id = app_id or read_setting("MicrosoftAppId", env_file)
    if not app_id:
        if not dev:
            raise MissingAppId(
                "MicrosoftAppId is not set. Put the Azure Bot's app id in the environment or "
                ".env, pass --app-id, or use --dev for a local development package."
            )
        log.warning("no MicrosoftAppId: using the development id %s", DEV_APP_ID)
        app_id = DEV_APP_ID
    if not GUID.match(app_id):
        raise MissingAppId(f"MicrosoftAppId {app_id!r} is not a GUID")
    return app_id


def _version() -> str:
    try:
        return metadata.version("dsobot")
    except metadata.PackageNotFoundError:
        return "0.0.0"


def _registry() -> Registry:
    return install(FEATURES)


def _command_lists(registry: Registry, lang: Lang) -> list[dict[str, Any]]:
    return [
        {
            "scopes": list(scopes),
            "commands": [
                {"title": c.word(lang), "description": t(lang, c.description_key)}
                for c in registry.for_manifest(scopes[0])
            ],
        }
        for scopes in COMMAND_LISTS
    ]


def _description(registry: Registry, lang: Lang) -> str:
    """What the app does: only what the installed capabilities offer."""
    sentences = [t(lang, "manifest.description_intro"),
                 *(t(lang, key) for key in registry.contributions("manifest_key")),
                 t(lang, "manifest.description_privacy")]
    return " ".join(sentences)


def _developer() -> dict[str, str]:
    # The publisher (the organisation deploying the bot) and its pages.
    website = read_setting("DSOBOT_WEBSITE_URL") or "https://www.example.org/dataskydd"
    return {
        "name": read_setting("DSOBOT_PUBLISHER") or "Dataskyddsombudet",
        "websiteUrl": website,
        "privacyUrl": read_setting("DSOBOT_PRIVACY_URL") or website,
        "termsOfUseUrl": read_setting("DSOBOT_TERMS_URL") or website,
    }


def build_manifest(app_id: str, registry: Registry | None = None) -> dict[str, Any]:
    """manifest.json, in Swedish."""
    registry = registry or _registry()
    return {
        "$schema": f"{SCHEMA_URL}/MicrosoftTeams.schema.json",
        "manifestVersion": MANIFEST_VERSION,
        "version": _version(),
        "id": app_id,
        "developer": _developer(),
        "name": {"short": t("sv", "manifest.name_short"), "full": t("sv", "manifest.name_full")},
        "description": {
            "short": t("sv", "manifest.description_short"),
            "full": _description(registry, "sv"),
        },
        "icons": {"color": "color.png", "outline": "outline.png"},
        "accentColor": ACCENT,
        "localizationInfo": {
            "defaultLanguageTag": DEFAULT_LANGUAGE_TAG,
            "additionalLanguages": [
                {"languageTag": tag, "file": ENGLISH_FILE} for tag in ENGLISH_TAGS
            ],
        },
        "bots": [
            {
                "botId": app_id,
                "scopes": [PERSONAL, *SHARED],
                "supportsFiles": True,  # reports and exports come through file consent
                "isNotificationOnly": False,
                "commandLists": _command_lists(registry, "sv"),
            }
        ],
        "validDomains": [],
    }


def build_localization(lang: Lang, registry: Registry | None = None) -> dict[str, Any]:
    """A localisation file: the manifest's strings, addressed by their JSON path."""
    registry = registry or _registry()
    texts: dict[str, Any] = {
        "$schema": f"{SCHEMA_URL}/MicrosoftTeams.Localization.schema.json",
        "name.short": t(lang, "manifest.name_short"),
        "name.full": t(lang, "manifest.name_full"),
        "description.short": t(lang, "manifest.description_short"),
        "description.full": _description(registry, lang),
    }
    for i, command_list in enumerate(_command_lists(registry, lang)):
        for j, command in enumerate(command_list["commands"]):
            prefix = f"bots[0].commandLists[{i}].commands[{j}]"
            texts[f"{prefix}.title"] = command["title"]
            texts[f"{prefix}.description"] = command["description"]
    return texts


def build_package(app_id: str, out: Path = DEFAULT_OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    registry = _registry()
    files = {
        "manifest.json": json.dumps(build_manifest(app_id, registry), ensure_ascii=False,
                                    indent=2),
        ENGLISH_FILE: json.dumps(build_localization("en", registry), ensure_ascii=False,
                                 indent=2),
    }
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, content in files.items():
            zf.writestr(name, content)
        for icon in ("color.png", "outline.png"):
            zf.write(ICON_DIR / icon, icon)  # Teams wants every file at the zip's root
    return out


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(message)s")
    parser = argparse.ArgumentParser(
        prog="python -m manifest.package", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--app-id", help="the bot's Microsoft app id (default: MicrosoftAppId)")
    parser.add_argument("--dev", action="store_true", help="allow a fixed development id")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    try:
        app_id = resolve_app_id(args.app_id, dev=args.dev)
    except MissingAppId as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(build_package(app_id, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
