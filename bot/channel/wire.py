"""Turning botbuilder models into Bot Connector JSON and back, fast.

`Model.serialize()` (msrest) walks each model through a generic, validating
serializer and was the largest cost of an outbound message. botbuilder's schema
uses only plain keys (nothing flattened), so a direct walk over each class's
attribute map gives the same JSON (a test compares the two on varied activities)
with one deliberate difference: properties the models do not declare, which
msrest keeps in `additional_properties` on the way in but drops on the way out,
are sent on. Teams' `conversation.tenantId` is one (botbuilder's model spells it
`tenantID`), and so are the fields of entities such as mentions and clientInfo.

`from_wire` is the inbound direction, equal to `Model.deserialize()` for
botbuilder's schema (no polymorphic, read-only or constant fields): declared
keys become attributes, converted by their declared type, and the rest go to
`additional_properties`. Values of the wrong shape raise ValueError (msrest
would turn an object given for a text field into the text of a Python dict).
"""

from __future__ import annotations

import sys
from datetime import datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from msrest.serialization import Deserializer, Model, Serializer

M = TypeVar("M", bound=Model)


def to_wire(value: Any) -> Any:
    """JSON data for a model, or for any structure of models and plain values."""
    if isinstance(value, Model):
        return _model(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if isinstance(value, dict):
        return {key: to_wire(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [to_wire(item) for item in value]
    if isinstance(value, datetime):
        return Serializer.serialize_iso(value)
    raise TypeError(f"cannot send a {type(value).__name__} to the Bot Connector")


def _model(model: Model) -> dict[str, Any]:
    wire: dict[str, Any] = {}
    for attribute, spec in model._attribute_map.items():
        value = getattr(model, attribute, None)
        if value is None:
            continue
        if attribute == "content" and isinstance(value, dict) and spec["type"] == "object":
            # An attachment's content (our Adaptive Cards) is JSON data already:
            # walking a large card again was a measurable share of each reply.
            wire[spec["key"]] = value
            continue
        wire[spec["key"]] = to_wire(value)
    additional = getattr(model, "additional_properties", None)
    if additional:
        wire.update(to_wire(additional))
    return wire


def from_wire(cls: type[M], data: Any) -> M:
    """A botbuilder model (e.g. Activity) from Bot Connector JSON."""
    if not isinstance(data, dict):
        raise ValueError(f"{cls.__name__} must be a JSON object")
    declared = _declared_keys(cls)
    attributes: dict[str, Any] = dict.fromkeys(cls._attribute_map)
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in declared:
            attribute, kind = declared[key]
            attributes[attribute] = _convert(kind, value, cls)
        else:
            extra[key] = value
    model = cls(**attributes)
    if extra:
        model.additional_properties = extra
    return model


@cache
def _declared_keys(cls: type[Model]) -> dict[str, tuple[str, str]]:
    attribute_map = cls._attribute_map
    return {spec["key"]: (attribute, spec["type"]) for attribute, spec in attribute_map.items()}


@cache
def _model_class(owner: type[Model], name: str) -> type[Model]:
    # Type names are resolved in the declaring model's module, as msrest does.
    found = getattr(sys.modules[owner.__module__], name, None)
    if not (isinstance(found, type) and issubclass(found, Model)):
        raise ValueError(f"unknown model type {name}")
    return found


def _convert(kind: Any, value: Any, owner: type[Model]) -> Any:
    if value is None:
        return None
    if not isinstance(kind, str):  # a few attribute maps name the class itself
        return from_wire(kind, value)
    if kind.startswith("["):
        if not isinstance(value, list):
            raise ValueError(f"expected a list for {kind}")
        return [_convert(kind[1:-1], item, owner) for item in value]
    if kind.startswith("{"):
        if not isinstance(value, dict):
            raise ValueError(f"expected an object for {kind}")
        return {key: _convert(kind[1:-1], item, owner) for key, item in value.items()}
    converter = _BASIC.get(kind)
    if converter is not None:
        return converter(value)
    return from_wire(_model_class(owner, kind), value)


def _to_str(value: Any) -> str:
    if isinstance(value, dict | list):
        raise ValueError("expected text")
    return value if isinstance(value, str) else str(value)


def _to_bool(value: Any) -> bool:
    if value in (True, False, 1, 0):
        return bool(value)
    if isinstance(value, str) and value.lower() in ("true", "1", "false", "0"):
        return value.lower() in ("true", "1")
    raise ValueError("expected true or false")


_BASIC = {
    "str": _to_str,
    "bool": _to_bool,
    "int": int,
    "long": int,
    "float": float,
    "object": lambda value: value,
    "iso-8601": Deserializer.deserialize_iso,
    "bytearray": Deserializer.deserialize_bytearray,
}
