"""Regenerate the card gallery: `make gallery`.

Renders every registered card sample (cards.gallery) in Swedish and English to
PNG with the official renderer in headless Chromium, and writes README.md
listing them. Not part of the test suite: it needs Chromium and is for people.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from cards.gallery import render_all
from chat.install import install
from features import FEATURES

HERE = Path(__file__).resolve().parent
INTRO = """# Kortgalleri / Card gallery

Every Adaptive Card the bot can send, rendered with the official `adaptivecards`
renderer under a Teams-like light theme. The sample data deliberately contains
hostile user text (markdown links, `<at>` mentions, `${...}`, `{{DATE()}}`,
HTML, bidi overrides, control characters, very long text): it must show up as
plain, harmless text. Regenerate with `make gallery`; each capability lists its
samples in its `Feature` (`features/<name>/__init__.py`), the platform in
`chat/platform/samples.py`.
"""


def main() -> int:
    node = shutil.which("node")
    if not node:
        print("node is needed to render the gallery", file=sys.stderr)
        return 2
    samples = install(FEATURES).samples
    cards = [{"name": f"{name}.{lang}", "card": card} for name, lang, card in render_all(samples)]
    for old in HERE.glob("*.png"):
        old.unlink()
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(cards, f, ensure_ascii=False)
    try:
        subprocess.run([node, str(HERE / "render.mjs"), f.name, str(HERE)], check=True)
    finally:
        Path(f.name).unlink()
    lines = [INTRO]
    for name in sorted(samples):
        doc = (samples[name].__doc__ or "").strip()
        lines += [f"## {name}", ""] + ([doc, ""] if doc else [])
        lines += ["| Svenska | English |", "|---|---|"]
        lines += [f"| ![{name} sv]({name}.sv.png) | ![{name} en]({name}.en.png) |", ""]
    (HERE / "README.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(cards)} cards rendered to {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
