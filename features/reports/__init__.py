"""Reports for the DSO: the summary of every capability's figures (`sammanfattning`),
and the annual report built on them (`annual/`, added separately).

Each capability contributes a `chat.summaries.SummarySection`; this capability
only composes them, and never imports another capability.

    summary.py  composing the sections' figures (`figures_for`, used by the annual report)
    cards/      what the DSO sees
    handlers/   commands
    texts/      sv.toml, en.toml
"""

from __future__ import annotations

from pathlib import Path

from chat.registry import ActionHandler, Command, Feature, FlowSpec
from features.reports import annual
from features.reports.annual.template_upload import take_template
from features.reports.cards.samples import SAMPLES
from features.reports.handlers import export, summary
from features.reports.handlers.summary import ROLES

SUMMARY_COMMAND = Command(
    "summary", {"sv": ("sammanfattning",), "en": ("summary",)}, "dso", summary.summary,
    # Not suggested in the Teams manifest: Teams takes ten commands, and those are used.
    "reports.commands.summary", roles=ROLES, argument_key="reports.args.summary")

EXPORT_COMMAND = Command(
    "export", {"sv": ("export", "exportera"), "en": ("export",)}, "dso", export.export,
    "reports.commands.export", roles=ROLES, argument_key="reports.args.export")

COMMANDS: tuple[Command, ...] = (SUMMARY_COMMAND, EXPORT_COMMAND, *annual.COMMANDS)
ACTIONS: dict[str, ActionHandler] = {**annual.ACTIONS}
FLOWS: tuple[FlowSpec, ...] = annual.FLOWS

FEATURE = Feature(
    name="reports",
    texts=Path(__file__).with_name("texts"),
    commands=COMMANDS,
    actions=ACTIONS,
    flows=FLOWS,
    samples={**SAMPLES, **annual.SAMPLES},
    uploads=(take_template,),
)
