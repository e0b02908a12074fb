"""Gallery samples for the reminders cards, with hostile text where people type."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from cards import elements as el
from cards.gallery import HOSTILE_NAME, HOSTILE_TEXT, SampleBuilder
from features.reminders.cards.reminders import (
    SNOOZE,
    SNOOZE_INPUT,
    Digest,
    digest_card,
    draft_card,
    snoozed_card,
)
from features.reminders.cards.settings import (
    FieldView,
    PolicyRow,
    ProblemRow,
    QueueView,
    policy_form_card,
    settings_card,
)
from features.reminders.rules.params import ParamKind
from features.reminders.views import param_label, param_words
from i18n import Lang, t

NOW = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def _settings(lang: Lang) -> dict[str, Any]:
    ladder = {"hours": [24, 48, 60, 70], "escalate_to": [HOSTILE_TEXT[:80]], "hour": 8}
    policies = [
        PolicyRow("unfinished_drafts", t(lang, "reminders.policy.unfinished_drafts"), True,
                  False, [(param_label(lang, "unfinished_drafts", key),
                           param_words(lang, key, value, value))
                          for key, value in {"hours": 24, "max_days": 14}.items()], False),
        PolicyRow("weekly_digest", t(lang, "reminders.policy.weekly_digest"), False, False, [],
                  False),
        PolicyRow("incident_deadline", t(lang, "reminders.policy.weekly_digest"), True, True,
                  [(param_label(lang, "incident_deadline", key),
                    param_words(lang, key, value, value)) for key, value in ladder.items()],
                  True),
    ]
    problems = [
        ProblemRow(17, HOSTILE_NAME, t(lang, "reminders.kind.incident_alert"), NOW,
                   "undeliverable", t(lang, "reminders.advice.blocked", name="Olle Olsson")),
        ProblemRow(18, "Olle Olsson", t(lang, "reminders.kind.notice"), NOW, "failed",
                   t(lang, "reminders.advice.failed", name="Olle Olsson")),
    ]
    queue = QueueView({"queued": 3, "sent": 120, "failed": 1, "undeliverable": 1}, problems, 4)
    return settings_card(lang, office=("08:00", "17:00"), policies=policies, queue=queue,
                         notice=t(lang, "reminders.saved",
                                  name=t(lang, "reminders.policy.unfinished_drafts")))


def _form(lang: Lang) -> dict[str, Any]:
    fields = [
        FieldView("hours", t(lang, "reminders.param.unfinished_drafts.hours"), ParamKind.WHOLE,
                  "2,5", t(lang, "reminders.hint.whole")),
        FieldView("escalate_to", "E-post", ParamKind.EMAIL_LIST, HOSTILE_TEXT[:300],
                  t(lang, "reminders.hint.email_list")),
        FieldView("flag", "Ja eller nej", ParamKind.FLAG, "true"),
        FieldView("start", t(lang, "reminders.office.start"), ParamKind.TIME, "08:00"),
    ]
    return policy_form_card(lang, name="unfinished_drafts",
                            label=t(lang, "reminders.policy.unfinished_drafts"), legal=False,
                            enabled=True, fields=fields,
                            error=t(lang, "reminders.error.in_field", field="Timmar",
                                    problem=t(lang, "reminders.error.whole")))


def _draft(lang: Lang) -> dict[str, Any]:
    return draft_card(lang, title=HOSTILE_TEXT[:100], progress=t(lang, "dialog.progress",
                                                                position=5, total=18),
                      left_at=NOW, instance="0" * 32,
                      discard={"instance": "0" * 32, "rev": 4, "step": "what"})


def _digest(lang: Lang) -> dict[str, Any]:
    return digest_card(lang, Digest(week=10, incidents=2, rights=5, review=31, undelivered=1))


def _snoozed(lang: Lang) -> dict[str, Any]:
    """A reminder after "snooze": as delivered, without its snooze control."""
    delivered = _draft(lang)
    delivered["body"].append(el.container([el.columns([
        el.column([el.input_choice_set(SNOOZE_INPUT, [("1", "1"), ("7", "7")], value="7",
                                       style="compact")]),
        el.column([el.action_set([el.action_execute(
            "Snooze", SNOOZE, {"policy": "unfinished_drafts", "record": "0" * 32})])],
            width="auto"),
    ])], separator=True))
    return snoozed_card(lang, delivered, t(lang, "reminders.snooze.done",
                                           until="måndag 9 mars 2026"))


SAMPLES: dict[str, SampleBuilder] = {
    "reminders_settings": _settings,
    "reminders_policy_form": _form,
    "reminder_unfinished_draft": _draft,
    "reminder_weekly_digest": _digest,
    "reminder_snoozed": _snoozed,
}
