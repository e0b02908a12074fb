"""The cameras' follow-up (see features/cameras/__init__.py): the reminder policies
(erasure coming with the material not secured, no decision, assessments to review)
and the summary's figures. The legal grounds (dated data) are
`features.cameras.followup.grounds`."""

from __future__ import annotations

from chat.reminders import ReminderPolicy
from chat.summaries import SummarySection
from features.cameras.followup.cards import SAMPLES as CARD_SAMPLES
from features.cameras.followup.reminders import POLICIES
from features.cameras.followup.summary import SECTION

REMINDER_POLICIES: tuple[ReminderPolicy, ...] = POLICIES
SUMMARY_SECTIONS: tuple[SummarySection, ...] = (SECTION,)
# The reminder cards in the gallery (docs/cards).
SAMPLES = CARD_SAMPLES
