#!/usr/bin/python3
"""HDF5 fixtures of issue 20 (readers that no file can break), written with h5py (libhdf5).
Run with Debian's python3: /usr/bin/python3 make_robustness_fixtures.py

  huge_declared.h5      /data uint8 (100000, 1000, 1000), chunks (1, 1000, 1000), nothing written: a
                        file of a few KiB declaring 100 GB (the reader must refuse it before allocating)
  chunk_truncated.h5    /data uint16 (8, 32, 32), chunks (1, 32, 32), gzip, v = (x * y + 7 z) % 1000,
                        cut 100 bytes before its end, inside the last chunk's compressed data
  contiguous_truncated.h5  /data uint16 (8, 32, 32), contiguous, same values, cut in half
  latest.h5             libver="latest" (superblock v3, new-style object headers): /data uint16 (6, 20, 24),
                        chunks (2, 10, 12), shuffle + gzip, v = (x * y + 7 z) % 1000, element_size_um
                        [2, 0.5, 0.5]; /small uint8 (2, 3, 4) compact, v = 12 z + 4 y + x (a seed of the fuzz
                        harness as well)
  unwritten.h5          /data uint16 (4, 8, 8), contiguous, never written (no data address: all fill value)
  partly_written.h5     /data uint16 (8, 8, 8), chunks (1, 8, 8), gzip, maxshape (None, 8, 8): 4 slices
                        written, then resized to 8 (chunks 4-7 never stored)
"""
import h5py
import numpy as np

with h5py.File("huge_declared.h5", "w", libver="earliest") as f:
    f.create_dataset("data", shape=(100000, 1000, 1000), dtype=np.uint8, chunks=(1, 1000, 1000))

z, y, x = np.mgrid[0:8, 0:32, 0:32]
v = ((x * y + 7 * z) % 1000).astype(np.uint16)
with h5py.File("_chunked.h5", "w", libver="earliest") as f:
    f.create_dataset("data", data=v, chunks=(1, 32, 32), compression="gzip")
with h5py.File("_contiguous.h5", "w", libver="earliest") as f:
    f.create_dataset("data", data=v)

whole = open("_chunked.h5", "rb").read()
with h5py.File("_chunked.h5", "r") as f:
    ds = f["data"]
    last = ds.id.get_chunk_info(ds.id.get_num_chunks() - 1)
    assert last.byte_offset + last.size == len(whole), "the last chunk must end the file"
open("chunk_truncated.h5", "wb").write(whole[:-100])
whole = open("_contiguous.h5", "rb").read()
open("contiguous_truncated.h5", "wb").write(whole[: len(whole) // 2 + 1000])

z, y, x = np.mgrid[0:6, 0:20, 0:24]
with h5py.File("latest.h5", "w", libver="latest") as f:
    d = f.create_dataset("data", data=((x * y + 7 * z) % 1000).astype(np.uint16), chunks=(2, 10, 12), shuffle=True, compression="gzip")
    d.attrs["element_size_um"] = np.array([2.0, 0.5, 0.5])
    z, y, x = np.mgrid[0:2, 0:3, 0:4]
    space = h5py.h5s.create_simple((2, 3, 4))
    plist = h5py.h5p.create(h5py.h5p.DATASET_CREATE)
    plist.set_layout(h5py.h5d.COMPACT)
    small = h5py.h5d.create(f.id, b"small", h5py.h5t.STD_U8LE, space, plist)
    small.write(h5py.h5s.ALL, h5py.h5s.ALL, (12 * z + 4 * y + x).astype(np.uint8))

with h5py.File("unwritten.h5", "w", libver="earliest") as f:
    f.create_dataset("data", shape=(4, 8, 8), dtype=np.uint16)
with h5py.File("partly_written.h5", "w", libver="earliest") as f:
    d = f.create_dataset("data", shape=(4, 8, 8), maxshape=(None, 8, 8), dtype=np.uint16, chunks=(1, 8, 8), compression="gzip")
    d[...] = np.arange(256, dtype=np.uint16).reshape(4, 8, 8) + 1
    d.resize((8, 8, 8))

import os
os.remove("_chunked.h5")
os.remove("_contiguous.h5")
