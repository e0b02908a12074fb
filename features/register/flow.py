"""The guided request for a new processing activity, its steps made from the entry's
field declaration (so a question asks for exactly what the field holds).

It ends with the DPIA screening: the nine criteria of the EDPB's guidelines
(WP248); two or more met means a DPIA is likely needed, recorded with the entry
and shown to the approvers and the DSO.
"""

from __future__ import annotations

from typing import Any

from dialogs.model import Choice, Flow, Step
from dialogs.model import Kind as StepKind
from features.register.fields import BY_ID, Kind
from features.register.forms import split_list

NONE = "none"  # "none of these" in a multiple choice

_KINDS = {Kind.TEXT: StepKind.SHORT_TEXT, Kind.LONG_TEXT: StepKind.LONG_TEXT,
          Kind.LIST: StepKind.LONG_TEXT, Kind.CHOICE: StepKind.SINGLE_CHOICE,
          Kind.CHOICES: StepKind.MULTI_CHOICE}


def _step(field_id: str, *, required: bool = True, with_none: bool = False) -> Step:
    spec = BY_ID[field_id]
    choices = tuple(Choice(c, spec.choice_key(c)) for c in spec.choices)
    if with_none:
        choices = (*choices, Choice(NONE, "register.choice.none"))
    return Step(field_id, f"register.q.{field_id}", _KINDS[spec.kind], spec.help_key,
                choices=choices, required=required, max_length=spec.max_length,
                column=field_id)


STEPS = (
    Step("object", "register.q.object", StepKind.RECORD_PICK, "register.help.object",
         choices_from="register.objects", max_length=BY_ID["object"].max_length,
         column="object"),
    _step("name"),
    _step("purposes"),
    _step("subject_categories"),
    _step("data_categories"),
    _step("special_categories", with_none=True),
    _step("extra_protected", with_none=True),
    _step("recipients"),
    _step("transfers", required=False),
    _step("legal_basis"),
    _step("retention", required=False),
    _step("systems", required=False),
    _step("processors", required=False),
    _step("security_measures", required=False),
    _step("dpia_screening", with_none=True),
    Step("reason", "register.q.reason", StepKind.LONG_TEXT, "register.help.reason",
         required=False, max_length=1000),
)

FLOW = Flow(id="register_new", version=1, title_key="register.flow.title", steps=STEPS)


def proposed_values(answers: dict[str, Any]) -> dict[str, Any]:
    """The entry a finished request proposes, as the field declaration stores it."""
    values: dict[str, Any] = {}
    for step in STEPS:
        value = answers.get(step.id)
        if step.id in ("object", "reason") or value in (None, "", []):
            continue
        spec = BY_ID[step.id]
        if spec.kind is Kind.LIST:
            values[step.id] = split_list(str(value))
        elif spec.kind is Kind.CHOICES:
            values[step.id] = [v for v in value if v != NONE]
        else:
            values[step.id] = value
    picked = answers.get("object")
    if isinstance(picked, dict):
        values["object"] = str(picked.get("label") or "").strip()
    return {k: v for k, v in values.items() if v not in ([], "")}


def picked_object_id(answers: dict[str, Any]) -> str | None:
    picked = answers.get("object")
    return str(picked["id"]) if isinstance(picked, dict) and picked.get("id") else None
