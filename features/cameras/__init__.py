"""Cameras: a register of every camera, and requests for recorded material handled
before the footage is erased.

    register.py ...  the camera register: import, export, completeness, `kameror`
    requests ...     `kamerabegäran`: the request, its erasure clock, material secured,
                     the secrecy assessment and decision, the hand-over
    followup.py ...  reminders, the summary's figures, the legal grounds (dated data)
    texts/<lang>/*.toml

Each part declares what it brings as module-level tuples; the Feature is their sum.
"""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

from chat.registry import Feature
from features.cameras import followup_part, register_part, requests_part

PARTS: tuple[ModuleType, ...] = (register_part, requests_part, followup_part)


def _all(name: str) -> tuple:
    return tuple(item for part in PARTS for item in getattr(part, name, ()))


def _merged(name: str) -> dict:
    return {k: v for part in PARTS for k, v in getattr(part, name, {}).items()}


_my_cases = [part.MY_CASES for part in PARTS if getattr(part, "MY_CASES", None)]

FEATURE = Feature(
    name="cameras",
    texts=Path(__file__).with_name("texts"),
    commands=_all("COMMANDS"),
    actions=_merged("ACTIONS"),
    flows=_all("FLOWS"),
    forms=_all("FORMS"),
    samples=_merged("SAMPLES"),
    start_actions=_all("START_ACTIONS"),
    my_cases=_my_cases[0] if _my_cases else None,
    record_choices=_merged("RECORD_CHOICES"),
    reminder_policies=_all("REMINDER_POLICIES"),
    summary_sections=_all("SUMMARY_SECTIONS"),
    exports=_all("EXPORTS"),
    retention=_all("RETENTION"),
)
