#!/usr/bin/python3
"""Writes the HDF5 fixtures with h5py (libhdf5), independently of MicroMorph.

Run with Debian's python3 (python3-h5py, python3-numpy): /usr/bin/python3 make_fixtures.py
Datasets are (z, y, x); values follow the formulas below, which Hdf5ReaderTests recomputes.

  tomo.h5          /exchange/data  uint16 (4, 5, 6), chunks (1, 5, 6), gzip,
                   v = 1000 z + 100 y + x; attributes element_size_um = [0.3, 0.1, 0.1] (z, y, x),
                   instrument = "Zeiss Crossbeam" (string), voltage_kV = 2.0 (float), slices = 4 (int);
                   /exchange/theta  float32 (4,)  (1D: not an image)
  types.h5         /u8 uint8, /u16be >u2, /i16 int16, /u32 uint32, /f32 float32, /f32be >f4, each (2, 3, 4):
                   v = 10 z + 3 y + x, minus 12 for i16, times 0.25 for f32, plus 4e9 for u32;
                   /i8 int8, /i32 int32, /f64 float64 (refused)
  single2d.h5      /image uint8 (3, 7), v = 7 y + x; /scale float64 (1,)
"""
import h5py
import numpy as np

z, y, x = np.mgrid[0:4, 0:5, 0:6]
with h5py.File("tomo.h5", "w") as f:
    d = f.create_dataset("exchange/data", data=(1000 * z + 100 * y + x).astype(np.uint16), chunks=(1, 5, 6), compression="gzip")
    d.attrs["element_size_um"] = np.array([0.3, 0.1, 0.1], dtype=np.float32)
    d.attrs["instrument"] = "Zeiss Crossbeam"
    d.attrs["voltage_kV"] = 2.0
    d.attrs["slices"] = np.int32(4)
    f.create_dataset("exchange/theta", data=np.linspace(0, 180, 4, dtype=np.float32))

z, y, x = np.mgrid[0:2, 0:3, 0:4]
v = 10 * z + 3 * y + x
with h5py.File("types.h5", "w") as f:
    f["u8"] = v.astype(np.uint8)
    f["u16be"] = v.astype(">u2")
    f["i16"] = (v - 12).astype(np.int16)
    f["u32"] = (v + 4_000_000_000).astype(np.uint32)
    f["f32"] = (v * 0.25).astype(np.float32)
    f["f32be"] = (v * 0.25).astype(">f4")
    f["i8"] = v.astype(np.int8)
    f["i32"] = v.astype(np.int32)
    f["f64"] = v.astype(np.float64)

y, x = np.mgrid[0:3, 0:7]
with h5py.File("single2d.h5", "w") as f:
    f["image"] = (7 * y + x).astype(np.uint8)
    f["scale"] = np.array([1.5])
