import { DatasetFormatError } from '../errors/errors.js';
import { maybeGunzip } from './gzip.js';
import type { InflateOptions } from './inflate.js';
import { decodeNumeric, type NdArray, shapeSize } from './ndarray.js';

// IDX type codes (http://yann.lecun.com/exdb/mnist/): data is big-endian.
const TYPE_CODES = new Map<number, string>([
  [0x08, '>u1'],
  [0x09, '>i1'],
  [0x0b, '>i2'],
  [0x0c, '>i4'],
  [0x0d, '>f4'],
  [0x0e, '>f8'],
]);

/**
 * Reads an IDX file (MNIST's format), raw or gzipped: validates the magic number, the type code,
 * the dimensions and that the data length matches them exactly.
 * @param bytes the file content.
 * @param where the file name, used in error messages.
 * @param expectedRank when given, the number of dimensions the file must have.
 * @param options `maxInflatedBytes`: most bytes a gzipped file may inflate to (default 512 MiB).
 * @throws DecompressionLimitError when a gzipped file inflates past the limit.
 * @throws DatasetFormatError on a bad magic number, unknown type, wrong rank or truncated data.
 */
export function readIdx(bytes: Uint8Array, where: string, expectedRank?: number, options: InflateOptions = {}): NdArray {
  const raw = maybeGunzip(bytes, where, options);
  if (raw.length < 4 || raw[0] !== 0 || raw[1] !== 0) {
    throw new DatasetFormatError(`${where}: not an IDX file (the magic number must start with two zero bytes).`);
  }
  const dtype = TYPE_CODES.get(raw[2] ?? -1);
  const rank = raw[3] ?? 0;
  if (!dtype) {
    throw new DatasetFormatError(`${where}: unknown IDX type code 0x${(raw[2] ?? 0).toString(16)}; expected one of 08, 09, 0B, 0C, 0D, 0E.`);
  }
  if (expectedRank !== undefined && rank !== expectedRank) {
    throw new DatasetFormatError(`${where}: expected an IDX file with ${expectedRank} dimensions, found ${rank}.`);
  }
  const headerLength = 4 + 4 * rank;
  if (raw.length < headerLength) {
    throw new DatasetFormatError(`${where}: truncated IDX header: ${rank} dimensions need ${headerLength} bytes, found ${raw.length}.`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const shape: number[] = [];
  for (let axis = 0; axis < rank; axis++) shape.push(view.getUint32(4 + 4 * axis, false));
  const count = shapeSize(shape);
  const itemSize = Number(dtype.slice(2));
  const expectedLength = headerLength + count * itemSize;
  if (raw.length !== expectedLength) {
    const problem = raw.length < expectedLength ? 'truncated' : 'has trailing bytes';
    throw new DatasetFormatError(
      `${where}: IDX file ${problem}: dimensions [${shape.join(', ')}] need ${expectedLength} bytes, found ${raw.length}. ` +
        'Delete the file and get it again.',
    );
  }
  const data = decodeNumeric(raw.subarray(headerLength), dtype, count, where);
  return { dtype, shape, data };
}
