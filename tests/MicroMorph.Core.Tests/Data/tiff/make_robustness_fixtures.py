#!/usr/bin/python3
"""Fixtures of issue 20 (readers that no file can break), written by independent tools:
tifffile (Debian python3-tifffile 2023.2.3) and libtiff's tiffcp (libtiff-tools 4.5).
Run from this folder: /usr/bin/python3 make_robustness_fixtures.py. Values as in make_fixtures.py:
  u16: v = (x + 100*y + 10000*z) % 65536 (17 x 13 x 3)
  rgb: R = 10*x, G = 10*y, B = 5*(x+y) + 50*z (17 x 13 x 2)
"""
import os
import subprocess

import numpy as np
import tifffile

W, H, D = 17, 13, 3
z, y, x = np.meshgrid(np.arange(D), np.arange(H), np.arange(W), indexing="ij")
base = x + 100 * y + 10000 * z
u16 = (base % 65536).astype(np.uint16)


def tiffcp(args, src, dst):
    if os.path.exists(dst):
        os.remove(dst)
    subprocess.run(["tiffcp", *args, src, dst], check=True)


# Compressed big-endian BigTIFF (LibTiff.NET refused every one of these as corrupt).
tifffile.imwrite("be_bigtiff_deflate.tif", u16, byteorder=">", bigtiff=True, compression="zlib",
                 rowsperstrip=4, photometric="minisblack")
tifffile.imwrite("be_bigtiff_deflate_predictor.tif", u16, byteorder=">", bigtiff=True, compression="zlib",
                 predictor=True, rowsperstrip=4, photometric="minisblack")
tifffile.imwrite("_u16.tif", u16, photometric="minisblack")
tiffcp(["-B", "-8", "-c", "lzw:2", "-r", "4"], "_u16.tif", "be_bigtiff_lzw_predictor.tif")
tiffcp(["-B", "-8", "-c", "packbits", "-r", "3"], "_u16.tif", "be_bigtiff_packbits.tif")
# (No big-endian float-predictor fixture: tiffcp -B -c zip:3 on a little-endian host writes the byte
# planes least significant first, against Technical Note 3, and libtiff reads its own file back as
# byte-swapped floats; our decoder agrees with libtiff's reader.)

# PlanarConfiguration 2: a 3-sample greyscale page (tifffile reads it as 3 x 13 x 17) and planar RGB.
tifffile.imwrite("grey_planar.tif", u16, photometric="minisblack", planarconfig="separate", compression="zlib")
tifffile.imwrite("grey_planar_tiled.tif", u16, photometric="minisblack", planarconfig="separate", compression="zlib",
                 predictor=True, tile=(16, 16))
rz, ry, rx = np.meshgrid(np.arange(2), np.arange(H), np.arange(W), indexing="ij")
rgb = np.stack([10 * rx, 10 * ry, 5 * (rx + ry) + 50 * rz], axis=1).astype(np.uint8)  # (2, 3, H, W)
tifffile.imwrite("rgb_planar.tif", rgb, photometric="rgb", planarconfig="separate")


def cut_first_strip(src, dst):
    """The first strip's byte count halved: the strip's data is cut short (libtiff refuses to decode it)."""
    with tifffile.TiffFile(src) as t:
        tag = t.pages[0].tags["StripByteCounts"]
        counts, offset, dtype = list(tag.value), tag.valueoffset, tag.dtype
        order = t.byteorder
    data = bytearray(open(src, "rb").read())
    size = 2 if dtype == 3 else 4
    data[offset:offset + size] = (counts[0] // 2).to_bytes(size, "big" if order == ">" else "little")
    open(dst, "wb").write(data)


tiffcp(["-c", "lzw", "-r", "4"], "_u16.tif", "_lzw.tif")
tiffcp(["-c", "packbits", "-r", "4"], "_u16.tif", "_packbits.tif")
cut_first_strip("_lzw.tif", "lzw_short_strip.tif")
cut_first_strip("_packbits.tif", "packbits_short_strip.tif")
for name in ["_u16.tif", "_lzw.tif", "_packbits.tif"]:
    os.remove(name)
