"""Gallery samples for the register's cards, with hostile text where people type."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

from cards.gallery import HOSTILE_LONG, HOSTILE_NAME, HOSTILE_TEXT, SampleBuilder
from features.register.cards.entry import entry_card
from features.register.cards.history import history_card, version_card
from features.register.cards.lists import EntryRow, entry_list_card, overview_card
from features.register.cards.request import question_card, request_card
from features.register.completeness import Completeness
from features.register.views import EntryView, RequestEventView, RequestView, VersionView

NOW = datetime(2026, 11, 20, 13, 30, tzinfo=UTC)

SAMPLE_VALUES: dict[str, Any] = {
    "name": "Elevhälsans journalföring " + HOSTILE_NAME,
    "object": "Elevhälsa",
    "owner": "olle.objektagare@kommun.example",
    "purposes": ["Dokumentera elevhälsans insatser", HOSTILE_TEXT],
    "subject_categories": ["Elever", "Vårdnadshavare"],
    "data_categories": ["Namn", "Personnummer", "Hälsouppgifter"],
    "special_categories": ["health"],
    "extra_protected": ["identity_numbers"],
    "recipients": ["Inspektionen för vård och omsorg"],
    "retention": "Bevaras enligt arkivlagen",
    "legal_basis": ["6.1c", "6.1e"],
    "security_measures": HOSTILE_LONG,
    "systems": ["PMO"],
    "processors": ["Journalleverantören AB"],
    "processor_agreement": "yes",
    "classified": "yes",
    "classified_on": "2024-03-01",
    "klassa_confidentiality": "3",
    "dpia": "done",
    "status": "active",
    "reviewed_on": "2025-10-01",
}


def sample_entry(**changes: Any) -> EntryView:
    view = EntryView(id="e-1", revision=4, reference="BEH-0042", values=SAMPLE_VALUES,
                     now=NOW, full=True, keeper=True, open_requests=1,
                     versions=(VersionView(1, NOW, "Dina DSO", "import", "Import register.xlsx",
                                           None, {"name": {"old": None, "new": "Elevhälsa"}}),
                               VersionView(2, NOW, HOSTILE_NAME, "request", HOSTILE_TEXT,
                                           "RA-2026-0003",
                                           {"systems": {"old": ["Procapita"],
                                                        "new": ["PMO"]},
                                            "legal_basis": {"old": ["6.1a"],
                                                            "new": ["6.1c", "6.1e"]}})))
    return replace(view, **changes)


def sample_request(**changes: Any) -> RequestView:
    view = RequestView(
        id="r-1", revision=2, reference="RA-2026-0003", kind="change", status="in_review",
        stage="owner", entry_name=SAMPLE_VALUES["name"], entry_reference="BEH-0042",
        object_name="Elevhälsa", requester=HOSTILE_NAME, reason=HOSTILE_TEXT,
        proposed={"systems": ["PMO"], "legal_basis": ["6.1c", "6.1e"]},
        previous={"systems": ["Procapita"], "legal_basis": ["6.1a"]}, dpia=None,
        may_approve=True,
        events=(RequestEventView(NOW, HOSTILE_NAME, "submitted"),
                RequestEventView(NOW, "Olle Objektägare", "asked", HOSTILE_TEXT)))
    return replace(view, **changes)


ROWS = [EntryRow(f"e-{n}", f"BEH-{n:04d}", f"Behandling {n} {HOSTILE_NAME}", "Elevhälsa",
                 "olle@kommun.example", HOSTILE_TEXT, 60 + n, 3, "active") for n in range(25)]


SAMPLES: dict[str, SampleBuilder] = {
    "register_entry": lambda lang: entry_card(lang, sample_entry()),
    "register_entry_incomplete": lambda lang: entry_card(lang, sample_entry(
        values={"name": "Ny behandling", "object": "Skola", "status": "active"})),
    "register_entry_staff": lambda lang: entry_card(lang, sample_entry(full=False,
                                                                       keeper=False)),
    "register_history": lambda lang: history_card(lang, sample_entry()),
    "register_version": lambda lang: version_card(lang, sample_entry(),
                                                  sample_entry().versions[1]),
    "register_request_approver": lambda lang: request_card(lang, sample_request()),
    "register_request_new": lambda lang: request_card(lang, sample_request(
        kind="new", proposed=dict(SAMPLE_VALUES), previous={}, entry_reference=None,
        dpia={"met": ["sensitive", "vulnerable"], "likely_needed": True})),
    "register_request_requester": lambda lang: request_card(lang, sample_request(
        may_approve=False, is_requester=True)),
    "register_request_approved": lambda lang: request_card(lang, sample_request(
        status="approved", may_approve=False), notice=HOSTILE_TEXT),
    "register_question": lambda lang: question_card(lang, sample_request(), HOSTILE_LONG,
                                                    HOSTILE_NAME, "q-1"),
    "register_list": lambda lang: entry_list_card(
        lang, "register.list.search_title", ROWS, full=True,
        empty_key="register.list.search_empty", words=HOSTILE_NAME[:40]),
    "register_list_staff": lambda lang: entry_list_card(
        lang, "register.list.mine_title", ROWS[:3], full=False,
        empty_key="register.list.mine_empty"),
    "register_overview": lambda lang: overview_card(
        lang, organisation="Barn- och utbildningsnämnden",
        total=Completeness(820, 1000, 125, 40), entries=125,
        mine=Completeness(40, 60, 6, 2), can_export=True, open_requests=3),
}
