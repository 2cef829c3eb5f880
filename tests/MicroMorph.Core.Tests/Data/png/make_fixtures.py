#!/usr/bin/python3
"""Writes the PNG fixtures of the PNG codec tests with programs independent of MicroMorph.

Run with Debian's python3 (python3-pil, python3-numpy): /usr/bin/python3 make_fixtures.py
Pixel values follow the formulas below; PngReaderTests recomputes them.

  grey8      37x23 8-bit grey   v = (7x + 13y) % 256, pHYs 2,000,000 px/m (0.5 um), tEXt Comment
  grey16     29x17 16-bit grey  v = (1000x + 337y + 1) % 65536
  rgb        31x19 RGB          R = (5x + y) % 256, G = (3x + 7y) % 256, B = (x + 11y) % 256
  rgba       31x19 RGBA         as rgb, A = (x + y) % 256
  palette    33x21 palette      index = (x + 2y) % 7, entry i = (30i, 255 - 20i, i*i)
  bit1       35x13 1-bit grey   v = ((x // 3) + y) % 2
  The following are written by the small encoder at the end of this file (zlib from the Python
  standard library), which cycles the five filter types row by row (filter = row % 5):
  grey4_filters     27x11 4-bit grey   v = (x + 3y) % 16
  grey2_filters     27x11 2-bit grey   v = (x + y) % 4
  grey8_adam7       37x23 8-bit grey, Adam7 interlaced, same values as grey8
  rgb16_adam7       13x9 16-bit RGB, Adam7, R = (4000x + 9y) % 65536, G = (x * y * 97) % 65536, B = 65535 - 911x - 13y
  grey16_filters    29x17 16-bit grey, same values as grey16
  If ImageMagick is installed:
  grey8_im_interlaced  grey8 re-encoded by ImageMagick with -interlace PNG
"""
import shutil
import struct
import subprocess
import zlib

import numpy as np
from PIL import Image, PngImagePlugin


def grey8(w=37, h=23):
    y, x = np.mgrid[0:h, 0:w]
    return ((7 * x + 13 * y) % 256).astype(np.uint8)


def grey16(w=29, h=17):
    y, x = np.mgrid[0:h, 0:w]
    return ((1000 * x + 337 * y + 1) % 65536).astype(np.uint16)


def rgb(w=31, h=19):
    y, x = np.mgrid[0:h, 0:w]
    return np.stack([(5 * x + y) % 256, (3 * x + 7 * y) % 256, (x + 11 * y) % 256], axis=-1).astype(np.uint8)


def main():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "written by make_fixtures.py")
    Image.fromarray(grey8(), mode="L").save("grey8.png", pnginfo=info, dpi=(50800, 50800))  # 50800 dpi = 2,000,000 px/m

    g16 = grey16()
    im16 = Image.new("I;16", (g16.shape[1], g16.shape[0]))
    im16.frombytes(g16.astype("<u2").tobytes(), "raw", "I;16")
    im16.save("grey16.png")

    c = rgb()
    Image.fromarray(c, mode="RGB").save("rgb.png")
    h, w = c.shape[:2]
    y, x = np.mgrid[0:h, 0:w]
    a = ((x + y) % 256).astype(np.uint8)
    Image.fromarray(np.dstack([c, a]), mode="RGBA").save("rgba.png")

    w, h = 33, 21
    y, x = np.mgrid[0:h, 0:w]
    p = Image.fromarray(((x + 2 * y) % 7).astype(np.uint8), mode="P")
    pal = []
    for i in range(7):
        pal += [30 * i, 255 - 20 * i, i * i]
    p.putpalette(pal)
    p.save("palette.png")

    w, h = 35, 13
    y, x = np.mgrid[0:h, 0:w]
    b = (((x // 3) + y) % 2).astype(bool)
    Image.fromarray(b).convert("1").save("bit1.png")

    y, x = np.mgrid[0:11, 0:27]
    write_png("grey4_filters.png", ((x + 3 * y) % 16)[..., None], 4, 0, False)
    write_png("grey2_filters.png", ((x + y) % 4)[..., None], 2, 0, False)
    write_png("grey8_adam7.png", grey8()[..., None], 8, 0, True)
    write_png("grey16_filters.png", grey16()[..., None], 16, 0, False)
    y, x = np.mgrid[0:9, 0:13]
    r16 = np.stack([(4000 * x + 9 * y) % 65536, (x * y * 97) % 65536, 65535 - 911 * x - 13 * y], axis=-1)
    write_png("rgb16_adam7.png", r16, 16, 2, True)

    version = subprocess.run(["convert", "-version"], capture_output=True, text=True) if shutil.which("convert") else None
    if version is not None and "ImageMagick" in version.stdout and "stand-in" not in version.stdout + version.stderr:
        subprocess.run(["convert", "grey8.png", "-strip", "-interlace", "PNG", "grey8_im_interlaced.png"], check=True)


# --- a small independent PNG encoder (filters cycled per row, optional Adam7) ---

ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def pack_row(samples, depth):
    """samples: 1D sequence of ints (all channels of a row, interleaved)."""
    if depth == 16:
        return b"".join(struct.pack(">H", int(s)) for s in samples)
    if depth == 8:
        return bytes(int(s) for s in samples)
    out = bytearray()
    acc, nbits = 0, 0
    for s in samples:
        acc = (acc << depth) | int(s)
        nbits += depth
        if nbits == 8:
            out.append(acc)
            acc, nbits = 0, 0
    if nbits:
        out.append(acc << (8 - nbits))
    return bytes(out)


def paeth(a, b, c):
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    if pa <= pb and pa <= pc:
        return a
    return b if pb <= pc else c


def filter_row(ftype, row, prev, bpp):
    out = bytearray([ftype])
    for i, v in enumerate(row):
        a = row[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        pred = [0, a, b, (a + b) // 2, paeth(a, b, c)][ftype]
        out.append((v - pred) & 0xFF)
    return bytes(out)


def write_png(name, pixels, depth, color_type, interlace):
    h, w, channels = pixels.shape
    bpp = max(1, channels * depth // 8)
    passes = ADAM7 if interlace else [(0, 0, 1, 1)]
    raw = bytearray()
    row_index = 0
    for xs, ys, dx, dy in passes:
        sub = pixels[ys::dy, xs::dx]
        if sub.shape[0] == 0 or sub.shape[1] == 0:
            continue
        prev = None
        for r in range(sub.shape[0]):
            row = pack_row(sub[r].reshape(-1), depth)
            if prev is None:
                prev = bytes(len(row))
            raw += filter_row(row_index % 5, row, prev, bpp)
            prev = row
            row_index += 1
    ihdr = struct.pack(">IIBBBBB", w, h, depth, color_type, 0, 0, 1 if interlace else 0)
    with open(name, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(raw), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    main()
