import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../errors/errors.js';
import { float64Bytes, int64Bytes, npyBytes, npzBytes } from '../testing/npz-writer.test-utils.js';
import { NUMPY_NPZ } from '../testing/numpy-npz.test-utils.js';
import { pickleObjectArray } from '../testing/pickle-writer.test-utils.js';
import { readNpy } from './npy.js';
import { readNpz } from './npz.js';

describe('readNpz / readNpy', () => {
  it('reads an archive written by numpy itself (object array, int64, Fortran-ordered big-endian float32)', () => {
    const arrays = readNpz(new Uint8Array(Buffer.from(NUMPY_NPZ, 'base64')), 'numpy.npz', ['x', 'y', 'f']);
    expect(arrays['x']?.data).toEqual([
      [1, 2, 3],
      [4, 5],
      [600, 70000, 1],
    ]);
    expect(arrays['y']?.dtype).toBe('<i8');
    expect(Array.from(arrays['y']?.data as BigInt64Array, Number)).toEqual([0, 1, 2]);
    expect(arrays['f']?.shape).toEqual([2, 3]);
    expect(Array.from(arrays['f']?.data as Float32Array)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('reads stored and deflated archives from the test writer', () => {
    for (const compressed of [false, true]) {
      const npz = npzBytes({ a: npyBytes('<f8', [2, 2], float64Bytes([1.5, -2, 3, 4])), s: npyBytes('|O', [1], pickleObjectArray([[7, 8]], 2)) }, compressed);
      const arrays = readNpz(npz, 'w.npz');
      expect(Array.from(arrays['a']?.data as Float64Array)).toEqual([1.5, -2, 3, 4]);
      expect(arrays['s']?.data).toEqual([[7, 8]]);
    }
  });

  it('names missing members and rejects non-zip and truncated archives', () => {
    const npz = npzBytes({ y: npyBytes('<i8', [1], int64Bytes([1])) });
    expect(() => readNpz(npz, 'd.npz', ['x', 'y'])).toThrow(/d\.npz: the \.npz archive lacks 'x'; found 'y'/);
    expect(() => readNpz(Uint8Array.from([1, 2, 3, 4]), 'd.npz')).toThrow(/not an \.npz archive/);
    expect(() => readNpz(npz.subarray(0, npz.length - 30), 'd.npz')).toThrow(DatasetFormatError);
  });

  it('rejects bad .npy headers and truncated data', () => {
    const good = npyBytes('<i8', [3], int64Bytes([1, 2, 3]));
    expect(() => readNpy(good.subarray(0, good.length - 1), 'a.npy')).toThrow(/truncated array data: dtype <i8 and 3 elements need 24 bytes, found 23/);
    expect(() => readNpy(Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]), 'a.npy')).toThrow(/not an \.npy array/);
    expect(() => readNpy(npyBytes('<c16', [1], new Uint8Array(16)), 'c.npy')).toThrow(/unsupported numpy dtype '<c16'/);
    const header = npyBytes('<i8', [3], new Uint8Array(0));
    expect(() => readNpy(header.subarray(0, 20), 'h.npy')).toThrow(/truncated \.npy header/);
  });
});
