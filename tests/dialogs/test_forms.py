"""Single-card forms as the DSO fills them in: dates typed in words, decimals with a comma.

"Now" is Wednesday 25 November 2026 at 14:00 in Stockholm.
"""

import json
import re
import shutil
import subprocess
from datetime import UTC, date, datetime

import pytest

from cards.forms import form_card, form_inputs
from compliance.localtime import STOCKHOLM
from dialogs.forms import DECIMAL_PATTERN, TIME_SUFFIX, read_form
from dialogs.model import Field, Form, Kind
from dialogs.parsing import EMAIL_PATTERN
from i18n import t
from tests.cards.test_official_renderer import check_with_node
from tests.support.cards import nodes_of

NOW = datetime(2026, 11, 25, 14, 0, tzinfo=STOCKHOLM)

# Like the DSO's forms: when IMY was notified (a date and a time), when the people
# concerned were told (a day), and a factor's new value (0 to 4, in quarters).
FORM = Form(
    id="test.form",
    submit_key="dialog.form.pii_choice",
    fields=(
        Field("notified_at", "dialog.date_label", Kind.DATETIME),
        Field("told_on", "dialog.date_label", Kind.DATE),
        Field("value", "dialog.your_answer", Kind.DECIMAL, minimum=0, maximum=4),
    ),
)


def read(**data):
    return read_form(FORM, data, now=NOW)


def inputs(lang="sv", **kwargs):
    return {n["id"]: n for n in nodes_of(form_inputs(lang, FORM, **kwargs))
            if str(n.get("type", "")).startswith("Input.")}


# -- decimals ----------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "value"),
                         [("0,25", 0.25), ("0.25", 0.25), (" 0,5 ", 0.5), ("2", 2.0),
                          (",75", 0.75), ("4", 4.0)])
def test_0_25_is_accepted_in_the_adjustment_form_with_a_comma_or_a_point(typed, value):
    got = read(value=typed)
    assert got.ok and got.values["value"] == value


@pytest.mark.parametrize("typed", ["4,5", "-0,25", "0,2,5", "en kvart", "1 000"])
def test_a_value_that_is_not_an_allowed_number_is_refused(typed):
    assert read(value=typed).error.key == "dialog.form.number"


def test_the_value_field_is_a_text_input_that_takes_a_decimal_comma():
    field = inputs()["value"]
    assert field["type"] == "Input.Text"  # a browser's number input may refuse "0,25"
    assert field["regex"] == DECIMAL_PATTERN
    assert field["errorMessage"] == t("sv", "dialog.form.number")
    pattern = re.compile(DECIMAL_PATTERN)
    assert all(pattern.search(v) for v in ("0,25", "0.25", "2", ",5"))
    assert not any(pattern.search(v) for v in ("0,2,5", "abc", "1 000", ""))


def test_the_card_checks_the_decimal_the_way_the_server_does_in_javascript():
    """The card's pattern is run by the host as a JavaScript regex."""
    node = shutil.which("node")
    assert node, "node is needed to run the card's pattern as a host does"
    typed = ["0,25", "0.25", " 0,5 ", "2", ",75", "0,2,5", "en kvart", "1 000", "-"]
    script = ("const [p, vs] = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(vs.map(v => new RegExp(p, 'g').test(v))));")
    done = subprocess.run([node, "-e", script, json.dumps([DECIMAL_PATTERN, typed])],
                          capture_output=True, text=True, timeout=60, check=True)
    in_card = json.loads(done.stdout)
    on_server = [read(value=v).error is None or read(value=v).error.key != "dialog.form.number"
                 for v in typed]
    assert in_card == on_server == [True] * 5 + [False] * 4


# -- e-mail addresses -------------------------------------------------------------------

EMAIL_FORM = Form(id="test.email", submit_key="dialog.form.pii_choice", fields=(
    Field("who", "dialog.your_answer", Kind.EMAIL, required=True, max_length=100),))
ADDRESSES = ["Anna.Ek@Kommun.se", " olle@demo.example.se ", "a-b.c@sub.kommun.se",
             "anna", "anna@", "@kommun.se", "anna@kommun", "anna@kommun.se, olle@kommun.se",
             "Anna Ek <anna@kommun.se>", "anna ek@kommun.se"]
VALID = [True] * 3 + [False] * 7


def test_an_address_field_takes_one_address_and_says_so_otherwise():
    got = [read_form(EMAIL_FORM, {"who": a}) for a in ADDRESSES]
    assert [g.error is None for g in got] == VALID
    assert got[0].values["who"] == "anna.ek@kommun.se"  # stored as addresses compare
    assert got[1].values["who"] == "olle@demo.example.se"
    assert {g.error.key for g in got if g.error} == {"dialog.form.email"}
    # The address is the field's point: no personal-data warning for it.
    assert not read_form(EMAIL_FORM, {"who": "anna@kommun.se"}).pii_warning


def test_the_card_checks_the_address_the_way_the_server_does_in_javascript():
    [field] = [n for n in nodes_of(form_inputs("sv", EMAIL_FORM)) if n.get("id") == "who"]
    assert (field["type"], field["style"], field["regex"]) == (
        "Input.Text", "Email", EMAIL_PATTERN)
    node = shutil.which("node")
    assert node, "node is needed to run the card's pattern as a host does"
    script = ("const [p, vs] = JSON.parse(process.argv[1]);"
              "console.log(JSON.stringify(vs.map(v => new RegExp(p).test(v))));")
    done = subprocess.run([node, "-e", script, json.dumps([EMAIL_PATTERN, ADDRESSES])],
                          capture_output=True, text=True, timeout=60, check=True)
    assert json.loads(done.stdout) == VALID


def test_a_recorded_value_is_shown_with_a_swedish_decimal_comma():
    assert inputs("sv", values={"value": 0.25})["value"]["value"] == "0,25"
    assert inputs("en", values={"value": 0.25})["value"]["value"] == "0.25"
    assert inputs("sv", values={"value": 1.0})["value"]["value"] == "1"
    assert inputs("sv", values={"value": 2.5})["value"]["value"] == "2,5"


def test_what_was_typed_is_shown_again_as_typed_after_a_refusal():
    assert inputs("sv", draft={"value": "0.25"})["value"]["value"] == "0.25"
    assert inputs("sv", draft={"value": "4,5"}, values={"value": 1.0})["value"]["value"] == "4,5"


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_form_card_passes_the_official_adaptive_cards_checks(lang):
    card = form_card(lang, FORM, {"id": "x"}, values={"value": 0.25, "told_on": date(2026, 11, 20)})
    report = check_with_node([{"name": "form", "card": card}])
    assert report["form"]["errors"] == []


# -- dates -------------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "day"),
                         [("2026-11-20", date(2026, 11, 20)), ("idag", date(2026, 11, 25)),
                          ("igår", date(2026, 11, 24)), ("5/11", date(2026, 11, 5)),
                          ("i måndags", date(2026, 11, 23)), ("20 nov", date(2026, 11, 20))])
def test_the_date_field_takes_idag_and_swedish_dates(typed, day):
    got = read(told_on=typed)
    assert got.ok and got.values["told_on"] == day


@pytest.mark.parametrize(("typed", "key"),
                         [("imorgon", "dialog.error.future"), ("2026-11-26", "dialog.error.future"),
                          ("31/11", "dialog.error.date_invalid"),
                          ("5", "dialog.error.date_bare_number"), ("snart", "dialog.error.date")])
def test_the_date_field_refuses_the_future_and_what_it_cannot_read(typed, key):
    assert read(told_on=typed).error.key == key


def test_a_bare_number_in_the_date_field_asks_with_a_date_that_has_been():
    error = read(told_on="5").error
    assert t("sv", error.key, **error.params) == (
        "Menar du den 5/11? Skriv datumet med dag och månad, till exempel ”5/11”.")


# -- dates and times ---------------------------------------------------------------------

def moment(day, clock=None):
    return read(notified_at=day, **{"notified_at" + TIME_SUFFIX: clock})


@pytest.mark.parametrize(
    ("day", "clock", "expected"),
    [("2026-11-24", "14:30", datetime(2026, 11, 24, 14, 30, tzinfo=STOCKHOLM)),
     ("igår", "14.30", datetime(2026, 11, 24, 14, 30, tzinfo=STOCKHOLM)),
     ("idag", "9", datetime(2026, 11, 25, 9, 0, tzinfo=STOCKHOLM)),
     ("5/11", "14:30", datetime(2026, 11, 5, 14, 30, tzinfo=STOCKHOLM)),
     ("igår 14:30", None, datetime(2026, 11, 24, 14, 30, tzinfo=STOCKHOLM)),
     ("idag", "14:04", datetime(2026, 11, 25, 14, 4, tzinfo=STOCKHOLM))],  # a slow clock
)
def test_when_imy_was_notified_takes_typed_days_and_times(day, clock, expected):
    got = moment(day, clock)
    assert got.ok, got.error
    assert got.values["notified_at"] == expected.astimezone(UTC)


@pytest.mark.parametrize(
    ("day", "clock", "key"),
    [("igår", None, "dialog.form.datetime_both"),
     ("igår kväll", None, "dialog.form.datetime_both"),  # a guess is no notification time
     (None, "14:30", "dialog.form.datetime_both"),
     ("idag", "16:00", "dialog.error.future"),
     ("imorgon", "09:00", "dialog.error.future"),
     ("idag", "25:00", "dialog.error.datetime"),
     ("förra veckan", "10:00", "dialog.error.datetime_vague_week")],
)
def test_when_imy_was_notified_needs_a_time_that_has_been(day, clock, key):
    assert moment(day, clock).error.key == key


def test_an_empty_form_stays_empty():
    got = read()
    assert got.ok and got.values == {"notified_at": None, "told_on": None, "value": None}
