"""The one card walker the tests share: what a person sees on a card and can press."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


def cards_in(messages: list[dict]) -> list[dict]:
    return [
        a["content"]
        for m in messages
        for a in m.get("attachments") or []
        if a.get("contentType") == "application/vnd.microsoft.card.adaptive"
    ]


def nodes_of(card: Any) -> Iterator[dict]:
    """Every object in a card (elements, actions, inputs, nested cards), depth first."""
    if isinstance(card, dict):
        yield card
        for value in card.values():
            yield from nodes_of(value)
    elif isinstance(card, list):
        for item in card:
            yield from nodes_of(item)


def texts_of_card(card: dict) -> str:
    """All visible text of a card, flattened, for assertions about what a person reads."""
    keys = ("text", "title", "value", "label", "placeholder")
    return "\n".join(
        node[key] for node in nodes_of(card) for key in keys if isinstance(node.get(key), str)
    )


def actions_of(card: dict) -> list[dict]:
    """Every action on a card, including those inside Action.ShowCard and ActionSets."""
    return [n for n in nodes_of(card) if str(n.get("type", "")).startswith("Action.")]


def input_value(card: dict, input_id: str) -> Any:
    """The value an input of the card shows (pre-filled or kept)."""
    for node in nodes_of(card):
        if node.get("id") == input_id and str(node.get("type", "")).startswith("Input."):
            return node.get("value")
    raise AssertionError(f"no input {input_id!r} on the card")


def action_named(card: dict, name: str) -> dict:
    """The Execute/Submit action whose data says `action: name` (the button's meaning)."""
    for found in actions_of(card):
        if (found.get("data") or {}).get("action") == name:
            return found
    raise AssertionError(f"no {name!r} action on card:\n{texts_of_card(card)}")


def action_where(card: dict, **data: Any) -> dict:
    """The first action whose data holds all of `data` (e.g. action and form)."""
    for found in actions_of(card):
        given = found.get("data") or {}
        if all(given.get(key) == value for key, value in data.items()):
            return found
    raise AssertionError(f"no action with {data!r} on card:\n{texts_of_card(card)}")


def show_cards(card: dict) -> dict[str, dict]:
    """The cards revealed by Action.ShowCard buttons, by button title."""
    return {n["title"]: n["card"] for n in nodes_of(card) if n.get("type") == "Action.ShowCard"}


def inputs_of(card: dict) -> dict[str, dict]:
    """Every input of a card by id, including those inside revealed cards."""
    return {n["id"]: n for n in nodes_of(card) if str(n.get("type", "")).startswith("Input.")}


def executes(card: dict) -> dict[str, dict]:
    """The card's Action.Execute buttons by the action their data names."""
    return {n["data"]["action"]: n for n in nodes_of(card) if n.get("type") == "Action.Execute"}
