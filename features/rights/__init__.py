"""Data subjects' rights (Art. 12–22): explained to staff in plain words, questions the
bot cannot answer relayed to the DSO, and every request from a data subject logged
with its clock (one month, moved past weekends and holidays, extended only within
the rules) and handled through to its answer.

    rules/      the law: the clock (clock.py), the workflow and its checkpoints
                (workflow.py), the topics and the matching of typed questions
    flow.py     the guided logging of a request
    forms.py    the forms on a request's card and of a relayed question
    records.py, access.py, repo.py, views.py
    cards/      what people see
    handlers/   commands, card actions and typed questions
    texts/      sv.toml, en.toml; sv/ and en/explainer.toml explain each right
"""

from __future__ import annotations

from pathlib import Path

from chat.closed_records import ClosedRecords
from chat.registry import PERSONAL, Command, Feature, FlowSpec, StartAction
from features.rights.cards.reminders import SAMPLES as REMINDER_SAMPLES
from features.rights.cards.samples import SAMPLES
from features.rights.export import EXPORT
from features.rights.flow import FLOW
from features.rights.forms import FORMS
from features.rights.handlers import desk, explainer, questions, requests
from features.rights.handlers.log import file_logged, receipt_again
from features.rights.reminders import POLICIES as REMINDER_POLICIES
from features.rights.rules.workflow import CLOSED
from features.rights.summary import SECTION as SUMMARY_SECTION
from storage.models import RightsQuestion, RightsRequest, RightsRequestEvent
from storage.roles import DSO_ROLES

FEATURE = Feature(
    name="rights",
    texts=Path(__file__).with_name("texts"),
    commands=(
        Command("rights", {"sv": ("rättigheter", "rättighet"), "en": ("rights",)}, "everyone",
                explainer.rights, "rights.commands.rights",
                argument_key="rights.args.rights", manifest_scopes=(PERSONAL,)),
        Command("log_request", {"sv": ("registrera begäran", "ny begäran"),
                                "en": ("log request", "new request")}, "everyone",
                explainer.log_request, "rights.commands.log_request",
                manifest_scopes=(PERSONAL,)),
        Command("rights_desk", {"sv": ("begäranden",), "en": ("requests",)}, "dso",
                desk.desk, "rights.commands.desk", roles=DSO_ROLES,
                # Typed by the DSO (listed by `hjälp`); the manifest's ten are for all.
                argument_key="rights.lists.args"),
        Command("rights_request", {"sv": ("begäran",), "en": ("request",)}, "everyone",
                requests.by_reference, "rights.commands.request",
                argument_key="rights.args.request", pattern=r"REG-\d{4}-\d{4,}"),
    ),
    actions={**requests.ACTIONS, **questions.ACTIONS, "rights.topic": explainer.show_topic},
    flows=(FlowSpec(FLOW, file_logged, receipt_again),),
    forms=FORMS,
    samples={**SAMPLES, **REMINDER_SAMPLES},
    start_actions=(StartAction("rights.offer.start", FLOW.id,
                               topic=("registerutdrag", "begäran om", "gdpr-begäran",
                                      "subject access")),),
    welcome_key="rights.offer.welcome",
    about_key="rights.offer.about",
    manifest_key="rights.offer.manifest",
    my_cases=desk.my_cases,
    free_text=(explainer.typed_question,),
    retention=(
        ClosedRecords("rights_request", RightsRequest,
                      lambda: RightsRequest.status.in_([s.value for s in CLOSED]),
                      events=RightsRequestEvent, event_key="request_id"),
        ClosedRecords("rights_question", RightsQuestion,
                      lambda: RightsQuestion.status == "answered"),
    ),
    reminder_policies=REMINDER_POLICIES,
    exports=(EXPORT,),
    summary_sections=(SUMMARY_SECTION,),
)
