"""Turning botbuilder models into Bot Connector JSON, fast.

`Model.serialize()` (msrest) walks each model through a generic, validating
serializer and was the largest cost of an outbound message. botbuilder's schema
uses only plain keys (nothing flattened), so a direct walk over each class's
attribute map gives the same JSON (a test compares the two on varied activities)
with one deliberate difference: properties the models do not declare, which
msrest keeps in `additional_properties` on the way in but drops on the way out,
are sent on. Teams' `conversation.tenantId` is one (botbuilder's model spells it
`tenantID`), and so are the fields of entities such as mentions and clientInfo.
"""

from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Any

from msrest.serialization import Model, Serializer


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
        if value is not None:
            wire[spec["key"]] = to_wire(value)
    additional = getattr(model, "additional_properties", None)
    if additional:
        wire.update(to_wire(additional))
    return wire
