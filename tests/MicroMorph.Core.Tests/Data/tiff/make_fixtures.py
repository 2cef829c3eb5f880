#!/usr/bin/python3
"""Generates the TIFF fixtures of the MicroMorph tests with an independent writer (tifffile,
libtiff's tiffcp). Run from this folder: /usr/bin/python3 make_fixtures.py (Debian
python3-tifffile 2023.2.3, libtiff-tools 4.5). Values follow formulas the tests recompute:
  u16:  v = (x + 100*y + 10000*z) % 65536          (17 x 13 x 3)
  i16:  v = x + 100*y + 10000*z - 16000
  u32:  v = (x + 100*y + 10000*z) * 100000 + 7
  f32:  v = x + 100*y + 10000*z + 0.25
  rgb:  R = 10*x, G = 10*y, B = 5*(x+y) + 50*z     (17 x 13 x 2, 8-bit)
"""
# (tifffile needs photometric="minisblack" for 3-page grey data, else it takes 3 x H x W for RGB planes.)
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


tifffile.imwrite("u16_17x13x3.tif", u16, photometric="minisblack")
# Several strips per page, so that strip offsets and partial last strips are exercised.
tifffile.imwrite("u16_strips.tif", u16, rowsperstrip=4, photometric="minisblack")
tiffcp(["-c", "lzw:2", "-r", "4"], "u16_17x13x3.tif", "u16_lzw.tif")
tiffcp(["-c", "zip:2", "-r", "5"], "u16_17x13x3.tif", "u16_deflate.tif")
tiffcp(["-c", "packbits", "-r", "3"], "u16_17x13x3.tif", "u16_packbits.tif")
tiffcp(["-c", "none", "-t", "-w", "16", "-l", "16"], "u16_17x13x3.tif", "u16_tiled.tif")
tiffcp(["-c", "zip", "-t", "-w", "16", "-l", "16"], "u16_17x13x3.tif", "u16_tiled_deflate.tif")
tifffile.imwrite("u16_bigendian.tif", u16, byteorder=">", photometric="minisblack")
tiffcp(["-B", "-c", "lzw:2", "-r", "4"], "u16_17x13x3.tif", "u16_bigendian_lzw.tif")
tifffile.imwrite("u16_bigtiff.tif", u16, bigtiff=True, photometric="minisblack")
tifffile.imwrite("i16.tif", (base - 16000).astype(np.int16), photometric="minisblack")
tifffile.imwrite("u32.tif", (base * 100000 + 7).astype(np.uint32), photometric="minisblack")
f32 = (base + 0.25).astype(np.float32)
tifffile.imwrite("f32.tif", f32, photometric="minisblack")
tifffile.imwrite("f32_bigendian.tif", f32, byteorder=">", photometric="minisblack")
tiffcp(["-c", "zip:3"], "f32.tif", "f32_deflate_floatpredictor.tif")
tiffcp(["-B", "-c", "zip:2"], "f32.tif", "f32_bigendian_deflate.tif")

# ImageJ stack: 0.5 x 0.5 x 2.0 um.
tifffile.imwrite("imagej_u16.tif", u16, imagej=True, resolution=(1 / 0.5, 1 / 0.5),
                 metadata={"spacing": 2.0, "unit": "um", "axes": "ZYX"}, photometric="minisblack")
# ImageJ's own spelling "micron", anisotropic x/y, extra user key that must come through as metadata.
tifffile.imwrite("imagej_micron.tif", u16, imagej=True, resolution=(1 / 0.25, 1 / 0.125),
                 metadata={"spacing": 0.75, "unit": "micron", "axes": "ZYX", "Sample": "cathode-7"},
                 photometric="minisblack")
# No ImageJ metadata: 4000 pixels per centimetre = 2.5 um.
tifffile.imwrite("resolution_cm.tif", u16, resolution=(4000, 4000), resolutionunit="CENTIMETER", photometric="minisblack")

rz, ry, rx = np.meshgrid(np.arange(2), np.arange(H), np.arange(W), indexing="ij")
rgb = np.stack([10 * rx, 10 * ry, 5 * (rx + ry) + 50 * rz], axis=-1).astype(np.uint8)
tifffile.imwrite("rgb.tif", rgb, photometric="rgb")

# Bad inputs.
tifffile.imwrite("bilevel.tif", (u16[0] % 2).astype(bool))
tifffile.imwrite("palette.tif", u16[0].astype(np.uint8), photometric="palette",
                 colormap=np.tile(np.arange(256, dtype=np.uint16) * 257, (3, 1)))
tifffile.imwrite("f64.tif", base.astype(np.float64), photometric="minisblack")
tifffile.imwrite("mismatch.tif", u16[0], photometric="minisblack")
tifffile.imwrite("mismatch.tif", np.zeros((5, 7), np.uint16), append=True, photometric="minisblack")
with open("u16_17x13x3.tif", "rb") as f:
    whole = f.read()
with open("truncated.tif", "wb") as f:
    f.write(whole[: len(whole) // 2])
# ImageJ's layout for stacks above 4 GiB: one IFD, images=3, the three images back to back.
with tifffile.TiffFile("imagej_u16.tif") as t:
    p0 = t.pages[0]
    assert p0.is_contiguous
    start, size = p0.dataoffsets[0], sum(p0.databytecounts)
ij = bytearray(open("imagej_u16.tif", "rb").read())
next_ifd_field = p0.offset + 2 + 12 * len(p0.tags)
ij[next_ifd_field:next_ifd_field + 4] = bytes(4)  # cut the IFD chain after page 1
assert ij[start:start + 3 * size] == u16.tobytes()
open("imagej_hidden_pages.tif", "wb").write(ij)
with open("not_a_tiff.tif", "wb") as f:
    f.write(b"P5\n17 13\n255\n" + bytes(221))
# Deflate file whose compressed strips are overwritten with garbage: zlib must reject them.
with tifffile.TiffFile("u16_deflate.tif") as t:
    offsets = [(o, c) for p in t.pages for o, c in zip(p.dataoffsets, p.databytecounts)]
data = bytearray(open("u16_deflate.tif", "rb").read())
for o, c in offsets:
    data[o:o + c] = bytes([0xFF]) * c
open("corrupt_deflate.tif", "wb").write(data)

# Voxel sizes as other programs round them (tests of VoxelSize's tolerance): tifffile scales the
# rational of 1 / 0.390625 to a numerator of 2^32 - 1 (4294967295/1677721600); ImageJ's own
# TiffEncoder writes whole millionths of pixels per unit (0.65 um as 1538461/1000000).
u8 = (base % 251).astype(np.uint8)
tifffile.imwrite("fiji_rational_0.390625um.tif", u8, imagej=True, resolution=(1 / 0.390625, 1 / 0.390625),
                 metadata={"spacing": 0.390625, "unit": "um", "axes": "ZYX"}, photometric="minisblack")
tifffile.imwrite("imagej_millionths_0.65um.tif", u8, imagej=True, resolution=((1538461, 1000000), (1538461, 1000000)),
                 metadata={"spacing": 0.65, "unit": "um", "axes": "ZYX"}, photometric="minisblack")
