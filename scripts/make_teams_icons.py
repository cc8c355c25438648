"""Draw the two Teams icons (192x192 colour, 32x32 outline) as PNG files, with the standard library only.

Run once; the PNGs are committed under adapters/teams/package/. A plain shape: two overlapping circles
("you are not alone") on the brand colour, and the same outline in white on transparent."""

from __future__ import annotations

import struct
import zlib
from collections.abc import Callable
from pathlib import Path

BRAND = (0x1D, 0x4F, 0x4A, 0xFF)
WHITE = (0xFF, 0xFF, 0xFF, 0xFF)
CLEAR = (0, 0, 0, 0)
Pixel = tuple[int, int, int, int]


def png(size: int, paint: Callable[[float, float], Pixel]) -> bytes:
    """An RGBA PNG of size x size, each pixel painted from coordinates scaled to 0..1."""
    rows = b"".join(
        b"\x00" + b"".join(bytes(paint((x + 0.5) / size, (y + 0.5) / size)) for x in range(size))
        for y in range(size)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def _ring(x: float, y: float, cx: float, radius: float, width: float) -> bool:
    distance = ((x - cx) ** 2 + (y - 0.5) ** 2) ** 0.5
    return abs(distance - radius) < width


def colour(x: float, y: float) -> Pixel:
    return WHITE if _ring(x, y, 0.4, 0.2, 0.035) or _ring(x, y, 0.6, 0.2, 0.035) else BRAND


def outline(x: float, y: float) -> Pixel:
    return WHITE if _ring(x, y, 0.38, 0.24, 0.06) or _ring(x, y, 0.62, 0.24, 0.06) else CLEAR


if __name__ == "__main__":
    folder = Path(__file__).resolve().parent.parent / "adapters" / "teams" / "package"
    (folder / "color.png").write_bytes(png(192, colour))
    (folder / "outline.png").write_bytes(png(32, outline))
