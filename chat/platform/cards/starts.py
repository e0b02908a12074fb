"""The buttons that start a capability's flow, on the welcome, help and "my cases" cards."""

from __future__ import annotations

from collections.abc import Sequence

from cards import elements as el
from chat.registry import StartAction
from i18n import Lang, t


def start_buttons(lang: Lang, starts: Sequence[StartAction]) -> list[el.Element]:
    # Action.Submit, so the card stays in the chat and the flow's first card comes below it.
    return [
        el.action_submit(t(lang, start.label_key), "flow.start", {"flow": start.flow_id},
                         style="positive" if position == 0 else None)
        for position, start in enumerate(starts)
    ]
