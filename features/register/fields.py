"""Every field of a register entry, declared once.

The declaration drives the chat forms (`form_field`), the server's reading and
validation of them, how a value is stored in the entry's document, which fields
an entry lacks (`missing`), and the spreadsheet: each field is a column with
its Swedish header and the header names and variants an imported workbook may
use (`headers`), and how a cell is read (`features.register.spreadsheet`).

Values in the entry's document: text and long text as str; lists as list[str];
a choice as its id; several choices as list[str] of ids; a date as ISO text.
Missing is None (or absent) or an empty list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from dialogs.model import Choice
from dialogs.model import Field as FormField
from dialogs.model import Kind as FormKind
from features.register.rules.dpia import Criterion
from features.register.rules.vocabulary import (
    Agreement,
    Art9Basis,
    Dpia,
    ExtraProtected,
    Klassa,
    LegalBasis,
    Safeguard,
    SpecialCategory,
    Status,
    YesNo,
)

Values = Mapping[str, Any]


class Kind(StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    LIST = "list"  # several free-text values (purposes, recipients, systems)
    CHOICE = "choice"
    CHOICES = "choices"  # several of a fixed set
    DATE = "date"


class Section(StrEnum):
    """How the entry card and the forms group the fields."""

    BASICS = "basics"
    ART30 = "art30"
    LEGAL = "legal"
    SECURITY = "security"
    CLASSIFICATION = "classification"
    DPIA = "dpia"
    CAMERA = "camera"
    ADMIN = "admin"


def always(values: Values) -> bool:
    return True


def _given(field_id: str, *wanted: str) -> Callable[[Values], bool]:
    """Required when another field holds (one of) these values, or anything."""

    def applies(values: Values) -> bool:
        value = values.get(field_id)
        given = value if isinstance(value, list) else ([value] if value else [])
        return bool(given) and (not wanted or bool(set(given) & set(wanted)))

    return applies


@dataclass(frozen=True)
class EntryField:
    id: str
    kind: Kind
    section: Section
    # Required for completeness when this says so (None: never required).
    required: Callable[[Values], bool] | None = always
    choices: tuple[str, ...] = ()  # choice ids; labels: register.choice.<choice_group>.<id>
    choice_group: str | None = None
    # Header names and variants a workbook may use (Swedish and English); the first is
    # the exported header in Swedish.
    headers: tuple[str, ...] = ()
    max_length: int = 2000

    @property
    def label_key(self) -> str:
        return f"register.field.{self.id}"

    @property
    def help_key(self) -> str:
        return f"register.help.{self.id}"

    def choice_key(self, choice_id: str) -> str:
        return f"register.choice.{self.choice_group or self.id}.{choice_id}"

    def is_missing(self, values: Values) -> bool:
        value = values.get(self.id)
        return value is None or value == "" or value == []

    def form_field(self, required: bool = False) -> FormField:
        """This field as an input of a chat form (dialogs.model.Field)."""
        kind = {Kind.TEXT: FormKind.SHORT_TEXT, Kind.LONG_TEXT: FormKind.LONG_TEXT,
                Kind.LIST: FormKind.LONG_TEXT, Kind.CHOICE: FormKind.SINGLE_CHOICE,
                Kind.CHOICES: FormKind.MULTI_CHOICE, Kind.DATE: FormKind.DATE}[self.kind]
        return FormField(self.id, self.label_key, kind, required=required,
                         choices=tuple(Choice(c, self.choice_key(c)) for c in self.choices),
                         max_length=self.max_length, help_key=self.help_key,
                         compact=len(self.choices) > 6)


def _ids(values: type[StrEnum]) -> tuple[str, ...]:
    return tuple(v.value for v in values)


FIELDS: tuple[EntryField, ...] = (
    EntryField("name", Kind.TEXT, Section.BASICS, max_length=300, headers=(
        "Behandling", "Behandlingens namn", "Namn på behandling", "Namn på behandlingen",
        "Personuppgiftsbehandling", "Processing activity", "Processing", "Name")),
    EntryField("object", Kind.TEXT, Section.BASICS, max_length=200, headers=(
        "Objekt", "Informationsobjekt", "Verksamhetsobjekt", "Object")),
    EntryField("owner", Kind.TEXT, Section.BASICS, required=None, max_length=200, headers=(
        "Objektägare", "Ägare", "Ansvarig", "Object owner", "Owner")),
    EntryField("purposes", Kind.LIST, Section.ART30, headers=(
        "Ändamål", "Ändamål med behandlingen", "Syfte", "Purposes", "Purpose")),
    EntryField("subject_categories", Kind.LIST, Section.ART30, headers=(
        "Kategorier av registrerade", "Registrerade", "Kategorier av personer",
        "Data subjects", "Categories of data subjects")),
    EntryField("data_categories", Kind.LIST, Section.ART30, headers=(
        "Kategorier av personuppgifter", "Personuppgifter", "Typ av personuppgifter",
        "Personal data", "Categories of personal data")),
    EntryField("special_categories", Kind.CHOICES, Section.ART30, required=None,
               choices=_ids(SpecialCategory), choice_group="special", headers=(
                   "Känsliga personuppgifter", "Särskilda kategorier", "Special categories")),
    EntryField("extra_protected", Kind.CHOICES, Section.ART30, required=None,
               choices=_ids(ExtraProtected), choice_group="extra", headers=(
                   "Extra skyddsvärda uppgifter", "Extra skyddsvärda", "Extra protected")),
    EntryField("recipients", Kind.LIST, Section.ART30, headers=(
        "Mottagare", "Kategorier av mottagare", "Recipients")),
    EntryField("transfers", Kind.LIST, Section.ART30, required=None, headers=(
        "Tredjelandsöverföring", "Tredjeland", "Överföring till tredjeland",
        "Third country transfers", "Transfers")),
    EntryField("transfer_safeguard", Kind.CHOICE, Section.ART30,
               required=_given("transfers"), choices=_ids(Safeguard), choice_group="safeguard",
               headers=("Skyddsåtgärd vid överföring", "Skyddsåtgärd", "Safeguard")),
    EntryField("retention", Kind.LONG_TEXT, Section.ART30, headers=(
        "Lagringstid", "Gallring", "Gallringsfrist", "Bevarande och gallring", "Retention")),
    EntryField("retention_reference", Kind.TEXT, Section.ART30, required=None, max_length=300,
               headers=("Gallringsbeslut", "Dokumenthanteringsplan", "Referens gallring",
                        "Retention reference")),
    EntryField("legal_basis", Kind.CHOICES, Section.LEGAL, choices=_ids(LegalBasis),
               choice_group="legal_basis", headers=(
                   "Rättslig grund", "Laglig grund", "Rättslig grund art. 6", "Legal basis")),
    EntryField("art9_basis", Kind.CHOICES, Section.LEGAL,
               required=_given("special_categories"), choices=_ids(Art9Basis),
               choice_group="art9", headers=(
                   "Rättslig grund art. 9", "Undantag art. 9", "Art. 9 basis")),
    EntryField("legal_basis_note", Kind.TEXT, Section.LEGAL, required=None, max_length=500,
               headers=("Författning", "Stöd i författning", "Lagstöd", "Legal provision")),
    EntryField("security_measures", Kind.LONG_TEXT, Section.SECURITY, headers=(
        "Säkerhetsåtgärder", "Tekniska och organisatoriska säkerhetsåtgärder",
        "Security measures")),
    EntryField("systems", Kind.LIST, Section.SECURITY, required=None, headers=(
        "System", "IT-system", "Systems")),
    EntryField("processors", Kind.LIST, Section.SECURITY, required=None, headers=(
        "Personuppgiftsbiträde", "Personuppgiftsbiträden", "PUB", "Processors")),
    EntryField("processor_agreement", Kind.CHOICE, Section.SECURITY,
               required=_given("processors"), choices=_ids(Agreement),
               choice_group="agreement", headers=(
                   "PUB-avtal", "Biträdesavtal", "Personuppgiftsbiträdesavtal",
                   "Processor agreement")),
    EntryField("classified", Kind.CHOICE, Section.CLASSIFICATION, choices=_ids(YesNo),
               choice_group="yes_no", headers=(
                   "Informationsklassning", "Informationsklassad", "Klassad",
                   "Information classification")),
    EntryField("classified_on", Kind.DATE, Section.CLASSIFICATION,
               required=_given("classified", YesNo.YES), headers=(
                   "Datum för klassning", "Klassad datum", "Classified on")),
    EntryField("klassa_confidentiality", Kind.CHOICE, Section.CLASSIFICATION,
               required=_given("classified", YesNo.YES), choices=_ids(Klassa),
               choice_group="klassa", headers=("Konfidentialitet", "K", "Confidentiality")),
    EntryField("klassa_integrity", Kind.CHOICE, Section.CLASSIFICATION,
               required=_given("classified", YesNo.YES), choices=_ids(Klassa),
               choice_group="klassa", headers=("Riktighet", "R", "Integrity")),
    EntryField("klassa_availability", Kind.CHOICE, Section.CLASSIFICATION,
               required=_given("classified", YesNo.YES), choices=_ids(Klassa),
               choice_group="klassa", headers=("Tillgänglighet", "T", "Availability")),
    EntryField("klassa_traceability", Kind.CHOICE, Section.CLASSIFICATION,
               required=_given("classified", YesNo.YES), choices=_ids(Klassa),
               choice_group="klassa", headers=("Spårbarhet", "S", "Traceability")),
    EntryField("dpia_screening", Kind.CHOICES, Section.DPIA, required=None,
               choices=_ids(Criterion), choice_group="criterion", headers=(
                   "Screening konsekvensbedömning", "DPIA-screening", "Kriterier för DPIA",
                   "DPIA screening")),
    EntryField("dpia", Kind.CHOICE, Section.DPIA, choices=_ids(Dpia), headers=(
        "Konsekvensbedömning", "DPIA", "Konsekvensbedömning avseende dataskydd")),
    EntryField("dpia_date", Kind.DATE, Section.DPIA,
               required=_given("dpia", Dpia.DONE, Dpia.FOLLOW_UP), headers=(
                   "Datum för konsekvensbedömning", "DPIA datum", "DPIA date")),
    EntryField("dpia_follow_up", Kind.DATE, Section.DPIA,
               required=_given("dpia", Dpia.FOLLOW_UP), headers=(
                   "Uppföljning konsekvensbedömning", "DPIA uppföljning", "DPIA follow-up")),
    EntryField("camera", Kind.CHOICE, Section.CAMERA, required=None, choices=_ids(YesNo),
               choice_group="yes_no", headers=(
                   "Kamerabevakning", "Kameraövervakning", "Camera surveillance")),
    EntryField("camera_location", Kind.TEXT, Section.CAMERA,
               required=_given("camera", YesNo.YES), max_length=500, headers=(
                   "Kamerans placering", "Plats för kamera", "Camera location")),
    EntryField("camera_purpose", Kind.LONG_TEXT, Section.CAMERA,
               required=_given("camera", YesNo.YES), headers=(
                   "Syfte med kamerabevakning", "Camera purpose")),
    EntryField("camera_retention", Kind.TEXT, Section.CAMERA,
               required=_given("camera", YesNo.YES), max_length=300, headers=(
                   "Lagringstid inspelningar", "Bevarandetid inspelat material",
                   "Recording retention")),
    EntryField("camera_assessment", Kind.LONG_TEXT, Section.CAMERA,
               required=_given("camera", YesNo.YES), headers=(
                   "Tillstånd eller intresseavvägning", "Kameratillstånd",
                   "Dokumenterad bedömning", "Camera permit or assessment")),
    EntryField("status", Kind.CHOICE, Section.ADMIN, choices=_ids(Status), headers=(
        "Status", "Aktiv")),
    EntryField("diarienummer", Kind.TEXT, Section.ADMIN, required=None, max_length=64,
               headers=("Diarienummer", "Dnr", "Registration number")),
    EntryField("reviewed_on", Kind.DATE, Section.ADMIN, required=None, headers=(
        "Senast granskad", "Granskad", "Reviewed", "Last reviewed")),
)

BY_ID: dict[str, EntryField] = {f.id: f for f in FIELDS}
# Kept in their own columns (the object and owner in their own tables), not in `values`.
STRUCTURAL = frozenset({"name", "object", "owner", "status", "reviewed_on"})


def field(field_id: str) -> EntryField:
    return BY_ID[field_id]
