"""Step cards from engine views: what the user sees and what the buttons send back."""

import json

from cards.flow import render
from dialogs import engine
from dialogs.views import CardAction, Phase, Text
from features.incidents.flow import FLOW
from i18n import t
from tests.dialogs.conftest import NOW, typed_before

CTX = {"lang": "sv", "instance": "inst-1"}


def walk(*texts, ctx=CTX):
    o = engine.start(FLOW, NOW, ctx)
    for text in texts:
        o = engine.handle(FLOW, o.state, Text(text), NOW, ctx)
    return o


def actions(card):
    return {a["data"]["action"]: a for a in card.get("actions", [])}


def inputs(card):
    found = {}

    def visit(node):
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found[node["id"]] = node
            for v in node.values():
                visit(v)
        elif isinstance(node, list):
            for v in node:
                visit(v)

    visit(card)
    return found


def test_buttons_carry_instance_step_and_revision_and_answer_round_trips():
    o = walk(*typed_before("description"))
    card = render(o.view)
    nxt = actions(card)["flow.answer"]
    assert nxt["type"] == "Action.Execute" and nxt["verb"] == "flow.answer"
    assert nxt["data"] == {"action": "flow.answer", "instance": "inst-1",
                           "rev": o.view.rev, "step": "description"}
    # What Teams sends back: the action data plus the input values.
    sent = {**nxt["data"], "flow_value": "Ett brev hamnade fel."}
    after = engine.handle(FLOW, o.state, CardAction.from_data(sent), NOW, CTX)
    assert after.state["answers"]["description"] == "Ett brev hamnade fel."


def test_first_question_has_no_back_and_required_has_no_skip():
    assert set(actions(render(walk().view))) == {"flow.answer", "flow.cancel"}
    at_system = walk(*typed_before("system", description="Text", occurred_at="igår",
                                   discovered_at="igår", aware_at="idag 9:00"))
    assert at_system.view.question.step_id == "system"
    assert set(actions(render(at_system.view))) == {"flow.answer", "flow.back", "flow.skip",
                                                    "flow.cancel"}
    assert actions(render(at_system.view))["flow.back"]["associatedInputs"] == "none"


def test_progress_question_and_type_hint_in_swedish():
    o = walk()
    text = json.dumps(render(o.view), ensure_ascii=False)
    total = len(FLOW.path({}))  # the way before any branch is known
    assert o.view.question.total == total
    assert t("sv", "dialog.progress", position=1, total=total) in text
    assert t("sv", "incident.q.event") in text
    assert t("sv", "dialog.type_hint_choice") in text


def test_current_value_is_prefilled_when_going_back():
    o = walk(*typed_before("description"), "Text", "2026-11-20 08:00", "tillbaka")
    assert o.view.question.step_id == "occurred_at"
    fields = inputs(render(o.view))
    assert fields["flow_date"]["value"] == "2026-11-20"
    assert fields["flow_time"]["value"] == "08:00"
    assert fields["flow_unknown"]["value"] == "false"


def test_refused_answer_shows_the_error_and_keeps_the_draft():
    o = walk(*typed_before("occurred_at"), "på fredag typ")
    assert o.view.question.step_id == "occurred_at"
    text = json.dumps(render(o.view), ensure_ascii=False)
    assert t("sv", "dialog.error.datetime") in text


def test_user_text_is_inert_in_the_summary():
    o = walk(*typed_before(description="[klicka](https://evil.example) **nu**",
                           occurred_at="vet inte", discovered_at="igår",
                           aware_at="idag 9:00", ceased_at="vet inte", system="hoppa över",
                           measures="hoppa över", unit="<at>Alla</at>"))
    assert o.view.phase is Phase.SUMMARY
    card = render(o.view)
    text = json.dumps(card, ensure_ascii=False)
    assert "[klicka](https://evil.example)" not in text
    assert "<at>" not in text
    edits = [a for a in json.loads(text)["body"][-2]["columns"][1]["items"][0]["actions"]]
    assert edits[0]["data"]["action"] == "flow.edit"
    assert {"flow.submit", "flow.back", "flow.cancel"} == set(actions(card))


def test_english_card():
    o = walk(ctx={"lang": "en", "instance": "x"})
    text = json.dumps(render(o.view))
    assert t("en", "incident.q.event") in text
    assert t("en", "dialog.progress", position=1, total=len(FLOW.path({}))) in text
