"""The DSO's annual report to the controller (six mandatory areas plus "other").

    areas.py     the areas and the questions only the DSO can answer, declared once
    flow.py      the guided flow of the DSO's judgements
    content.py   the report composed from the figures and the judgements (pure)
    markdown.py, docx.py   the report laid out (docx: our template or the organisation's)
    service.py   the judgements stored; `write_report` for the chat, the CLI and Teams files
    handlers.py  `årsrapport ÅR` / `annual report YEAR`, the flow's end, the download buttons
    texts/       report.toml (the report's Swedish wording); the chat's texts are the
                 reports capability's texts/<lang>/annual.toml

The reports capability adds COMMANDS, ACTIONS, FLOWS and SAMPLES to its Feature.
"""

from __future__ import annotations

from chat.registry import Command, FlowSpec
from features.reports.annual.flow import FLOW
from features.reports.annual.handlers import (
    FILE_ACTION,
    ROLES,
    annual_report,
    judged,
    receipt_again,
    report_file,
    sample,
)
from features.reports.annual.service import write_report

COMMANDS: tuple[Command, ...] = (
    Command("annual_report", {"sv": ("årsrapport",), "en": ("annual report",)}, "dso",
            annual_report, "annual_report.commands.annual_report", roles=ROLES,
            # Not in the manifest's command list: Teams takes ten, and those are used.
            argument_key="annual_report.args.annual_report"),
)
ACTIONS = {FILE_ACTION: report_file}
FLOWS: tuple[FlowSpec, ...] = (FlowSpec(FLOW, judged, receipt_again),)
SAMPLES = {"annual_report.done": sample}  # for the gallery

__all__ = ["ACTIONS", "COMMANDS", "FLOWS", "SAMPLES", "write_report"]
