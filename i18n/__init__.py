"""The text catalog: Swedish first, English second (see `i18n.loader`)."""

from i18n.loader import (
    DEFAULT_LANGUAGE,
    LANGUAGES,
    Lang,
    MissingText,
    add_source,
    areas,
    catalog,
    clear_misses,
    has,
    keys,
    language_of,
    misses,
    placeholders,
    set_strict,
    t,
)

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "Lang",
    "MissingText",
    "add_source",
    "areas",
    "catalog",
    "clear_misses",
    "has",
    "keys",
    "language_of",
    "misses",
    "placeholders",
    "set_strict",
    "t",
]
