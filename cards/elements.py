"""Small builders for Adaptive Card 1.5 elements, returning plain dicts.

Cards are dicts serialised with `json.dumps`, so no value can break the JSON.
Text is inert by default (`cards.safe.inert`); pass `trusted=True` only for
our own catalog text, which may use **bold** and lists.
Every action carries `data = {"action": <name>, ...}` (architecture.md);
`Action.Execute` also has `verb = <name>`. The handler routes on `action`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cards.safe import caption, inert, plain

Element = dict[str, Any]
SCHEMA = "http://adaptivecards.io/schemas/adaptive-card.json"
VERSION = "1.5"  # the highest version Teams renders


def _drop_none(**props: Any) -> Element:
    return {k: v for k, v in props.items() if v is not None}


def _shown(value: Any, trusted: bool) -> str:
    return str(value) if trusted else inert(value)


def card(
    body: Sequence[Element],
    actions: Sequence[Element] = (),
    *,
    lang: str,
    fallback_text: str | None = None,
) -> Element:
    """A full-width Adaptive Card 1.5."""
    result: Element = {
        "type": "AdaptiveCard",
        "$schema": SCHEMA,
        "version": VERSION,
        "lang": lang,
        "body": list(body),
        "msteams": {"width": "Full"},
    }
    if actions:
        result["actions"] = list(actions)
    if fallback_text is not None:
        result["fallbackText"] = plain(fallback_text)
    return result


def heading(value: Any, *, trusted: bool = True, size: str = "Large", **props: Any) -> Element:
    """A bold title line; our own catalog text unless `trusted=False`."""
    return text(value, trusted=trusted, size=size, weight="Bolder", style="heading", **props)


def text(value: Any, *, trusted: bool = False, wrap: bool = True, **props: Any) -> Element:
    """A TextBlock. User text is made inert unless `trusted=True`."""
    return {"type": "TextBlock", "text": _shown(value, trusted), "wrap": wrap, **props}


def verbatim(value: Any, *, bold: bool = False, **props: Any) -> Element:
    """Text shown exactly as written, for people to copy: a RichTextBlock's TextRun is
    never read as markdown, so nothing needs escaping and no invisible character is
    added. Tags cannot form (`caption`), control characters are gone."""
    run: Element = {"type": "TextRun", "text": caption(value, None)}
    if bold:
        run["weight"] = "Bolder"
    return {"type": "RichTextBlock", "inlines": [run], **props}


def facts(
    pairs: Iterable[tuple[Any, Any]], *, trusted_titles: bool = True, trusted_values: bool = False
) -> Element:
    """A FactSet; titles are usually catalog text, values usually user data."""
    return {
        "type": "FactSet",
        "facts": [
            {"title": _shown(title, trusted_titles), "value": _shown(value, trusted_values)}
            for title, value in pairs
        ],
    }


def column(items: Sequence[Element], *, width: str | int = "stretch", **props: Any) -> Element:
    return {"type": "Column", "width": width, "items": list(items), **props}


def columns(cols: Sequence[Element], **props: Any) -> Element:
    """A ColumnSet; pass `column(...)` dicts."""
    return {"type": "ColumnSet", "columns": list(cols), **props}


def container(items: Sequence[Element], *, style: str | None = None, **props: Any) -> Element:
    return {"type": "Container", "items": list(items), **_drop_none(style=style), **props}


def action_set(actions: Sequence[Element], **props: Any) -> Element:
    return {"type": "ActionSet", "actions": list(actions), **props}


# Inputs. Their `value` is not rendered as markdown, but must be a plain str.

def _input(kind: str, id: str, label: str | None, required: bool, **props: Any) -> Element:
    element: Element = {"type": f"Input.{kind}", "id": id, **_drop_none(**props)}
    if label is not None:
        element["label"] = label
    if required:
        element["isRequired"] = True
    return element


def input_text(
    id: str,
    *,
    label: str | None = None,
    value: Any = None,
    placeholder: str | None = None,
    multiline: bool = False,
    max_length: int | None = None,
    required: bool = False,
    error_message: str | None = None,
) -> Element:
    return _input(
        "Text", id, label, required,
        value=None if value is None else plain(value, max_length),
        placeholder=placeholder,
        isMultiline=multiline or None,
        maxLength=max_length,
        errorMessage=error_message,
    )


def input_choice_set(
    id: str,
    choices: Iterable[tuple[str, Any]],
    *,
    label: str | None = None,
    value: str | Sequence[str] | None = None,
    multi: bool = False,
    style: str = "expanded",
    required: bool = False,
    error_message: str | None = None,
) -> Element:
    """`choices` are (title, value) pairs; titles are shown as plain text by Teams."""
    if isinstance(value, (list, tuple)):
        value = ",".join(plain(v) for v in value)
    return _input(
        "ChoiceSet", id, label, required,
        choices=[{"title": caption(title), "value": plain(val)} for title, val in choices],
        value=None if value is None else plain(value),
        isMultiSelect=multi or None,
        style=style,
        errorMessage=error_message,
    )


def input_toggle(
    id: str, title: str, *, label: str | None = None, value: bool = False, required: bool = False
) -> Element:
    return _input(
        "Toggle", id, label, required,
        title=title, value="true" if value else "false", valueOn="true", valueOff="false",
    )


def input_date(id: str, *, label: str | None = None, value: str | None = None,
               min: str | None = None, max: str | None = None, required: bool = False) -> Element:
    """Dates as `YYYY-MM-DD`."""
    return _input("Date", id, label, required, value=value, min=min, max=max)


def input_time(id: str, *, label: str | None = None, value: str | None = None,
               required: bool = False) -> Element:
    """Times as `HH:MM`."""
    return _input("Time", id, label, required, value=value)


def input_number(id: str, *, label: str | None = None, value: float | None = None,
                 min: float | None = None, max: float | None = None,
                 placeholder: str | None = None, required: bool = False) -> Element:
    return _input("Number", id, label, required,
                  value=value, min=min, max=max, placeholder=placeholder)


# Actions.

def _data(action: str, data: Mapping[str, Any] | None) -> dict[str, Any]:
    return {"action": action, **(data or {})}


def action_execute(
    title: str, action: str, data: Mapping[str, Any] | None = None, style: str | None = None,
    **props: Any,
) -> Element:
    """Action.Execute: Teams answers in place with the card the bot returns.

    Clients without Universal Actions fall back to an Action.Submit with the same
    data; the bot handles both, and updates the card in place for either.
    """
    common = {"title": title, "data": _data(action, data), **_drop_none(style=style), **props}
    fallback = {"type": "Action.Submit", **common}
    return {"type": "Action.Execute", "verb": action, **common, "fallback": fallback}


def action_submit(
    title: str, action: str, data: Mapping[str, Any] | None = None, style: str | None = None,
    **props: Any,
) -> Element:
    """Action.Submit: arrives as a message whose `value` is the data plus inputs."""
    return {
        "type": "Action.Submit", "title": title, "data": _data(action, data),
        **_drop_none(style=style), **props,
    }


def action_show_card(title: str, inner: Element) -> Element:
    """Reveals `inner` (a card without `$schema`) under the button."""
    shown = {k: v for k, v in inner.items() if k not in {"$schema", "version", "msteams", "lang"}}
    return {"type": "Action.ShowCard", "title": title, "card": shown}


def action_open_url(title: str, url: str) -> Element:
    """Only for our own URLs (e.g. documentation); never for user-supplied ones."""
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ValueError("action_open_url only takes our own https URLs")
    return {"type": "Action.OpenUrl", "title": title, "url": url}
