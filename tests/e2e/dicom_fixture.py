"""A minimal DICOM series writer for the e2e tests (no pydicom here): explicit VR little
endian, uncompressed int16, one CT-like file per slice. write_series(folder, prefix, ...)
with a series UID, description, kernel, modality, and a gantry tilt (degrees: each slice's
ImagePositionPatient shifts along y by step * tan(tilt), the orientation stays axial)."""
import math
import os
import struct


def _el(group, elem, vr, value):
    if isinstance(value, str):
        value = value.encode()
        if len(value) % 2:
            value += b'\0' if vr == 'UI' else b' '
    head = struct.pack('<HH', group, elem) + vr.encode()
    if vr in ('OB', 'OW', 'UN', 'SQ', 'UT'):
        return head + b'\0\0' + struct.pack('<I', len(value)) + value
    return head + struct.pack('<H', len(value)) + value


def _us(group, elem, v):
    return _el(group, elem, 'US', struct.pack('<H', v))


def write_series(folder, prefix, series_uid, description, kernel='', modality='CT', number=1,
                 size=(64, 64, 12), spacing=(1.0, 1.0, 2.0), tilt=0.0, value=lambda i, j, k: 0):
    os.makedirs(folder, exist_ok=True)
    nx, ny, nz = size
    sop_class = '1.2.840.10008.5.1.4.1.1.2'
    ts = '1.2.840.10008.1.2.1'
    shear = spacing[2] * math.tan(math.radians(tilt))
    for k in range(nz):
        sop = '%s.%d' % (series_uid, k + 1)
        meta = _el(2, 1, 'OB', b'\0\1') + _el(2, 2, 'UI', sop_class) + _el(2, 3, 'UI', sop) + \
            _el(2, 0x10, 'UI', ts) + _el(2, 0x12, 'UI', '1.2.826.0.1.3680043.8.498.1')
        meta = _el(2, 0, 'UL', struct.pack('<I', len(meta))) + meta
        pixels = struct.pack('<%dh' % (nx * ny), *[value(i, j, k) for j in range(ny) for i in range(nx)])
        ds = b''.join([
            _el(8, 0x16, 'UI', sop_class), _el(8, 0x18, 'UI', sop), _el(8, 0x60, 'CS', modality),
            _el(8, 0x103E, 'LO', description), _el(0x18, 0x50, 'DS', '%g' % spacing[2]),
            _el(0x18, 0x1210, 'SH', kernel), _el(0x20, 0xD, 'UI', '1.2.826.0.1.3680043.8.498.7'),
            _el(0x20, 0xE, 'UI', series_uid), _el(0x20, 0x11, 'IS', str(number)),
            _el(0x20, 0x13, 'IS', str(k + 1)),
            _el(0x20, 0x32, 'DS', '0\\%g\\%g' % (k * shear, k * spacing[2])),
            _el(0x20, 0x37, 'DS', '1\\0\\0\\0\\1\\0'),
            _us(0x28, 2, 1), _el(0x28, 4, 'CS', 'MONOCHROME2'), _us(0x28, 0x10, ny), _us(0x28, 0x11, nx),
            _el(0x28, 0x30, 'DS', '%g\\%g' % (spacing[1], spacing[0])), _us(0x28, 0x100, 16),
            _us(0x28, 0x101, 16), _us(0x28, 0x102, 15), _us(0x28, 0x103, 1),
            _el(0x28, 0x1052, 'DS', '0'), _el(0x28, 0x1053, 'DS', '1'),
            _el(0x7FE0, 0x10, 'OW', pixels)])
        with open(os.path.join(folder, '%s%04d.dcm' % (prefix, k)), 'wb') as f:
            f.write(b'\0' * 128 + b'DICM' + meta + ds)


if __name__ == '__main__':  # dicom_fixture.py two FOLDER | tilted FOLDER
    import sys
    body = lambda i, j, k: -1000 if (i - 32) ** 2 + (j - 32) ** 2 > 600 else 40 + (300 * ((i + j + k) % 7 == 0))
    if sys.argv[1] == 'two':
        write_series(sys.argv[2], 'bone', '1.2.826.0.1.3680043.8.498.71', 'Head 1.0 bone', 'H60s', number=2, value=body)
        write_series(sys.argv[2], 'std', '1.2.826.0.1.3680043.8.498.72', 'Head 1.0 standard', 'H30s', number=3,
                     size=(64, 64, 10), value=body)
    else:
        write_series(sys.argv[2], 'tilt', '1.2.826.0.1.3680043.8.498.73', 'Tilted head', 'H30s', tilt=18.5, value=body)
