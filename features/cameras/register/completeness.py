"""What a camera lacks: the documented assessment of interests, and (when it records)
how long recordings are kept. The import report, the `kameror` list and the reminders
read it from here."""

from __future__ import annotations

from typing import Any

from i18n import Lang, t

ASSESSMENT = "assessment"
RETENTION = "retention"
MISSING: tuple[str, ...] = (ASSESSMENT, RETENTION)


def missing(camera: Any) -> list[str]:
    """The ids of what the camera lacks, in a fixed order; [] when it is complete.

    Takes a `Camera` or anything with its attributes (a planned row before it is stored).
    """
    lacks = []
    if getattr(camera, "assessment_on", None) is None:
        lacks.append(ASSESSMENT)
    recording = getattr(camera, "recording", True)
    if (recording is None or recording) and getattr(camera, "retention_hours", None) is None:
        lacks.append(RETENTION)
    return lacks


def in_words(lacks: list[str], lang: Lang) -> list[str]:
    return [t(lang, f"cameras.register.missing.{item}") for item in lacks]


ENGLISH = {ASSESSMENT: "no assessment of interests", RETENTION: "no retention set"}
