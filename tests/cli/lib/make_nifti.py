#!/usr/bin/env python3
"""Writes a small NIfTI-1 (.nii) with the standard library only, for tests/cli scripts.

usage: make_nifti.py OUT N TYPE EXPR [DESCRIP_HEX]
  N:     voxels per axis (cubic grid, 2 mm spacing)
  TYPE:  uint8 | int16
  EXPR:  Python expression of i, j, k giving each voxel's value, e.g. "(i // 2) % 5 - 2"
  DESCRIP_HEX: the header's descrip field as hex bytes (e.g. Latin-1 text), optional
"""
import struct
import sys

out, n, kind, expr = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
descrip = bytes.fromhex(sys.argv[5]) if len(sys.argv) > 5 else b""
code, bits, fmt = {"uint8": (2, 8, "B"), "int16": (4, 16, "h")}[kind]
hdr = bytearray(348)
struct.pack_into("<i", hdr, 0, 348)
struct.pack_into("<8h", hdr, 40, 3, n, n, n, 1, 1, 1, 1)
struct.pack_into("<hh", hdr, 70, code, bits)
struct.pack_into("<8f", hdr, 76, 1, 2, 2, 2, 1, 1, 1, 1)
struct.pack_into("<ff", hdr, 108, 352, 1)  # vox_offset, scl_slope
hdr[148:148 + len(descrip)] = descrip[:79]
struct.pack_into("<hh", hdr, 252, 1, 0)  # qform_code 1 (identity quaternion), no sform
hdr[344:348] = b"n+1\0"
values = [int(eval(expr, {}, {"i": i, "j": j, "k": k})) for k in range(n) for j in range(n) for i in range(n)]
with open(out, "wb") as f:
    f.write(bytes(hdr) + b"\0\0\0\0" + struct.pack("<%d%s" % (len(values), fmt), *values))
