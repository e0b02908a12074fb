"""Gallery samples for footage-request cards, with hostile text where people type."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from cards.gallery import HOSTILE_NAME, HOSTILE_TEXT
from features.cameras.requests.cards import desk_card, request_card, request_form_card
from features.cameras.requests.forms import DECIDE_FORM
from features.cameras.requests.rules.clock import Erasure
from features.cameras.requests.views import RequestView

NOW = datetime(2026, 4, 2, 8, 0, tzinfo=UTC)


def sample_request() -> RequestView:
    return RequestView(
        id="f-1", revision=2, reference="KAM-2026-0004", status="received",
        requester_kind="police", requester_name=None, requester_ref=HOSTILE_NAME,
        cameras=("Resecentrum entré (K-014)", "Torget norr (K-015)"),
        window_start=datetime(2026, 3, 27, 21, 0, tzinfo=UTC),
        window_end=datetime(2026, 3, 27, 22, 0, tzinfo=UTC), purpose=HOSTILE_TEXT,
        imprisonment=True, channel="email", received_at=NOW, needed_by=date(2026, 4, 10),
        logged_by="Sara Svensson", erasure=Erasure(datetime(2026, 4, 3, 20, 0, tzinfo=UTC)),
        now=NOW, secured_at=None, secured_by=None, secured_where=None, decision=None,
        decision_reason=None, legal_ground=None, decided_by=None, decided_capacity=None,
        decided_on=None, handover={}, handed_over_at=None, may_handle=True, may_decide=True)


def _decided() -> RequestView:
    return replace(sample_request(), status="handed_over", secured_at=NOW,
                   secured_by=HOSTILE_NAME, secured_where=HOSTILE_TEXT, decision="partial",
                   decision_reason=HOSTILE_TEXT, legal_ground="OSL 32 kap. 3 a §",
                   decided_by=HOSTILE_NAME, decided_capacity="Förvaltningschef",
                   decided_on=date(2026, 4, 2), handed_over_at=NOW,
                   handover={"format": "MP4", "size": "1,2 GB", "medium": "secure_link",
                             "recipient": HOSTILE_NAME, "checksum": "a" * 64})


SAMPLES = {
    "footage_request_urgent": lambda lang: request_card(lang, sample_request()),
    "footage_request_done": lambda lang: request_card(lang, _decided()),
    "footage_request_decide": lambda lang: request_form_card(
        lang, sample_request(), DECIDE_FORM,
        grounds=[("osl_32_3a", "OSL 32 kap. 3 a §"), ("osl_10_24", "OSL 10 kap. 24 §")]),
    "footage_request_desk": lambda lang: desk_card(lang, [sample_request(), _decided()]),
}
