"""Every text the incident assessment can show exists in Swedish and English."""

import itertools

import pytest

from features.incidents.rules.breach import (
    BreachFacts,
    BreachType,
    Cause,
    DataCategory,
    SubjectCategory,
)
from features.incidents.rules.severity import assess
from i18n import keys


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
    missing = set(assessment_keys()) - keys(lang)
    assert not missing
