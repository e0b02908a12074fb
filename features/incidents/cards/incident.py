"""The incident card as this viewer may see it: the whole case, or the summary."""

from __future__ import annotations

from cards import elements as el
from features.incidents.access import Scope
from features.incidents.cards.dso import dso_incident_card
from features.incidents.cards.summary import incident_summary_card
from features.incidents.views import IncidentView
from i18n import Lang


def incident_card(lang: Lang, view: IncidentView, *,
                  notice: str | None = None) -> el.Element:
    if view.scope == Scope.SUMMARY:
        return incident_summary_card(lang, view, notice=notice)
    return dso_incident_card(lang, view, notice=notice)
