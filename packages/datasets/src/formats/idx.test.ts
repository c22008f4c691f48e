import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../errors/errors.js';
import { idxBytes } from '../testing/npz-writer.test-utils.js';
import { readIdx } from './idx.js';

describe('readIdx', () => {
  const pixels = Uint8Array.from({ length: 2 * 3 * 4 }, (_, i) => i * 10);

  it('reads raw and gzipped unsigned-byte IDX files', () => {
    for (const gzip of [false, true]) {
      const array = readIdx(idxBytes([2, 3, 4], pixels, gzip), 'images', 3);
      expect(array.shape).toEqual([2, 3, 4]);
      expect(Array.from(array.data as Uint8Array)).toEqual(Array.from(pixels));
    }
  });

  it('reads big-endian int32 data', () => {
    const bytes = Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 1, 0, 0xff, 0xff, 0xff, 0xfe]);
    expect(Array.from(readIdx(bytes, 'ints').data as Int32Array)).toEqual([256, -2]);
  });

  it('rejects a bad magic number, an unknown type and the wrong rank', () => {
    expect(() => readIdx(Uint8Array.from([1, 0, 8, 1, 0, 0, 0, 0]), 'x')).toThrow(/not an IDX file/);
    expect(() => readIdx(Uint8Array.from([0, 0, 0x07, 1, 0, 0, 0, 0]), 'x')).toThrow(/unknown IDX type code 0x7/);
    expect(() => readIdx(idxBytes([2, 3, 4], pixels), 'labels', 1)).toThrow(/expected an IDX file with 1 dimensions, found 3/);
  });

  it('names the file and the sizes when data is truncated or has extra bytes', () => {
    const full = idxBytes([2, 3, 4], pixels);
    expect(() => readIdx(full.subarray(0, full.length - 1), 'train-images')).toThrow(DatasetFormatError);
    expect(() => readIdx(full.subarray(0, full.length - 1), 'train-images')).toThrow(
      /train-images: IDX file truncated: dimensions \[2, 3, 4\] need 40 bytes, found 39/,
    );
    expect(() => readIdx(Uint8Array.from([...full, 0]), 'x')).toThrow(/trailing bytes/);
    expect(() => readIdx(full.subarray(0, 9), 'x')).toThrow(/truncated IDX header/);
    const gz = idxBytes([2, 3, 4], pixels, true);
    expect(() => readIdx(gz.subarray(0, gz.length - 10), 'x.gz')).toThrow(/cannot decompress gzip data/);
  });
});
