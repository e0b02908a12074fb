"""Gallery samples of the platform's cards, with hostile text and the installed
capabilities' real contributions (start buttons, offers, purposes)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from cards import elements as el
from cards.gallery import HOSTILE_LONG, HOSTILE_NAME, HOSTILE_TEXT, SampleBuilder
from chat.platform.cards.about import about_card
from chat.platform.cards.busy import busy_card
from chat.platform.cards.help import help_card
from chat.platform.cards.my_cases import Draft, my_cases_card
from chat.platform.cards.organisation import choose_organisation_card
from chat.platform.cards.welcome import welcome_card
from chat.registry import CaseSummary, Registry
from chat.retention import Schedule
from dialogs import engine
from dialogs.answers import Context
from i18n import Lang, t
from storage.roles import Role

NOW = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)


def platform_samples(registry_of: Callable[[], Registry]) -> dict[str, SampleBuilder]:
    """Builders that read the registry when called (it is complete by then)."""

    def starts():
        return registry_of().contributions("start_actions")

    def welcome(lang: Lang) -> el.Element:
        return welcome_card(lang, user_name=HOSTILE_NAME,
                            organisation_name="Socialnämnden [x](https://evil.example)",
                            dso_name="Dana Dataskydd",
                            offers=registry_of().contributions("welcome_key"), starts=starts())

    def welcome_minimal(lang: Lang) -> el.Element:
        return welcome_card(lang, user_name=None, organisation_name=None, dso_name=None)

    def help_for(*roles: Role, unknown: str | None = None) -> SampleBuilder:
        held = {r.value for r in roles}
        return lambda lang: help_card(lang, registry_of().visible_to(held), held, starts(),
                                      unknown_text=unknown)

    def about(lang: Lang) -> el.Element:
        return about_card(lang, organisation_name="Barn- och utbildningsnämnden",
                          dso_name=HOSTILE_NAME, dso_email="dataskyddsombud@kommun.example",
                          schedule=Schedule(), purposes=registry_of().contributions("about_key"))

    def about_unconfigured(lang: Lang) -> el.Element:
        return about_card(lang, organisation_name=None, dso_name=None, dso_email=None)

    def case(reference: str, title: str, day: int) -> CaseSummary:
        return CaseSummary(reference, title, "Mottagen / Received",
                           NOW.replace(month=1 + day % 12, day=1 + day % 28))

    def my_cases(lang: Lang) -> el.Element:
        cases = [case("PUI-2026-0007", HOSTILE_TEXT, 3),
                 case("PUI-2026-0003", "Borttappad mobil", 1),
                 case("PUI-2026-0011", HOSTILE_LONG, 10)]
        return my_cases_card(lang, cases, starts=starts())

    def my_cases_many(lang: Lang) -> el.Element:
        cases = [case(f"PUI-2026-{n:04d}", HOSTILE_LONG, n) for n in range(1, 41)]
        return my_cases_card(lang, cases, starts=starts())

    def my_cases_with_drafts(lang: Lang) -> el.Element:
        flow = _first_flow(registry_of())
        drafts = [Draft("0" * 32, flow.title_key if flow else "cases.title",
                        t(lang, "dialog.progress", position=5, total=18), NOW)]
        return my_cases_card(lang, [case("PUI-2026-0002", HOSTILE_TEXT, 2)], drafts, starts())

    def my_cases_empty(lang: Lang) -> el.Element:
        return my_cases_card(lang, [], starts=starts())

    def choose_organisation(lang: Lang) -> el.Element:
        return choose_organisation_card(
            lang, [(1, "Kommunstyrelsen"), (2, HOSTILE_NAME), (3, "Utbildningsnämnden")],
            error=True)

    def flow_busy(lang: Lang) -> el.Element:
        flow = _first_flow(registry_of())
        assert flow is not None, "the busy card needs an installed flow to show"
        started = engine.start(flow, NOW, Context(lang, instance="0" * 32))
        return busy_card(lang, started.view, new_flow=flow.id)

    return {
        "welcome": welcome, "welcome_minimal": welcome_minimal,
        "help_staff": help_for(Role.STAFF), "help_dso": help_for(Role.DSO, Role.ADMIN),
        "help_unknown": help_for(Role.STAFF, unknown="[gör](https://evil.example) <at>x</at> ${y}"),
        "about": about, "about_unconfigured": about_unconfigured,
        "my_cases": my_cases, "my_cases_many": my_cases_many,
        "my_cases_with_drafts": my_cases_with_drafts, "my_cases_empty": my_cases_empty,
        "choose_organisation": choose_organisation, "flow_busy": flow_busy,
    }


def _first_flow(registry: Registry):
    specs = [spec for feature in registry.features for spec in feature.flows]
    return specs[0].flow if specs else None
