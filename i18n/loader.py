"""Text catalogs: every word the bot says, in Swedish and English.

The platform's texts are TOML files `i18n/texts/<lang>/<area>.toml`; a key is
`<area>.<key in file>`, and nested tables become dotted keys, so
`[roles]\ndso = "..."` in `common.toml` is `common.roles.dso`.
Each capability brings its own texts, `features/<name>/texts/<lang>.toml`
or, when they grow, several files `features/<name>/texts/<lang>/*.toml`;
their top-level tables are its areas (one or more per capability), added
with `add_source()` when the capability is installed. An area
belongs to one source only: two sources defining it is an error.
Parameters use `{name}` placeholders; `{{` and `}}` are literal braces.

Missing keys: a user turn must never crash because a text is missing, so
`t()` falls back to Swedish, then to the key itself, logs a warning and records
the miss in `misses()`. Tests switch on strict mode (`set_strict(True)` or the
environment variable `DSOBOT_I18N_STRICT=1`), where a missing key or parameter
raises `MissingText` instead.
"""

from __future__ import annotations

import logging
import os
import string
import tomllib
from functools import cache
from pathlib import Path
from typing import Any, Literal

Lang = Literal["sv", "en"]
LANGUAGES: tuple[Lang, ...] = ("sv", "en")
DEFAULT_LANGUAGE: Lang = "sv"
PLATFORM_TEXTS = Path(__file__).with_name("texts")

log = logging.getLogger(__name__)
_strict = os.environ.get("DSOBOT_I18N_STRICT", "") in {"1", "true", "yes"}
_misses: list[tuple[str, str]] = []
# Capability text folders, each holding `sv.toml` and `en.toml`.
_sources: list[Path] = []


class MissingText(KeyError):
    """A catalog key or a placeholder value is missing (strict mode only)."""


def language_of(locale: str | None) -> Lang:
    """Map a Teams locale (`sv-SE`, `en-GB`, ...) to a catalog language.

    English for `en` and `en-*`; Swedish for everything else, including none,
    because Swedish is the working language of the organisations we serve.
    """
    if locale and locale.strip().lower().replace("_", "-").split("-")[0] == "en":
        return "en"
    return DEFAULT_LANGUAGE


def add_source(folder: Path) -> None:
    """Add a capability's texts (`<folder>/<lang>.toml` and `<folder>/<lang>/*.toml`);
    idempotent."""
    folder = folder.resolve()
    if folder not in _sources:
        _sources.append(folder)
        catalog.cache_clear()


def _flatten(prefix: str, table: dict[str, Any], into: dict[str, str]) -> None:
    for key, value in table.items():
        full = f"{prefix}.{key}"
        if isinstance(value, dict):
            _flatten(full, value, into)
        elif isinstance(value, str):
            into[full] = value
        else:
            raise ValueError(f"catalog value {full!r} must be a string, got {type(value).__name__}")


def _areas(lang: str) -> dict[str, tuple[Path, dict[str, Any]]]:
    """Every area of one language with the file it comes from."""
    areas: dict[str, tuple[Path, dict[str, Any]]] = {}

    def add(area: str, path: Path, table: dict[str, Any], owner: Path | None = None) -> None:
        if area in areas:
            first, known = areas[area]
            # A capability may split its area over files (sv.toml, sv/explainer.toml);
            # another capability or the platform may not use it.
            if owner is None or owner not in first.parents:
                raise ValueError(f"text area {area!r} is defined in {first} and {path}")
            areas[area] = (first, _merged(known, table, f"{area} ({first}, {path})"))
            return
        areas[area] = (path, table)

    for path in sorted((PLATFORM_TEXTS / lang).glob("*.toml")):
        with path.open("rb") as f:
            add(path.stem, path, tomllib.load(f))
    for folder in _sources:
        files = [folder / f"{lang}.toml", *sorted((folder / lang).glob("*.toml"))]
        for path in (p for p in files if p.is_file()):
            with path.open("rb") as f:
                for area, table in tomllib.load(f).items():
                    if not isinstance(table, dict):
                        raise ValueError(f"{path}: top-level {area!r} must be a table (an area)")
                    add(area, path, table, owner=folder)
    return areas


def _merged(first: dict[str, Any], second: dict[str, Any], where: str) -> dict[str, Any]:
    """Two files' tables of one area as one; a key in both is a mistake."""
    merged = dict(first)
    for key, value in second.items():
        if key not in merged:
            merged[key] = value
        elif isinstance(merged[key], dict) and isinstance(value, dict):
            merged[key] = _merged(merged[key], value, f"{where}.{key}")
        else:
            raise ValueError(f"text {key!r} of area {where} is defined twice")
    return merged


@cache
def catalog(lang: str) -> dict[str, str]:
    """All texts of one language, loaded once from the platform and every capability."""
    texts: dict[str, str] = {}
    for area, (_, table) in _areas(lang).items():
        _flatten(area, table, texts)
    return texts


def areas(lang: str) -> set[str]:
    return set(_areas(lang))


def keys(lang: str) -> set[str]:
    return set(catalog(lang))


def placeholders(template: str) -> set[str]:
    """The `{name}` placeholders a template uses (for the parity test)."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def set_strict(flag: bool) -> None:
    global _strict
    _strict = flag


def misses() -> list[tuple[str, str]]:
    """(lang, key) pairs that fell back since start or the last `clear_misses()`."""
    return list(_misses)


def clear_misses() -> None:
    _misses.clear()


def _miss(lang: str, what: str) -> None:
    _misses.append((lang, what))
    if _strict:
        raise MissingText(f"{lang}: {what}")
    log.warning("missing text %s in %s", what, lang)


class _KeepUnknown(dict[str, Any]):
    """Leaves `{name}` in place when a parameter is not given, rather than crash."""

    def __init__(self, lang: str, key: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self.where = (lang, key)

    def __missing__(self, name: str) -> str:
        _miss(self.where[0], f"{self.where[1]}{{{name}}}")
        return "{" + name + "}"


def t(lang: str, key: str, **params: Any) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled in."""
    lang = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    template = catalog(lang).get(key)
    if template is None:
        _miss(lang, key)
        template = catalog(DEFAULT_LANGUAGE).get(key, key)
    try:
        return template.format_map(_KeepUnknown(lang, key, params))
    except (ValueError, IndexError, AttributeError):
        # A malformed template (e.g. a stray brace) is our bug, not the user's.
        _miss(lang, f"{key} (malformed)")
        return template


def has(lang: str, key: str) -> bool:
    return key in catalog(lang)
