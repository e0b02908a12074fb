"""Every text the incident flow and its assessment can show exists in Swedish and English."""

import itertools

import pytest

from compliance.breach import BreachFacts, BreachType, Cause, DataCategory, SubjectCategory
from compliance.severity import assess
from dialogs.answers import declared_choices
from dialogs.flows import FLOWS
from i18n import keys


def flow_keys():
    for flow in FLOWS.values():
        yield flow.title_key
        for step in flow.steps:
            yield step.question_key
            if step.help_key:
                yield step.help_key
            yield from (c.label_key for c in declared_choices(step))


def assessment_keys():
    for breach, cause, data, subjects in itertools.product(
        [None, *BreachType], [None, *Cause],
        [(), (DataCategory.ORDINARY,), (DataCategory.SPECIAL,), (DataCategory.FINANCIAL,),
         (DataCategory.IDENTITY_NUMBERS,)],
        [(), (SubjectCategory.CHILDREN,)],
    ):
        a = assess(BreachFacts(breach, cause, frozenset(data), frozenset(subjects),
                               people_low=5, people_high=10, ongoing=True))
        yield f"incident.severity.band.{a.band}"
        yield f"incident.severity.suggestion.{a.suggestion}"
        yield from (f"incident.severity.why.{w}" for w in a.suggestion_reasons)
        for f in a.factors:
            yield f"incident.severity.factor.{f.key}"
            yield from (f"incident.severity.reason.{r}" for r in f.reasons)
        yield from (f"incident.edpb.{e.code}" for e in a.edpb)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_all_texts_exist(lang):
    missing = (set(flow_keys()) | set(assessment_keys())) - keys(lang)
    assert not missing
