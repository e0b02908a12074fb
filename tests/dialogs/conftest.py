from datetime import datetime

from compliance.localtime import STOCKHOLM

NOW = datetime(2026, 11, 21, 10, 0, tzinfo=STOCKHOLM)

# One breach report, step by step in the order it is asked: what its card sends
# back, and what a person types instead (Swedish). A misdirected e-mail that has
# ceased and whose known recipient confirmed deleting it, so every branch a breach
# of confidentiality takes is on the way. Tests find their place in it by step id
# (`typed_before`), not by position, so a step added to the flow breaks only this.
JOURNEY = (
    ("event", {"flow_value": "breach"}, "1"),
    ("breach_type", {"flow_value": "misdirected"}, "1"),
    ("description", {"flow_value": "Ett mejl med elevuppgifter skickades till fel adress."},
     "Ett mejl med elevuppgifter skickades till fel adress."),
    ("occurred_at", {"flow_date": "2026-11-20", "flow_time": "08:00"}, "igår 8:00"),
    ("discovered_at", {"flow_date": "2026-11-20", "flow_time": "15:00"}, "igår 15.00"),
    ("aware_at", {"flow_date": "2026-11-21", "flow_time": "09:15"}, "idag 9:15"),
    ("ongoing", {"flow_value": "no"}, "nej"),
    ("ceased_at", {"flow_date": "2026-11-20", "flow_time": "16:00"}, "igår 16:00"),
    ("discovery", {"flow_value": "outsider"}, "5"),
    ("cause", {"flow_value": "human_error"}, "1"),
    ("data_categories", {"flow_value": "ordinary,special"}, "vanliga, känsliga"),
    ("subject_categories", {"flow_value": "pupils"}, "elever"),
    ("people_count", {"flow_value": "ca 25"}, "ca 25"),
    ("records_count", {"flow_value": "1"}, "1"),
    ("encryption", {"flow_value": "no"}, "nej"),
    ("recipients", {"flow_value": "known_other"}, "känd enskild mottagare"),
    ("retrieval", {"flow_value": "confirmed"}, "ja, bekräftat"),
    ("consequences", {"flow_value": "distress"}, "oro"),
    ("permanence", {"flow_value": "temporary"}, "de går över"),
    ("system", {"flow_value": "reg-7"}, "Elevregistret"),
    ("processor", {"flow_value": "no"}, "nej"),
    ("measures", {"flow_value": "Mottagaren har raderat mejlet."},
     "Mottagaren har raderat mejlet."),
    ("unit", {"flow_value": "Grundskolan Norr"}, "Grundskolan Norr"),
    ("other_info", {}, "hoppa över"),
)
ASKED = tuple(step for step, _, _ in JOURNEY)  # the steps of the journey, in order
CLICKS = [(step, values) for step, values, _ in JOURNEY]
TYPED = [text for _, _, text in JOURNEY]


def typed_before(step_id: str | None = None, **instead: str) -> list[str]:
    """What is typed to reach `step_id` (all of the journey when None). `instead`
    types other answers to some steps; they must not change the way through."""
    unknown = set(instead) - set(ASKED)
    assert not unknown, unknown
    end = len(ASKED) if step_id is None else ASKED.index(step_id)
    return [instead.get(step, text) for step, _, text in JOURNEY[:end]]


def typed_from(step_id: str) -> list[str]:
    """What is typed from `step_id` to the end of the journey."""
    return TYPED[ASKED.index(step_id):]
