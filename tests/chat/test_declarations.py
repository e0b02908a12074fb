"""What every installed capability declares is complete: texts for every flow, form,
command and contribution, in Swedish and English, and every form's action handled."""

import pytest

from dialogs.answers import declared_choices
from i18n import keys, t


def _declared_keys(registry):
    for feature in registry.features:
        for spec in feature.flows:
            yield spec.flow.title_key
            for step in spec.flow.steps:
                yield step.question_key
                if step.help_key:
                    yield step.help_key
                yield from (c.label_key for c in declared_choices(step))
        for form in feature.forms:
            yield form.submit_key
            for field in form.fields:
                yield field.label_key
                yield from (k for k in (field.help_key, field.error_key) if k)
                yield from (c.label_key for c in field.choices)
        for command in feature.commands:
            yield command.description_key
            if command.argument_key:
                yield command.argument_key
        for start in feature.start_actions:
            yield start.label_key
        yield from (k for k in (feature.welcome_key, feature.about_key, feature.manifest_key) if k)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_declared_text_exists(registry, lang):
    assert not set(_declared_keys(registry)) - keys(lang)


def test_every_form_is_submitted_to_an_installed_action(registry):
    for feature in registry.features:
        for form in feature.forms:
            assert registry.action(form.id), form.id



@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_personal_data_warning_offers_three_different_choices(registry, lang):
    card = registry.samples["flow_pii_warning"](lang)
    titles = [a["title"] for a in card["actions"]]
    assert titles == [t(lang, "dialog.pii.rewrite"), t(lang, "dialog.pii.mask"),
                      t(lang, "dialog.pii.keep")]
    assert len(set(titles)) == 3 and t(lang, "dialog.form.keep") not in titles
