"""Every field of a camera, declared once: the import reads a column by these header
words (Swedish or English; case, accents, punctuation and a unit in brackets do not
matter), the export writes the first Swedish or English one, and the cards label a
value with the same words. The kind says how a cell is read and a value is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from i18n import Lang


class Kind(StrEnum):
    REFERENCE = "reference"  # the organisation's own id: what a re-import matches on
    TEXT = "text"  # one line
    LONG = "long"  # free text that may hold personal data: masked by the guard
    NUMBER = "number"  # a whole number of cameras
    YES_NO = "yes_no"
    HOURS = "hours"  # a retention time: "7 dagar", "72 timmar", "48 h", "1 vecka"
    DATE = "date"
    ACTIVITY = "activity"  # a processing activity of the register, by reference or name
    PERSON = "person"  # a name (linked to a person of the organisation where one is known)
    STATUS = "status"  # active or retired


@dataclass(frozen=True)
class CameraField:
    id: str  # the Camera attribute it fills (or `activity`, `responsible`)
    sv: tuple[str, ...]  # header words; the first is the one written and shown
    en: tuple[str, ...]
    kind: Kind
    names: bool = False  # the guard also masks names of people in it

    def header(self, lang: Lang) -> str:
        return (self.en if lang == "en" else self.sv)[0]

    @property
    def headers(self) -> tuple[str, ...]:
        return self.sv + self.en


FIELDS: tuple[CameraField, ...] = (
    CameraField("reference", ("Kamera-ID", "Kamera", "Kamera id", "Kameranummer", "Referens",
                              "ID", "Nr"),
                ("Camera ID", "Camera", "Reference", "Camera reference"), Kind.REFERENCE),
    CameraField("name", ("Namn", "Benämning", "Kameranamn", "Beskrivning"),
                ("Name", "Camera name", "Description"), Kind.TEXT),
    CameraField("count", ("Antal", "Antal kameror", "St", "Antal st"),
                ("Count", "Number", "Number of cameras"), Kind.NUMBER),
    CameraField("location", ("Plats", "Adress", "Placering", "Plats adress", "Var"),
                ("Location", "Address", "Place", "Site"), Kind.TEXT),
    CameraField("coordinates", ("Koordinater", "Koordinat", "Position", "GPS"),
                ("Coordinates", "Coordinate", "Lat long"), Kind.TEXT),
    CameraField("public_place", ("Allmän plats", "Allmän plats ja nej", "Allmänt tillgänglig"),
                ("Public place", "Public"), Kind.YES_NO),
    CameraField("coverage", ("Bevakat område", "Vad bevakas", "Täcker", "Upptagningsområde"),
                ("Coverage", "Covers", "Area covered"), Kind.LONG, names=True),
    CameraField("purpose", ("Ändamål", "Syfte", "Ändamål med bevakningen"),
                ("Purpose", "Purposes"), Kind.LONG, names=True),
    CameraField("unit", ("Ansvarig enhet", "Enhet", "Förvaltning", "Verksamhet"),
                ("Responsible unit", "Unit", "Department"), Kind.TEXT),
    CameraField("responsible", ("Ansvarig", "Ansvarig person", "Kontaktperson",
                                "Kameraansvarig"),
                ("Responsible", "Responsible person", "Contact person"), Kind.PERSON),
    CameraField("video_system", ("Videosystem", "System", "VMS", "Kamerasystem"),
                ("Video system", "Video management system"), Kind.TEXT),
    CameraField("processor", ("Personuppgiftsbiträde", "PUB", "Biträde", "Leverantör"),
                ("Processor", "Data processor", "Supplier"), Kind.TEXT),
    CameraField("recording", ("Inspelning", "Spelar in", "Inspelning eller live"),
                ("Recording", "Records"), Kind.YES_NO),
    CameraField("sound", ("Ljud", "Ljudupptagning", "Ljudinspelning"),
                ("Sound", "Audio", "Sound recording"), Kind.YES_NO),
    CameraField("retention_hours", ("Lagringstid", "Bevarandetid", "Sparas", "Gallras efter",
                                    "Lagring"),
                ("Retention", "Retention time", "Kept for"), Kind.HOURS),
    CameraField("access", ("Behörighet", "Åtkomst", "Behöriga", "Vem har åtkomst",
                           "Åtkomst till inspelningar"),
                ("Access", "Who has access"), Kind.LONG, names=True),
    CameraField("signage", ("Skyltning", "Skylt", "Skyltad"), ("Signage", "Signs"),
                Kind.LONG, names=True),
    CameraField("assessment_on", ("Intresseavvägning", "Intresseavvägning datum",
                                  "Datum intresseavvägning"),
                ("Assessment of interests", "Balancing of interests"), Kind.DATE),
    CameraField("assessment_ref", ("Diarienummer", "Dnr", "Diarienr",
                                   "Diarienummer intresseavvägning"),
                ("Registration number", "Case number", "Reference number"), Kind.TEXT),
    CameraField("risk_analysis_on", ("Riskanalys", "Riskanalys datum", "Datum riskanalys"),
                ("Risk analysis", "Risk assessment"), Kind.DATE),
    CameraField("permit", ("Tillstånd", "Tillstånd kamerabevakning", "Beslut om tillstånd"),
                ("Permit",), Kind.TEXT),
    CameraField("cooperation", ("Samverkan", "Samverkan med", "Ansvarsfördelning"),
                ("Cooperation", "Division of responsibility"), Kind.LONG, names=True),
    CameraField("activity", ("Behandling", "Behandlingsaktivitet", "Registerförteckning",
                             "Personuppgiftsbehandling"),
                ("Processing activity", "Processing", "Activity"), Kind.ACTIVITY),
    CameraField("status", ("Status", "Aktiv"), ("State",), Kind.STATUS),
)
BY_ID: dict[str, CameraField] = {f.id: f for f in FIELDS}

# The Camera attribute each field fills (the rest fill the attribute of their id).
ATTRIBUTE = {"activity": "processing_activity_id", "responsible": "responsible_name"}

# --- values in words ---------------------------------------------------------------------

_UNITS = {"sv": (("timme", "timmar"), ("dag", "dagar")),
          "en": (("hour", "hours"), ("day", "days"))}
_YES_NO = {"sv": ("Ja", "Nej"), "en": ("Yes", "No")}
_STATUS = {"sv": {"active": "Aktiv", "retired": "Avvecklad"},
           "en": {"active": "Active", "retired": "Retired"}}


def hours_in_words(hours: int | None, lang: Lang) -> str:
    """A retention time as people write it, and as the import reads it back: whole days
    as days ("7 dagar"), anything else as hours ("36 timmar"); "" when not set."""
    if hours is None:
        return ""
    (hour, hours_word), (day, days_word) = _UNITS["en" if lang == "en" else "sv"]
    if hours and hours % 24 == 0:
        days = hours // 24
        return f"{days} {day if days == 1 else days_word}"
    return f"{hours} {hour if hours == 1 else hours_word}"


def yes_no(value: bool | None, lang: Lang) -> str:
    if value is None:
        return ""
    yes, no = _YES_NO["en" if lang == "en" else "sv"]
    return yes if value else no


def status_word(status: str, lang: Lang) -> str:
    return _STATUS["en" if lang == "en" else "sv"].get(status, status)
