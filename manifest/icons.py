"""Draws the app's icons: a shield with a check mark, our own artwork.

Teams wants a 192×192 colour icon and a 32×32 outline icon that is white on
transparent. The drawing is plain geometry, rasterised with 4×4 supersampling
for smooth edges, and written as PNG with the standard library only, so the
icons are reproducible: `python -m manifest.icons` rewrites the committed files.
"""

from __future__ import annotations

import math
import struct
import zlib
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

ICON_DIR = Path(__file__).with_name("icons")
BACKGROUND = (0x1B, 0x5E, 0x7A)  # deep teal
WHITE = (0xFF, 0xFF, 0xFF)
SAMPLES = 4

Shape = Callable[[float, float], bool]  # unit-square coordinates, y downwards


def _shield_outline() -> list[tuple[float, float]]:
    """Shield polygon in the unit square: flat shoulders, curved sides to a point."""
    right = [(0.5, 0.14), (0.64, 0.2), (0.79, 0.23), (0.79, 0.47)]
    # A quarter ellipse from the right shoulder down to the tip.
    right += [
        (0.5 + 0.29 * math.cos(a), 0.47 + 0.41 * math.sin(a))
        for a in (math.pi / 2 * i / 12 for i in range(1, 13))
    ]
    left = [(1 - x, y) for x, y in reversed(right[1:-1])]
    return right + left


SHIELD = _shield_outline()
CHECK = [(0.36, 0.5), (0.46, 0.61), (0.66, 0.38)]


def _inside(polygon: list[tuple[float, float]], x: float, y: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _near_polyline(points: list[tuple[float, float]], x: float, y: float, width: float) -> bool:
    for (x1, y1), (x2, y2) in pairwise(points):
        dx, dy = x2 - x1, y2 - y1
        k = max(0.0, min(1.0, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)))
        if math.hypot(x - x1 - k * dx, y - y1 - k * dy) <= width / 2:
            return True
    return False


def _coverage(shape: Shape, size: int, px: int, py: int) -> float:
    hits = sum(
        shape((px + (i + 0.5) / SAMPLES) / size, (py + (j + 0.5) / SAMPLES) / size)
        for i in range(SAMPLES)
        for j in range(SAMPLES)
    )
    return hits / SAMPLES**2


def _png(size: int, pixels: list[bytes]) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    raw = b"".join(b"\x00" + row for row in pixels)  # filter type 0 per row
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def color_icon(size: int = 192) -> bytes:
    """Teal square, white shield, teal check mark."""

    def shield(x: float, y: float) -> bool:
        return _inside(SHIELD, x, y)

    def check(x: float, y: float) -> bool:
        return _near_polyline(CHECK, x, y, 0.075)

    rows = []
    for py in range(size):
        row = bytearray()
        for px in range(size):
            s = _coverage(shield, size, px, py) * (1 - _coverage(check, size, px, py))
            row += bytes(round(b + (w - b) * s) for b, w in zip(BACKGROUND, WHITE, strict=True))
            row.append(255)
        rows.append(bytes(row))
    return _png(size, rows)


def outline_icon(size: int = 32) -> bytes:
    """White shield outline and check mark on transparent, as Teams requires."""
    inner = [(0.5 + (x - 0.5) * 0.78, 0.5 + (y - 0.52) * 0.8) for x, y in SHIELD]

    def mark(x: float, y: float) -> bool:
        ring = _inside(SHIELD, x, y) and not _inside(inner, x, y)
        return ring or _near_polyline(CHECK, x, y, 0.1)

    rows = [
        b"".join(bytes((*WHITE, round(255 * _coverage(mark, size, px, py)))) for px in range(size))
        for py in range(size)
    ]
    return _png(size, rows)


ICONS: dict[str, Callable[[], bytes]] = {"color.png": color_icon, "outline.png": outline_icon}


def write_icons(directory: Path = ICON_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in ICONS.items():
        path = directory / name
        path.write_bytes(draw())
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_icons():
        print(path)
