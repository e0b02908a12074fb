import pytest

import i18n
from i18n import LANGUAGES, language_of, placeholders, t


def test_every_key_exists_in_every_language():
    sv, en = i18n.keys("sv"), i18n.keys("en")
    assert sv, "catalogs were not found"
    assert sorted(sv - en) == [], "only in Swedish"
    assert sorted(en - sv) == [], "only in English"


def test_placeholders_are_the_same_in_both_languages():
    differ = {
        key: (placeholders(i18n.catalog("sv")[key]), placeholders(i18n.catalog("en")[key]))
        for key in i18n.keys("sv") & i18n.keys("en")
        if placeholders(i18n.catalog("sv")[key]) != placeholders(i18n.catalog("en")[key])
    }
    assert differ == {}


def test_catalogs_are_loaded_from_every_area_file():
    areas = i18n.areas("sv")
    assert {"common", "help", "about", "welcome", "cases"} <= areas
    assert {key.split(".")[0] for key in i18n.keys("sv")} == areas


@pytest.mark.parametrize(
    ("locale", "lang"),
    [
        ("sv-SE", "sv"),
        ("en-US", "en"),
        ("en-GB", "en"),
        ("EN", "en"),
        ("en_US", "en"),
        ("fi-FI", "sv"),
        ("", "sv"),
        (None, "sv"),
        ("enx", "sv"),
    ],
)
def test_language_follows_the_teams_locale_with_swedish_by_default(locale, lang):
    assert language_of(locale) == lang


def test_texts_differ_by_language_and_fill_parameters():
    assert t("sv", "common.yes") == "Ja" and t("en", "common.yes") == "Yes"
    assert "Anna" in t("sv", "welcome.title", name="Anna")
    assert set(LANGUAGES) == {"sv", "en"}


def test_a_parameter_value_with_braces_is_not_interpreted():
    assert t("en", "welcome.title", name="{0} {name}") == "Hello {0} {name}!"


def test_missing_key_raises_in_strict_mode():
    with pytest.raises(i18n.MissingText):
        t("sv", "common.does_not_exist")
    with pytest.raises(i18n.MissingText):
        t("sv", "welcome.title")  # the name parameter is missing


def test_missing_key_falls_back_and_is_recorded_in_production(caplog):
    i18n.set_strict(False)
    assert t("sv", "common.does_not_exist") == "common.does_not_exist"
    assert t("fr", "common.yes") == "Ja"  # an unknown language gets Swedish
    assert t("sv", "welcome.title") == "Hej {name}!"
    assert ("sv", "common.does_not_exist") in i18n.misses()
    assert "common.does_not_exist" in caplog.text


def test_a_deadline_reads_the_same_whatever_the_servers_locale():
    from datetime import date

    from i18n.dates import long_date

    assert long_date(date(2026, 2, 16), "sv") == "måndag 16 februari 2026"
    assert long_date(date(2026, 2, 16), "en") == "Monday 16 February 2026"
    assert long_date(date(2028, 2, 29), "sv", weekday=False) == "29 februari 2028"


def test_a_capability_may_split_its_area_over_files_but_not_share_it(tmp_path, monkeypatch):
    import pytest

    from i18n import loader

    def capability(name: str, files: dict[str, str]):
        folder = tmp_path / name
        for relative, text in files.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_text(text, encoding="utf-8")
        return folder.resolve()

    one = capability("one", {"sv.toml": '[zz]\na = "A"\n', "sv/more.toml": '[zz.b]\nc = "C"\n'})
    monkeypatch.setattr(loader, "_sources", [one])
    loader.catalog.cache_clear()
    assert {k: v for k, v in loader.catalog("sv").items() if k.startswith("zz.")} == {
        "zz.a": "A", "zz.b.c": "C"}

    clash = capability("two", {"sv.toml": '[yy]\na = "A"\n', "sv/more.toml": '[yy]\na = "B"\n'})
    other = capability("three", {"sv.toml": '[zz]\nd = "D"\n'})
    for sources in ([clash], [one, other]):
        monkeypatch.setattr(loader, "_sources", sources)
        loader.catalog.cache_clear()
        with pytest.raises(ValueError, match="defined"):
            loader.catalog("sv")
    loader.catalog.cache_clear()
