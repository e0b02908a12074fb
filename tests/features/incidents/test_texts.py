"""Every text the incident assessment can show exists in Swedish and English."""

import itertools

import pytest

from features.incidents.rules.breach import (
    BreachFacts,
    BreachType,
    Cause,
    Consequence,
    DataCategory,
    Encryption,
    EventType,
    Permanence,
    Recipients,
    Retrieval,
    SubjectCategory,
)
from features.incidents.rules.severity import assess
from i18n import keys


def assessment_keys():
    for breach, cause, data, subjects, recipients, encryption, event in itertools.product(
        [None, *BreachType], [None, Cause.UNKNOWN, Cause.EXTERNAL_ATTACK, Cause.HUMAN_ERROR],
        [(), *((d,) for d in DataCategory)],
        [(), (SubjectCategory.CHILDREN,)],
        [None, *Recipients], [None, Encryption.SAFE],
        list(EventType),
    ):
        for people in ((None, None), (5, 10), (500, 500), (5000, None)):
            a = assess(BreachFacts(
                breach, cause, frozenset(data), frozenset(subjects), people_low=people[0],
                people_high=people[1], ongoing=True, encryption=encryption,
                recipients=recipients, retrieval=Retrieval.CONFIRMED,
                consequences=frozenset({Consequence.IDENTITY_FRAUD}),
                permanence=Permanence.LASTING, event=event))
            yield f"incident.severity.band.{a.band}"
            yield f"incident.severity.suggestion.{a.suggestion}"
            yield from (f"incident.severity.why.{w}" for w in a.suggestion_reasons)
            for f in a.factors:
                yield f"incident.severity.factor.{f.key}"
                yield from (f"incident.severity.reason.{r}" for r in f.reasons)
            yield from (f"incident.edpb.{e.code}" for e in a.edpb)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_all_texts_exist(lang):
    missing = set(assessment_keys()) - keys(lang)
    assert not missing
