"""The Teams app package: valid against the official schemas, icons as Teams requires."""

import json
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from manifest import icons
from manifest.package import (
    DEV_APP_ID,
    MANIFEST_VERSION,
    MissingAppId,
    build_package,
    main,
    resolve_app_id,
)
from tests.conftest import REGISTRY

SCRIPT = Path(__file__).with_name("validate_manifest.mjs")
APP_ID = "3f1c2a9e-6b7d-4e21-9a0c-5d8e7f6a1b2c"


def png_info(data: bytes) -> tuple[int, int, int, int]:
    """Width, height, bit depth and colour type from a PNG header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height, depth, colour = struct.unpack(">IIBB", data[16:26])
    return width, height, depth, colour


@pytest.fixture(scope="module")
def package(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("pkg") / "dsobot-teams-app.zip"
    build_package(APP_ID, out)
    folder = out.parent / "unzipped"
    with zipfile.ZipFile(out) as zf:
        zf.extractall(folder)
    return folder


def test_manifest_and_localisation_pass_the_official_schema(package):
    node = shutil.which("node")
    assert node, "node is needed to validate the manifest"
    files = [package / "manifest.json", package / "en.json"]
    done = subprocess.run(
        [node, str(SCRIPT), MANIFEST_VERSION, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report == {str(f): [] for f in files}


def test_the_schema_check_rejects_a_broken_manifest(tmp_path):
    bad = tmp_path / "manifest.json"
    bad.write_text(json.dumps({"manifestVersion": MANIFEST_VERSION, "id": "not-a-guid"}))
    done = subprocess.run(
        ["node", str(SCRIPT), MANIFEST_VERSION, str(bad)],
        capture_output=True,
        text=True,
        check=True,
    )
    errors = json.loads(done.stdout)[str(bad)]
    assert any("/id" in e for e in errors) and any("icons" in e for e in errors)


def test_manifest_is_swedish_with_english_localisation_and_catalog_commands(package):
    manifest = json.loads((package / "manifest.json").read_text())
    english = json.loads((package / "en.json").read_text())
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert manifest["localizationInfo"]["defaultLanguageTag"] == "sv-se"
    assert {a["file"] for a in manifest["localizationInfo"]["additionalLanguages"]} == {"en.json"}
    personal = manifest["bots"][0]["commandLists"][0]
    assert personal["scopes"] == ["personal"]
    titles = [c["title"] for c in personal["commands"]]
    assert "hjälp" in titles and "rapportera incident" in titles and "mina ärenden" in titles
    for i, title in enumerate(titles):
        en_title = english[f"bots[0].commandLists[0].commands[{i}].title"]
        # Each suggested command, in either language, reaches the same handler.
        assert REGISTRY.match(title)[0] is REGISTRY.match(en_title)[0]
    assert english["name.short"] != manifest["name"]["short"]


def test_icons_have_the_sizes_teams_requires(package):
    assert png_info((package / "color.png").read_bytes())[:2] == (192, 192)
    outline = (package / "outline.png").read_bytes()
    assert png_info(outline) == (32, 32, 8, 6)  # RGBA, so it can be transparent


def test_outline_icon_is_white_on_transparent():
    import zlib

    data = icons.outline_icon()
    raw = zlib.decompress(data[data.index(b"IDAT") + 4 : data.index(b"IEND") - 8])
    rows = [raw[r * 129 + 1 : (r + 1) * 129] for r in range(32)]
    pixels = [row[i : i + 4] for row in rows for i in range(0, 128, 4)]
    assert all(p[:3] == b"\xff\xff\xff" for p in pixels)
    alphas = {p[3] for p in pixels}
    assert 0 in alphas and 255 in alphas


def test_committed_icons_are_what_the_code_draws():
    for name, draw in icons.ICONS.items():
        assert (icons.ICON_DIR / name).read_bytes() == draw(), (
            f"run python -m manifest.icons: {name}"
        )


def test_a_missing_app_id_is_a_clear_error_unless_dev(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("MicrosoftAppId", raising=False)
    env_file = tmp_path / ".env"
    with pytest.raises(MissingAppId, match="MicrosoftAppId is not set"):
        resolve_app_id(None, dev=False, env_file=env_file)
    assert resolve_app_id(None, dev=True, env_file=env_file) == DEV_APP_ID
    env_file.write_text(f"MicrosoftAppId={APP_ID}\n")
    assert resolve_app_id(None, dev=False, env_file=env_file) == APP_ID
    with pytest.raises(MissingAppId, match="not a GUID"):
        resolve_app_id("my-bot", dev=False)
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").unlink()
    assert main([]) == 2
    assert "MicrosoftAppId is not set" in capsys.readouterr().err
    assert main(["--dev", "--out", str(tmp_path / "app.zip")]) == 0
    assert zipfile.ZipFile(tmp_path / "app.zip").namelist()
