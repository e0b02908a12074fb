"""Every guided flow, by id. The caller stores a flow instance's state with its
flow id and finds the declaration here when the user comes back."""

from __future__ import annotations

from dialogs.flows import incident
from dialogs.model import Flow

FLOWS: dict[str, Flow] = {flow.id: flow for flow in (incident.FLOW,)}


def get(flow_id: str) -> Flow:
    """The flow with this id; KeyError for an unknown (e.g. retired) flow."""
    return FLOWS[flow_id]
