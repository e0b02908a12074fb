"""Installing capabilities: the platform first, then the given list, as one registry."""

from __future__ import annotations

from collections.abc import Sequence

from chat.platform.feature import platform_feature
from chat.registry import Feature, Registry


def install(features: Sequence[Feature]) -> Registry:
    registry: Registry | None = None

    def registry_of() -> Registry:
        assert registry is not None, "the registry is read only once it is built"
        return registry

    registry = Registry((platform_feature(registry_of), *features))
    return registry
