"""Files given in the 1:1 chat: Teams' file consent card, or a short-lived signed link.

The real bot over HTTP; a OneDrive look-alike on loopback takes the upload the way
Teams' upload URL does (PUT with Content-Range).
"""

from __future__ import annotations

import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from bot.channel.files import CONSENT_CARD, INFO_CARD, FileTokens
from bot.runtime import FILES
from i18n import t
from tests.support.fakes import LoopbackServer
from tests.support.harness import BotUnderTest


class FakeOneDrive(LoopbackServer):
    def __init__(self) -> None:
        super().__init__()
        self.uploads: list[tuple[str, bytes, str | None]] = []

    def build_app(self) -> web.Application:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_put("/upload/{name}", self._put)
        return app

    async def _put(self, request: web.Request) -> web.Response:
        self.uploads.append((request.match_info["name"], await request.read(),
                             request.headers.get("Content-Range")))
        return web.json_response({"id": "item-1"}, status=201)


async def _dso(bot: BotUnderTest):
    org = await bot.add_organisation("bn", "Bildningsnämnden")
    dana = bot.user("Dana Dataskyddsombud")
    await bot.grant(dana, org, "dso")
    await dana.install()
    dana.new_messages()
    return dana


def _consent_card(messages: list[dict]) -> dict:
    [attachment] = [a for m in messages for a in m.get("attachments") or []
                    if a["contentType"] == CONSENT_CARD]
    return attachment


async def test_the_register_export_comes_through_the_file_consent_card(bot: BotUnderTest):
    dana = await _dso(bot)
    messages = await dana.say("registret export")
    consent = _consent_card(messages)
    assert consent["name"].endswith(".xlsx")
    assert consent["content"]["sizeInBytes"] > 0
    assert t("sv", "register.exported", count=0) in [m.get("text") for m in messages]

    async with FakeOneDrive() as onedrive:
        bot.served.app[FILES].loopback_uploads = True  # the OneDrive look-alike is on loopback
        upload_info = {"name": consent["name"], "uploadUrl": f"{onedrive.url}/upload/x.xlsx",
                       "contentUrl": "https://contoso-my.sharepoint.com/x.xlsx",
                       "uniqueId": "1234", "fileType": "xlsx"}
        response = await dana.post(dana.activity(
            "invoke", name="fileConsent/invoke",
            value={"type": "fileUpload", "action": "accept",
                   "context": consent["content"]["acceptContext"], "uploadInfo": upload_info}))
        assert response.status == 200
        [(_, body, content_range)] = onedrive.uploads
    assert body[:2] == b"PK"  # an .xlsx workbook
    assert content_range == f"bytes 0-{len(body) - 1}/{len(body)}"
    [info] = [a for m in dana.new_messages() for a in m.get("attachments") or []]
    assert info["contentType"] == INFO_CARD and info["content"]["uniqueId"] == "1234"


async def test_a_forged_or_foreign_consent_uploads_nothing(bot: BotUnderTest):
    dana = await _dso(bot)
    consent = _consent_card(await dana.say("registret export"))
    sara = bot.user("Sara Svensson")  # someone else, who was not offered the file
    await sara.install()
    sara.new_messages()
    async with FakeOneDrive() as onedrive:
        bot.served.app[FILES].loopback_uploads = True
        upload_info = {"name": "x.xlsx", "uploadUrl": f"{onedrive.url}/upload/x.xlsx"}
        for person, context in ((sara, consent["content"]["acceptContext"]),  # not hers
                                (dana, {"file": "forged.token"})):
            await person.post(person.activity(
                "invoke", name="fileConsent/invoke",
                value={"type": "fileUpload", "action": "accept", "context": context,
                       "uploadInfo": upload_info}))
            assert [m.get("text") for m in person.new_messages()] == [
                t("sv", "common.file_failed")]
        assert onedrive.uploads == []


async def test_an_upload_address_that_is_not_onedrive_is_refused(bot: BotUnderTest):
    dana = await _dso(bot)
    consent = _consent_card(await dana.say("registret export"))
    await dana.post(dana.activity(
        "invoke", name="fileConsent/invoke",
        value={"type": "fileUpload", "action": "accept",
               "context": consent["content"]["acceptContext"],
               "uploadInfo": {"uploadUrl": "https://attacker.example/upload"}}))
    assert [m.get("text") for m in dana.new_messages()] == [t("sv", "common.file_failed")]


async def test_declining_says_so(bot: BotUnderTest):
    dana = await _dso(bot)
    consent = _consent_card(await dana.say("registret export"))
    await dana.post(dana.activity(
        "invoke", name="fileConsent/invoke",
        value={"type": "fileUpload", "action": "decline",
               "context": consent["content"]["declineContext"]}))
    assert [m.get("text") for m in dana.new_messages()] == [t("sv", "common.file_declined")]


async def test_without_file_consent_a_signed_link_serves_the_file_for_a_while(
        bot: BotUnderTest):
    dana = await _dso(bot)
    bot.served.app[FILES].consent = False  # as in the Agents Playground
    messages = await dana.say("registret export")
    [link_text] = [m["text"] for m in messages if "/files/" in (m.get("text") or "")]
    url = link_text.split(": ")[-1].strip()
    token = url.rsplit("/", 1)[-1]
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{bot.served.url}/files/{token}") as answer:
            assert answer.status == 200
            assert "attachment" in answer.headers["Content-Disposition"]
            assert (await answer.read())[:2] == b"PK"
        forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        async with http.get(f"{bot.served.url}/files/{forged}") as answer:
            assert answer.status == 404
        async with http.get(f"{bot.served.url}/files/..%2F..%2Fetc%2Fpasswd") as answer:
            assert answer.status == 404


def test_a_token_expires_and_never_leaves_the_data_directory(tmp_path: Path):
    data = tmp_path / "data"
    (data / "reports").mkdir(parents=True)
    report = data / "reports" / "arsrapport.md"
    report.write_text("# Årsrapport")
    outside = tmp_path / "secret.txt"
    outside.write_text("no")
    now = [time.time()]
    tokens = FileTokens(b"k" * 32, data, clock=lambda: now[0])
    token = tokens.issue(report, person_id=7, seconds=60)
    granted = tokens.check(token)
    assert granted is not None and granted.path == report.resolve() and granted.person_id == 7
    assert FileTokens(b"other" * 8, data).check(token) is None  # another deployment's key
    now[0] += 61
    assert tokens.check(token) is None
    with pytest.raises(ValueError):
        tokens.issue(outside, person_id=7)


def test_files_given_to_people_are_forgotten_after_two_days(tmp_path: Path):
    from datetime import UTC, datetime, timedelta

    from bot.jobs import forget_given_files

    old = tmp_path / "exports" / "bn" / "incidenter-2025.xlsx"
    new = tmp_path / "reports" / "bn" / "arsrapport-bn-2025.docx"
    kept = tmp_path / "dsobot.db"
    for path in (old, new, kept):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"x")
    three_days_ago = (datetime.now(UTC) - timedelta(days=3)).timestamp()
    import os

    os.utime(old, (three_days_ago, three_days_ago))
    os.utime(kept, (three_days_ago, three_days_ago))
    assert forget_given_files(tmp_path, datetime.now(UTC)) == 1
    assert not old.exists() and new.exists() and kept.exists()


class FakeOneDriveFiles(LoopbackServer):
    """Serves the files people attach, as Teams' pre-authorised download URLs do."""

    def __init__(self, files: dict[str, bytes]) -> None:
        super().__init__()
        self.files = files

    def build_app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/download/{name}", self._get)
        return app

    async def _get(self, request: web.Request) -> web.Response:
        return web.Response(body=self.files[request.match_info["name"]])


def _sent(name: str, url: str) -> dict:
    return {"text": None, "attachments": [{
        "contentType": "application/vnd.microsoft.teams.file.download.info", "name": name,
        "contentUrl": url, "content": {"downloadUrl": url, "uniqueId": "u1",
                                       "fileType": name.rsplit(".", 1)[-1]}}]}


async def test_the_dso_sends_the_organisations_word_template_and_it_is_used(
        bot: BotUnderTest, tmp_path: Path):
    from tests.features.reports.test_annual import _house_template

    dana = await _dso(bot)
    good = _house_template(tmp_path / "hus.docx", "Bildningsnämndens husstil").read_bytes()
    async with FakeOneDriveFiles({"hus.docx": good, "fel.docx": b"not a word file",
                                  "bild.png": b"\x89PNG"}) as onedrive:
        bot.served.app[FILES].loopback_uploads = True
        await dana.post(dana.activity(**_sent("hus.docx", f"{onedrive.url}/download/hus.docx")))
        assert [m.get("text") for m in dana.new_messages()] == [
            t("sv", "annual_report.template_stored", organisation="Bildningsnämnden")]
        data_dir = bot.served.app[FILES].tokens._data_dir
        stored = data_dir / "templates" / "bn" / "arsrapport.docx"
        assert stored.read_bytes() == good

        await dana.post(dana.activity(**_sent("fel.docx", f"{onedrive.url}/download/fel.docx")))
        [refused] = [m.get("text") for m in dana.new_messages()]
        assert refused.startswith(t("sv", "annual_report.template_bad", why="X").split("X")[0])
        assert stored.read_bytes() == good  # the stored template is kept

        await dana.post(dana.activity(**_sent("bild.png", f"{onedrive.url}/download/bild.png")))
        assert [m.get("text") for m in dana.new_messages()] == [t("sv", "bot.upload_not_taken")]

        # Someone who is not the DSO cannot replace it, and an address that is not
        # OneDrive is never fetched.
        sara = bot.user("Sara Svensson")
        await sara.install()
        sara.new_messages()
        await sara.post(sara.activity(**_sent("hus.docx", f"{onedrive.url}/download/hus.docx")))
        assert [m.get("text") for m in sara.new_messages()] != [
            t("sv", "annual_report.template_stored", organisation="Bildningsnämnden")]
        await dana.post(dana.activity(**_sent("hus.docx", "https://attacker.example/x.docx")))
        assert [m.get("text") for m in dana.new_messages()] == [t("sv", "bot.upload_failed")]
    assert not list((data_dir / "uploads").glob("*"))  # nothing not taken is kept
