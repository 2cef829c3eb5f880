#!/usr/bin/python3
"""Writes the raw and MetaImage fixtures with numpy, independently of MicroMorph.

Run with Debian's python3 (python3-numpy): /usr/bin/python3 make_fixtures.py

  u16_be_hdr64.raw   64-byte header (0xAB), then 5 x 4 x 3 uint16 big-endian,
                     v = 1000 z + 37 y + x^2 + 1
  itk_float.mhd/.raw MetaImage as ITK writes it: 6 x 5 x 4 float32 little-endian,
                     v = x + 0.5 y - 2.25 z, ElementSpacing 0.5 0.75 1.25 (no unit: ITK's mm)
  itk_short2d.mha    2D MetaImage with LOCAL data, 7 x 3 int16 big-endian, v = 1000 x - 3000 y
"""
import numpy as np

z, y, x = np.mgrid[0:3, 0:4, 0:5]
v = (1000 * z + 37 * y + x * x + 1).astype(">u2")
with open("u16_be_hdr64.raw", "wb") as f:
    f.write(b"\xab" * 64)
    f.write(v.tobytes())

z, y, x = np.mgrid[0:4, 0:5, 0:6]
v = (x + 0.5 * y - 2.25 * z).astype("<f4")
v.tofile("itk_float.raw")
with open("itk_float.mhd", "w", newline="\n") as f:
    f.write(
        "ObjectType = Image\n"
        "NDims = 3\n"
        "BinaryData = True\n"
        "BinaryDataByteOrderMSB = False\n"
        "CompressedData = False\n"
        "TransformMatrix = 1 0 0 0 1 0 0 0 1\n"
        "Offset = 0 0 0\n"
        "CenterOfRotation = 0 0 0\n"
        "AnatomicalOrientation = RAI\n"
        "ElementSpacing = 0.5 0.75 1.25\n"
        "DimSize = 6 5 4\n"
        "ElementType = MET_FLOAT\n"
        "ElementDataFile = itk_float.raw\n"
    )

y, x = np.mgrid[0:3, 0:7]
v = (1000 * x - 3000 * y).astype(">i2")
with open("itk_short2d.mha", "wb") as f:
    f.write(
        b"ObjectType = Image\r\n"
        b"NDims = 2\r\n"
        b"BinaryData = True\r\n"
        b"BinaryDataByteOrderMSB = True\r\n"
        b"ElementSpacing = 2 2\r\n"
        b"DimSize = 7 3\r\n"
        b"ElementType = MET_SHORT\r\n"
        b"ElementDataFile = LOCAL\r\n"
    )
    f.write(v.tobytes())
