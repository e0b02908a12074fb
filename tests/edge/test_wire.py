"""Our direct (de)serialiser agrees with msrest, and keeps the properties msrest drops."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from botbuilder.core import CardFactory, MessageFactory, TurnContext
from botbuilder.schema import (
    ActionTypes,
    Activity,
    ActivityTypes,
    CardAction,
    ChannelAccount,
    ConversationAccount,
    ConversationReference,
    HeroCard,
    InputHints,
    Mention,
    RoleTypes,
)
from botbuilder.schema.teams import NotificationInfo, TeamsChannelData, TenantInfo
from msrest.serialization import Model

from bot.channel.wire import from_wire, to_wire
from tests.support.fakes.activities import card_action_invoke, teams_activity


def _reply_in_conversation() -> Activity:
    reference = ConversationReference(
        activity_id="1",
        user=ChannelAccount(id="29:u"),
        bot=ChannelAccount(id="28:b"),
        conversation=ConversationAccount(id="a:1", is_group=False),
        channel_id="msteams",
        service_url="https://smba.trafficmanager.net/emea/",
    )
    return TurnContext.apply_conversation_reference(MessageFactory.text("svar"), reference)


def _mention() -> Activity:
    message = MessageFactory.text("<at>Anna</at> hej")
    anna = ChannelAccount(id="29:x", name="Anna")
    message.entities = [Mention(mentioned=anna, text="<at>Anna</at>", type="mention")]
    return message


ADAPTIVE = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "å"}]}
HERO = HeroCard(title="t", buttons=[CardAction(type=ActionTypes.im_back, title="Ja", value="ja")])

ACTIVITIES = {
    "text": lambda: MessageFactory.text("hej"),
    "adaptive card": lambda: MessageFactory.attachment(CardFactory.adaptive_card(ADAPTIVE)),
    "carousel with a model inside an object field": lambda: MessageFactory.carousel(
        [CardFactory.hero_card(HERO), CardFactory.adaptive_card(ADAPTIVE)]
    ),
    "mention": _mention,
    "suggested actions": lambda: MessageFactory.suggested_actions(
        [CardAction(title="Ja", type=ActionTypes.im_back, value="ja")], "Välj"
    ),
    "reply with enums, timestamp and Teams channel data": lambda: Activity(
        type=ActivityTypes.message,
        text="x",
        timestamp=datetime(2026, 1, 2, 3, 4, 5, 123000, tzinfo=UTC),
        channel_data=TeamsChannelData(
            tenant=TenantInfo(id="t"), notification=NotificationInfo(alert=True)
        ),
        recipient=ChannelAccount(id="29:x", aad_object_id="o", role=RoleTypes.user),
        input_hint=InputHints.accepting_input,
        value={"a": [1, 2, {"b": None}]},
    ),
    "conversation reference applied": _reply_in_conversation,
}


@pytest.mark.parametrize("build", ACTIVITIES.values(), ids=ACTIVITIES.keys())
def test_same_json_as_msrest(build):
    activity = build()
    assert to_wire(activity) == activity.serialize()


def test_properties_botbuilder_does_not_model_are_kept():
    inbound = teams_activity("https://smba.trafficmanager.net/emea/")
    inbound["entities"] = [{"type": "clientInfo", "locale": "sv-SE", "country": "SE"}]
    wire = to_wire(Activity().deserialize(inbound))
    assert wire["conversation"]["tenantId"] == inbound["conversation"]["tenantId"]
    assert wire["entities"] == inbound["entities"]


def test_values_that_are_not_json_are_refused():
    with pytest.raises(TypeError):
        to_wire(Activity(type="message", value=object()))


def _same_model(ours, theirs, path="activity"):
    if isinstance(theirs, Model):
        assert type(ours) is type(theirs), path
        for name in vars(theirs):
            _same_model(getattr(ours, name), getattr(theirs, name), f"{path}.{name}")
    elif isinstance(theirs, list):
        assert isinstance(ours, list) and len(ours) == len(theirs), path
        for index, (a, b) in enumerate(zip(ours, theirs, strict=True)):
            _same_model(a, b, f"{path}[{index}]")
    else:
        assert ours == theirs and type(ours) is type(theirs), path


SERVICE = "https://smba.trafficmanager.net/emea/"
INBOUND = {
    "personal message": teams_activity(SERVICE, text="Hej, jag vill rapportera"),
    "card action invoke": card_action_invoke(SERVICE, "answer", {"step": "when", "value": "idag"}),
    "Action.Submit message": teams_activity(SERVICE, text=None, value={"action": "next", "n": 2}),
    "bot installed in a team": teams_activity(
        SERVICE,
        type="conversationUpdate",
        text=None,
        conversation={"id": "19:x@thread.tacv2", "conversationType": "channel", "isGroup": True},
        membersAdded=[{"id": "28:bot"}, {"id": "29:u", "aadObjectId": "o"}],
        channelData={
            "team": {"id": "19:x@thread.tacv2", "name": "Dataskydd", "aadGroupId": "g"},
            "eventType": "teamMemberAdded",
            "tenant": {"id": "t"},
        },
    ),
    "channel message with a mention and client info": teams_activity(
        SERVICE,
        text="<at>DSO-boten</at> hjälp",
        localTimestamp="2026-11-20T14:30:00.123+01:00",
        localTimezone="Europe/Stockholm",
        entities=[
            {"type": "mention", "mentioned": {"id": "28:bot", "name": "DSO-boten"},
             "text": "<at>DSO-boten</at>"},
            {"type": "clientInfo", "locale": "sv-SE", "country": "SE", "platform": "Web"},
        ],
        attachments=[{"contentType": "text/html", "content": "<div>hjälp</div>"}],
        textFormat="plain",
        attachmentLayout="list",
    ),
    "reaction": teams_activity(
        SERVICE, type="messageReaction", text=None, reactionsAdded=[{"type": "like"}],
        replyToId="1700000000000",
    ),
    "install update": teams_activity(SERVICE, type="installationUpdate", text=None, action="add"),
}


@pytest.mark.parametrize("payload", INBOUND.values(), ids=INBOUND.keys())
def test_reads_activities_exactly_like_msrest(payload):
    _same_model(from_wire(Activity, payload), Activity().deserialize(payload))


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "message", "conversation": "a:1"},
        {"type": "message", "membersAdded": {"id": "29:u"}},
        {"type": "message", "timestamp": "igår"},
        {"type": {"nested": True}},
    ],
)
def test_wrongly_shaped_fields_are_value_errors(payload):
    with pytest.raises(ValueError):
        from_wire(Activity, payload)
