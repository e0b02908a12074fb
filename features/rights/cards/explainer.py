"""The rights explained: a menu of the topics, one topic in plain words, and "I am not
sure: shall I ask the DSO?" with the question ready to send.

The person's own question only travels in the data of the button that relays it
(this is the 1:1 chat), and in the relay form's input; it is never put in text.
"""

from __future__ import annotations

from collections.abc import Sequence

from cards import elements as el
from cards.forms import form_card
from cards.safe import inert
from features.rights.forms import ASK_DSO_FORM
from features.rights.rules.topics import RIGHTS, Topic, articles, text_key
from i18n import Lang, t

LOG_FLOW = "rights_log"


def _log_button(lang: Lang) -> el.Element:
    return el.action_submit(t(lang, "rights.action.log"), "flow.start", {"flow": LOG_FLOW})


def _ask_button(lang: Lang, question: str | None, topic: Topic | None) -> el.Element:
    data = {"question": (question or "")[:2000], "hint": topic.value if topic else None}
    return el.action_submit(t(lang, "rights.action.ask_dso"), "rights.ask_start", data)


def menu_card(lang: Lang) -> dict:
    """Every topic, each with its one line and a button to read it."""
    heading = t(lang, "rights.explain.menu_title")
    body: list[el.Element] = [el.heading(heading, size="Medium"),
                              el.text(t(lang, "rights.explainer.intro"), trusted=True)]
    for topic in (*RIGHTS, Topic.REQUEST):
        body.append(el.container([
            el.text(t(lang, text_key(topic, "short")), trusted=True, isSubtle=True,
                    size="Small"),
            el.action_set([el.action_submit(t(lang, text_key(topic, "title")), "rights.topic",
                                            {"topic": topic.value})]),
        ], separator=True))
    return el.card(body, [_log_button(lang), _ask_button(lang, None, None)], lang=lang,
                   fallback_text=heading)


def _section(lang: Lang, heading_key: str, topic: Topic, part: str) -> list[el.Element]:
    return [el.text(t(lang, heading_key), trusted=True, weight="Bolder", spacing="Medium"),
            el.text(t(lang, text_key(topic, part)), trusted=True)]


def topic_card(lang: Lang, topic: Topic, *, question: str | None = None,
               matched: Sequence[str] = ()) -> dict:
    """One topic in plain words; when it answers a typed question, why it was chosen."""
    heading = t(lang, text_key(topic, "title"))
    body: list[el.Element] = [el.heading(heading, size="Medium"),
                              el.text(articles(topic), trusted=True, isSubtle=True,
                                      size="Small", spacing="None")]
    if matched:
        words = ", ".join(f"”{inert(w, 40)}”" for w in matched[:3])
        body.append(el.text(t(lang, "rights.explain.matched", words=words), trusted=True,
                            isSubtle=True, size="Small"))
    body += _section(lang, "rights.explain.meaning", topic, "meaning")
    body += _section(lang, "rights.explain.applies", topic, "applies")
    body += _section(lang, "rights.explain.limits", topic, "limits")
    body += _section(lang, "rights.explain.staff", topic, "staff")
    body += _section(lang, "rights.explain.deadline", topic, "deadline")
    body.append(el.text(t(lang, "rights.explainer.disclaimer"), trusted=True, isSubtle=True,
                        size="Small", spacing="Medium"))
    ask_title = "rights.action.wrong_topic" if question else "rights.action.ask_dso"
    ask = _ask_button(lang, question, topic)
    ask["title"] = t(lang, ask_title)
    actions = [_log_button(lang), ask,
               el.action_submit(t(lang, "rights.action.all_topics"), "command",
                                {"command": "rights"})]
    return el.card(body, actions, lang=lang, fallback_text=heading)


def ask_card(lang: Lang, question_id: str, *, question: str | None, hint: str | None,
             intro_key: str = "rights.explain.ask_intro", notice: str | None = None,
             draft: dict | None = None) -> dict:
    """The question for the DSO, ready to send (or written here); `question_id` names
    the question before it exists, so a second click on the same card sends nothing
    twice."""
    before: list[el.Element] = [el.heading(t(lang, "rights.explain.ask_title"), size="Medium"),
                                el.text(t(lang, intro_key), trusted=True)]
    if notice:
        before.append(el.container([el.text(notice, trusted=True, weight="Bolder")],
                                   style="emphasis"))
    card = form_card(lang, ASK_DSO_FORM, {"rights_question": question_id, "hint": hint},
                     values={"question": question} if question else None, draft=draft,
                     before=before)
    card["actions"].append(el.action_submit(t(lang, "rights.action.all_topics"), "command",
                                            {"command": "rights"}))
    return card
