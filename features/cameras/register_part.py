"""The camera register's part of the cameras capability (see features/cameras/__init__.py):
`kameror` / `cameras` in chat, opening one camera, `export kameror`, the cameras a flow
may pick from, and the gallery samples. The import and export from the command line
are `dsobot cameras import|export` (bot/cli_cameras.py, with `register.spreadsheet`)."""

from __future__ import annotations

from chat.exports import Export
from chat.registry import Command
from features.cameras.register.cards import OPEN_ACTION
from features.cameras.register.cards import SAMPLES as REGISTER_SAMPLES
from features.cameras.register.export import export_table
from features.cameras.register.handlers import camera_choices, list_cameras, open_camera
from storage.roles import EVERYONE

COMMANDS = (
    # Everyone may ask: the handler lets in the DSO, admins, object owners and the
    # cameras' responsible persons, and refuses anyone else politely.
    # Everyone may ask: a member of staff responsible for cameras sees theirs; the
    # handler refuses the rest. Not in the manifest: Teams takes ten commands.
    Command("cameras", {"sv": ("kameror", "kameraregistret"), "en": ("cameras",)},
            "everyone", list_cameras, "cameras.register.command.description",
            roles=EVERYONE, argument_key="cameras.register.command.argument"),
)
ACTIONS = {OPEN_ACTION: open_camera}
SAMPLES = dict(REGISTER_SAMPLES)
EXPORTS = (
    Export(name="cameras", words={"sv": ("kameror", "kameraregistret"), "en": ("cameras",)},
           file_stem={"sv": "kameraregister", "en": "camera-register"}, table=export_table),
)
RECORD_CHOICES = {"cameras.camera": camera_choices}
