"""Files the bot gives a person: through Teams' file consent card, or a signed link.

In Teams, a bot with `supportsFiles` sends a *file consent card*; when the
person accepts, Teams invokes the bot (`fileConsent/invoke`) with an upload URL
in the person's OneDrive; the bot PUTs the file there and posts a *file info
card* that opens it. Where there is no file consent (the Agents Playground,
development mode), the bot posts a short-lived download link it serves itself.

Both carry a token signed with the deployment's secret: which file (relative to
the data directory), for whom, until when. A token is checked before anything
is read or uploaded, so a forged or expired context reads nothing.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import os
import secrets
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
from aiohttp import web

log = logging.getLogger(__name__)

CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent"
INFO_CARD = "application/vnd.microsoft.teams.card.file.info"
LINK_SECONDS = 15 * 60
# Where Teams' upload URLs point: the person's OneDrive for Business.
UPLOAD_HOST_SUFFIXES = (".sharepoint.com", ".sharepoint.us", ".sharepoint.de",
                        ".sharepoint.cn")
UPLOAD_TIMEOUT = aiohttp.ClientTimeout(total=300, connect=10)


@dataclass(frozen=True)
class Granted:
    """What a valid token grants: this file, to this person."""

    path: Path
    person_id: int


class FileTokens:
    def __init__(self, secret: bytes, data_dir: Path, *, clock=time.time) -> None:
        self._secret = secret
        self._data_dir = data_dir.resolve()
        self._clock = clock

    def issue(self, path: Path, person_id: int, seconds: int = LINK_SECONDS) -> str:
        relative = path.resolve().relative_to(self._data_dir)
        payload = json.dumps({"f": relative.as_posix(), "p": person_id,
                              "e": int(self._clock()) + seconds}, separators=(",", ":"))
        body = base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")
        return f"{body}.{self._sign(body)}"

    def check(self, token: object) -> Granted | None:
        """The file and person a token grants; None when forged, expired or gone."""
        if not isinstance(token, str) or token.count(".") != 1 or len(token) > 2000:
            return None
        body, signature = token.split(".")
        if not hmac.compare_digest(signature, self._sign(body)):
            return None
        try:
            payload = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
            path = (self._data_dir / payload["f"]).resolve()
            person_id, expires = int(payload["p"]), int(payload["e"])
        except (ValueError, KeyError, TypeError):
            return None
        if expires < self._clock() or not path.is_relative_to(self._data_dir) \
                or not path.is_file():
            return None
        return Granted(path, person_id)

    def _sign(self, body: str) -> str:
        digest = hmac.new(self._secret, body.encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def secret_for(configured: str, data_dir: Path) -> bytes:
    """The configured secret (the same on every instance), else one kept in the data
    directory, made once."""
    if configured:
        return configured.encode()
    path = data_dir / ".file-secret"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as out:
            out.write(secrets.token_urlsafe(32))
    return path.read_text().strip().encode()


def consent_attachment(name: str, size: int, description: str, token: str) -> dict:
    return {"contentType": CONSENT_CARD, "name": name,
            "content": {"description": description, "sizeInBytes": size,
                        "acceptContext": {"file": token}, "declineContext": {"file": token}}}


def info_attachment(upload_info: dict) -> dict:
    return {"contentType": INFO_CARD, "contentUrl": upload_info.get("contentUrl"),
            "name": upload_info.get("name"),
            "content": {"uniqueId": upload_info.get("uniqueId"),
                        "fileType": upload_info.get("fileType")}}


def upload_allowed(url: object, *, loopback: bool) -> bool:
    """Only to the person's OneDrive (and to loopback in development and tests)."""
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if loopback and host in ("127.0.0.1", "localhost", "::1"):
        return parts.scheme in ("http", "https")
    return parts.scheme == "https" and host.endswith(UPLOAD_HOST_SUFFIXES)


async def upload(session: aiohttp.ClientSession, url: str, path: Path) -> bool:
    """PUT the whole file to the upload URL Teams gave, as one range."""
    data = await asyncio.to_thread(path.read_bytes)
    headers = {"Content-Length": str(len(data)),
               "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}"}
    async with session.put(url, data=data, headers=headers, timeout=UPLOAD_TIMEOUT) as answer:
        if answer.status in (200, 201):
            return True
        log.warning("the file upload to OneDrive failed: %s", answer.status)
        return False


def download_route(tokens: FileTokens):
    """GET /files/{token}: the file a valid link grants, as an attachment."""

    async def download(request: web.Request) -> web.StreamResponse:
        granted = tokens.check(request.match_info.get("token"))
        if granted is None:
            return web.json_response({"error": "this link is not valid (any more)"},
                                     status=404)
        return web.FileResponse(granted.path, headers={
            "Content-Disposition": f'attachment; filename="{granted.path.name}"',
            "Cache-Control": "no-store"})

    return download


class FileDesk:
    """How this deployment gives files: consent cards (Teams) or links (elsewhere)."""

    def __init__(self, tokens: FileTokens, public_url: str, *, consent: bool,
                 loopback_uploads: bool = False) -> None:
        self.tokens = tokens
        self.public_url = public_url.rstrip("/")
        self.consent = consent
        self.loopback_uploads = loopback_uploads
        self._session: aiohttp.ClientSession | None = None

    def link(self, path: Path, person_id: int) -> str:
        return f"{self.public_url}/files/{self.tokens.issue(path, person_id)}"

    def consent_card(self, path: Path, name: str, description: str, person_id: int) -> dict:
        # The consent card's context comes back in the invoke: a token, not a path.
        token = self.tokens.issue(path, person_id, seconds=24 * 3600)
        return consent_attachment(name, path.stat().st_size, description, token)

    async def accept(self, value: dict, person_id: int | None) -> dict | None:
        """Upload the file a consent invoke names; the file info card, or None."""
        context = value.get("context") if isinstance(value.get("context"), dict) else {}
        granted = self.tokens.check(context.get("file"))
        info = value.get("uploadInfo") if isinstance(value.get("uploadInfo"), dict) else {}
        if granted is None or granted.person_id != person_id:
            return None
        if not upload_allowed(info.get("uploadUrl"), loopback=self.loopback_uploads):
            log.warning("a file consent named an upload address that is not OneDrive")
            return None
        if not await upload(self.session(), info["uploadUrl"], granted.path):
            return None
        return info_attachment(info)

    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()


DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class UploadTooLarge(Exception):
    pass


async def fetch_sent_file(attachment: dict, folder: Path, *, loopback: bool,
                          session: aiohttp.ClientSession) -> tuple[Path, str, str] | None:
    """The file a person sent (Teams' download info: a short-lived, pre-authorised
    OneDrive URL) saved under `folder`; (path, name, type), or None when the address is
    not OneDrive or the download failed. UploadTooLarge over MAX_UPLOAD_BYTES."""
    content = attachment.get("content") if isinstance(attachment.get("content"), dict) else {}
    url = content.get("downloadUrl")
    name = str(attachment.get("name") or "file")[:200]
    file_type = str(content.get("fileType") or Path(name).suffix.lstrip("."))[:16].lower()
    if not upload_allowed(url, loopback=loopback):
        return None
    async with session.get(url, timeout=UPLOAD_TIMEOUT) as answer:
        if answer.status != 200:
            return None
        if (answer.content_length or 0) > MAX_UPLOAD_BYTES:
            raise UploadTooLarge
        data = bytearray()
        async for chunk in answer.content.iter_chunked(65536):
            data += chunk
            if len(data) > MAX_UPLOAD_BYTES:
                raise UploadTooLarge
    path = folder / f"{secrets.token_hex(8)}.{file_type or 'bin'}"
    await asyncio.to_thread(_save, path, bytes(data))
    return path, name, file_type


def _save(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
