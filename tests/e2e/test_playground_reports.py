"""Through the real Agents Playground: the DSO's desk (issue "The DSO's desk in chat",
"Done means"): the summary, a list opened from it, and the annual report downloaded.

The Playground has no file consent card, so the bot gives the file as a short-lived
signed link it serves itself; the test fetches it as the DSO's browser would.
"""

from __future__ import annotations

import io
import re
from datetime import datetime

import aiohttp
import pytest
from docx import Document

from compliance.localtime import STOCKHOLM
from i18n import t
from tests.e2e.harness import Playground
from tests.features.reports.test_annual import TYPED

pytestmark = pytest.mark.e2e


def sv(key: str, **params: object) -> str:
    return t("sv", key, **params)


async def test_the_dso_runs_the_summary_opens_a_list_and_downloads_the_annual_report(
    playground: Playground,
):
    dana = await playground.user("dana")
    await dana.install()
    year = datetime.now(STOCKHOLM).year

    [summary] = [m for m in await dana.send("sammanfattning") if m.cards]
    assert sv("reports.summary.title", year=year) in summary.shown_text
    # The demo register is there: the register's figures are not all zero.
    assert sv("register.summary.registered") in summary.shown_text

    opened = await dana.click(sv("reports.summary.open"))
    assert opened and opened[-1].cards, "the list behind the figure opens"

    last_year = year - 1
    await dana.send(f"årsrapport {last_year}")
    for typed in TYPED:
        await dana.send(typed)
    done = [m for m in await dana.send("skicka") if m.cards][-1]
    assert sv("annual_report.stored", year=last_year, organisation="Demonämnden") \
        in done.shown_text

    given = await dana.click(sv("annual_report.download_docx"))
    [link] = re.findall(r"http://127\.0\.0\.1:\d+/files/[\w.-]+",
                        "\n".join(m.text or "" for m in given))
    async with aiohttp.ClientSession() as http, http.get(link) as answer:
        assert answer.status == 200
        document = Document(io.BytesIO(await answer.read()))
    texts = "\n".join(p.text for p in document.paragraphs)
    assert "Registerförteckning" in texts
    assert len(document.tables) >= 6  # the six mandatory areas' tables
