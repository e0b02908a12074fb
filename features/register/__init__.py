"""The register of processing activities (registerförteckning, GDPR Art. 30): imported
from the DSO's workbook, changed through guided requests that the object owner (and,
where the organisation wants it, the DSO) approve in Teams, every version kept,
completeness measured, exported as a workbook again.

    rules/         vocabulary (legal bases, KLASSA, DPIA, ...) and the DPIA screening
    fields.py      every field of an entry, declared once: forms, storage, completeness,
                   spreadsheet columns
    completeness.py, repo.py, records.py, access.py, approval.py
    flow.py        the guided request for a new processing activity
    forms.py       the card forms (change, complete, retire, hand over, approve ...)
    reading.py, views.py, cards/   what people see
    handlers/      commands and card actions (through `chat.records`)
    spreadsheet/   workbook import and export (`dsobot register import|export`)
    texts/         sv.toml, en.toml
"""

from __future__ import annotations

from pathlib import Path

from chat.registry import PERSONAL, Command, Feature, FlowSpec, StartAction
from features.register.access import KEEPERS
from features.register.cards.reminders import SAMPLES as REMINDER_SAMPLES
from features.register.cards.samples import SAMPLES
from features.register.flow import FLOW
from features.register.forms import ASK_FORM, HANDOVER_FORM, REJECT_FORM, REPLY_FORM, RETIRE_FORM
from features.register.handlers import changes, commands, entries, lists, requests, review
from features.register.handlers.my_cases import my_requests
from features.register.handlers.new import entry_choices, file_new, object_choices, receipt_again
from features.register.reminders import POLICIES as REMINDER_POLICIES
from features.register.spreadsheet.export import EXPORT
from features.register.summary import SECTION as SUMMARY_SECTION
from storage.roles import EVERYONE

FEATURE = Feature(
    name="register",
    texts=Path(__file__).with_name("texts"),
    commands=(
        Command("register", {"sv": ("registret", "register", "registerförteckningen"),
                             "en": ("register",)}, "everyone", commands.register,
                "register.commands.register", roles=EVERYONE,
                argument_key="register.args.register", manifest_scopes=(PERSONAL,)),
        Command("my_processing", {"sv": ("mina behandlingar",), "en": ("my processing",)},
                "everyone", commands.my_processing, "register.commands.my_processing",
                manifest_scopes=(PERSONAL,)),
        Command("owner", {"sv": ("ägare",), "en": ("owner",)}, "dso", lists.owner_entries,
                "register.lists.owner_command", roles=KEEPERS,
                argument_key="register.lists.owner_args"),
        Command("activity", {"sv": ("behandling",), "en": ("activity",)}, "dso",
                lists.activity, "register.lists.activity_command", roles=KEEPERS,
                argument_key="register.lists.activity_args"),
    ),
    actions={**entries.ACTIONS, **changes.ACTIONS, **requests.ACTIONS, **review.ACTIONS},
    flows=(FlowSpec(FLOW, file_new, receipt_again),),
    forms=(RETIRE_FORM, HANDOVER_FORM, REJECT_FORM, ASK_FORM, REPLY_FORM),
    samples={**SAMPLES, **REMINDER_SAMPLES},
    start_actions=(StartAction("register.offer.start", FLOW.id),),
    welcome_key="register.offer.welcome",
    about_key="register.offer.about",
    manifest_key="register.offer.manifest",
    my_cases=my_requests,
    record_choices={"register.objects": object_choices, "register.processing": entry_choices},
    reminder_policies=REMINDER_POLICIES,
    exports=(EXPORT,),
    summary_sections=(SUMMARY_SECTION,),
)
