"""Requests for recorded material (`kamerabegäran` / `footage request`): see
features/cameras/requests/. What this part brings to the cameras Feature."""

from __future__ import annotations

from chat.closed_records import ClosedRecords
from chat.registry import PERSONAL, Command, FlowSpec, StartAction
from features.cameras.requests.access import DECIDERS
from features.cameras.requests.flow import FLOW
from features.cameras.requests.forms import FORMS
from features.cameras.requests.handlers import requests
from features.cameras.requests.handlers.log import file_logged, receipt_again
from features.cameras.requests.rules.workflow import CLOSED
from features.cameras.requests.samples import SAMPLES
from storage.models import FootageRequest, FootageRequestEvent

COMMANDS = (
    Command("footage_request", {"sv": ("kamerabegäran",), "en": ("footage request",)},
            "everyone", requests.log_or_open, "cameras.requests.commands.log",
            argument_key="cameras.requests.args.log", manifest_scopes=(PERSONAL,),
            pattern=r"KAM-\d{4}-\d{4,}"),
    Command("footage_requests", {"sv": ("kamerabegäranden",), "en": ("footage requests",)},
            # Not in the manifest's command list: Teams takes ten, and those are used.
            "dso", requests.desk, "cameras.requests.commands.desk", roles=DECIDERS),
)
ACTIONS = requests.ACTIONS
FLOWS = (FlowSpec(FLOW, file_logged, receipt_again),)
START_ACTIONS = (StartAction("cameras.requests.offer.start", FLOW.id,
                             topic=("kamerabegäran", "övervakningsfilm", "footage request")),)
MY_CASES = requests.my_cases

__all__ = ["ACTIONS", "COMMANDS", "FLOWS", "FORMS", "MY_CASES", "SAMPLES", "START_ACTIONS"]

# Closed requests are archived whole and disposed of on the organisation's schedule.
RETENTION = (ClosedRecords("footage_request", FootageRequest,
                           lambda: FootageRequest.status.in_([s.value for s in CLOSED]),
                           events=FootageRequestEvent, event_key="request_id"),)
