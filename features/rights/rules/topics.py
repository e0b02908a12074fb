"""What the rights explainer can explain: the eight rights of a data subject (GDPR
Art. 13–22) and a ninth topic, the handling of a request as such (Art. 12: how to log
it, how long we have). Pure data: the texts are `rights.topic.<topic>.<part>`.
"""

from __future__ import annotations

from enum import StrEnum


class Topic(StrEnum):
    """The value is stored and is the text key: never rename one."""

    INFORMATION = "information"
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    OBJECTION = "objection"
    PORTABILITY = "portability"
    AUTOMATED = "automated"  # automated individual decisions, including profiling
    REQUEST = "request"  # any rights request: how to handle and log it, the deadline


# The rights themselves, in the order of the regulation (and of the topic menu).
RIGHTS: tuple[Topic, ...] = tuple(t for t in Topic if t is not Topic.REQUEST)

# The articles of the GDPR each topic rests on. Art. 19 (telling the recipients)
# belongs to rectification, erasure and restriction; Art. 12 to every request.
ARTICLES: dict[Topic, tuple[int, ...]] = {
    Topic.INFORMATION: (13, 14),
    Topic.ACCESS: (15,),
    Topic.RECTIFICATION: (16, 19),
    Topic.ERASURE: (17, 19),
    Topic.RESTRICTION: (18, 19),
    Topic.OBJECTION: (21,),
    Topic.PORTABILITY: (20,),
    Topic.AUTOMATED: (22,),
    Topic.REQUEST: (12,),
}

# The parts of a topic's text, in the order a card shows them (`rights.topic.<t>.<part>`).
PARTS: tuple[str, ...] = ("title", "short", "meaning", "applies", "limits", "staff", "deadline")


def articles(topic: Topic) -> str:
    """The articles as a label, "Art. 16, 19": the same in Swedish and English."""
    return "Art. " + ", ".join(str(a) for a in ARTICLES[topic])


def text_key(topic: Topic, part: str) -> str:
    if part not in PARTS:
        raise ValueError(f"unknown part of a topic text: {part!r}")
    return f"rights.topic.{topic.value}.{part}"
