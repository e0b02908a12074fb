"""Personal-data incidents (personuppgiftsincidenter): staff report one in a guided
flow (or a near miss), the organisation's DSOs (and whoever else it names) are
alerted at once and handle it on a card: the 72-hour clock to IMY, advice that
follows Art. 33, correctable facts, the DSO's advice apart from the
controller's decision, the notification in phases, and the letter (Art. 34).

The skeleton every capability shares:

    rules/       pure law and workflow vocabulary (breach, severity, workflow)
    access.py    who may see and do what on an incident
    flow.py      the report flow and the DSO's forms, each declared once
    repo.py      queries, scoped to an organisation
    records.py   the incident for the record-action kernel, and read into views
    views.py     what the cards are built from
    imy_text.py, letter.py, drafts.py
                 the notification to IMY and the letter to the people affected
    cards/       what people see (and the gallery samples)
    handlers/    commands and card actions (through `chat.records`)
    retention.py closed incidents archived and disposed of (`chat.retention`)
    texts/       sv.toml, en.toml; sv/imy.toml, en/imy.toml (the drafts' words)
"""

from __future__ import annotations

from pathlib import Path

from chat.registry import PERSONAL, Command, Feature, FlowSpec, StartAction
from features.incidents.access import CASE_ROLES
from features.incidents.cards.flow_samples import SAMPLES as FLOW_SAMPLES
from features.incidents.cards.reminders import SAMPLES as REMINDER_SAMPLES
from features.incidents.cards.samples import SAMPLES
from features.incidents.export import EXPORT
from features.incidents.flow import (
    ADJUST_FORM,
    ADVICE_FORM,
    CORRECTION_FORM,
    DECISION_FORM,
    FLOW,
    MEASURES_FORM,
    QUESTION_FORM,
    REGISTER_FORM,
    REPLY_FORM,
    SUBJECTS_FORM,
    SUPPLEMENT_FORM,
)
from features.incidents.handlers import commands, corrections, dso, reporter
from features.incidents.handlers.my_cases import my_reports
from features.incidents.handlers.submit import file_incident, receipt_again
from features.incidents.reminders import POLICIES as REMINDER_POLICIES
from features.incidents.retention import INCIDENT_RETENTION
from features.incidents.summary import SECTION as SUMMARY_SECTION
from storage.roles import DSO_ROLES

# Words that make a group-chat mention look like an incident (moved to the 1:1 chat).
GROUP_TOPIC = ("incident", "personuppgiftsincident", "tillbud", "fel mottagare", "fel mejl",
               "fel adress", "fel person", "fel vårdnadshavare", "skickades till fel",
               "läck", "läcka", "röjt", "röjd", "stulen", "stulna", "stöld", "tappat",
               "borttappad", "borttappat", "försvunnen", "kom bort", "hackad", "hackat",
               "intrång", "obehörig", "personnummer", "breach", "wrong recipient", "leak",
               "stolen", "lost", "hacked", "unauthorised", "unauthorized")

FEATURE = Feature(
    name="incidents",
    texts=Path(__file__).with_name("texts"),
    commands=(
        Command("report_incident",
                {"sv": ("rapportera incident", "ny incident", "anmäl incident"),
                 "en": ("report incident", "new incident", "report breach")},
                "everyone", commands.report_incident, "incident.commands.report",
                manifest_scopes=(PERSONAL,)),
        Command("incidents", {"sv": ("incidenter",), "en": ("incidents",)}, "dso",
                commands.list_incidents, "incident.commands.incidents", roles=DSO_ROLES,
                argument_key="incident.args.incidents", manifest_scopes=(PERSONAL,)),
        Command("incident", {"sv": ("incident",), "en": ("incident",)}, "dso",
                commands.show_incident, "incident.commands.incident", roles=CASE_ROLES,
                pattern=r"PUI-\d{4}-\d{4,}(\s+imy)?",
                argument_key="incident.args.incident"),
    ),
    actions={**dso.ACTIONS, **corrections.ACTIONS, "incident.reply": reporter.reply},
    flows=(FlowSpec(FLOW, file_incident, receipt_again),),
    forms=(DECISION_FORM, ADVICE_FORM, SUPPLEMENT_FORM, SUBJECTS_FORM, REGISTER_FORM,
           QUESTION_FORM, MEASURES_FORM, ADJUST_FORM, REPLY_FORM, CORRECTION_FORM),
    samples={**SAMPLES, **FLOW_SAMPLES, **REMINDER_SAMPLES},
    start_actions=(StartAction("incident.offer.start", FLOW.id, topic=GROUP_TOPIC),),
    welcome_key="incident.offer.welcome",
    about_key="incident.offer.about",
    manifest_key="incident.offer.manifest",
    my_cases=my_reports,
    free_text=(reporter.offer_typed_answer,),
    retention=(INCIDENT_RETENTION,),
    reminder_policies=REMINDER_POLICIES,
    exports=(EXPORT,),
    summary_sections=(SUMMARY_SECTION,),
)
