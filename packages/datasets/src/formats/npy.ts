import { DatasetFormatError } from '../errors/errors.js';
import { decodeNumeric, fortranToC, type NdArray, type NumericData, shapeSize } from './ndarray.js';
import { readPickle } from './pickle.js';
import { ArrayStub } from './pickle-numpy.js';

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

/** The parsed header of an `.npy` stream. */
export interface NpyHeader {
  /** numpy type string, e.g. `'<f8'` or `'|O'`. */
  readonly descr: string;
  /** Whether the data is stored column-major. */
  readonly fortranOrder: boolean;
  /** The array's shape. */
  readonly shape: readonly number[];
  /** Byte offset where the data starts. */
  readonly dataOffset: number;
}

/**
 * Parses the header of an `.npy` stream (format versions 1.0, 2.0 and 3.0).
 * @throws DatasetFormatError on a bad magic string, an unsupported version or a malformed header.
 */
export function readNpyHeader(bytes: Uint8Array, where: string): NpyHeader {
  if (bytes.length < 10 || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new DatasetFormatError(`${where}: not an .npy array (the file does not start with "\\x93NUMPY").`);
  }
  const major = bytes[6] ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let headerLength: number;
  let headerStart: number;
  if (major === 1) {
    headerLength = view.getUint16(8, true);
    headerStart = 10;
  } else if (major === 2 || major === 3) {
    if (bytes.length < 12) throw new DatasetFormatError(`${where}: truncated .npy header.`);
    headerLength = view.getUint32(8, true);
    headerStart = 12;
  } else {
    throw new DatasetFormatError(`${where}: unsupported .npy format version ${major}; expected 1, 2 or 3.`);
  }
  if (headerStart + headerLength > bytes.length) {
    throw new DatasetFormatError(`${where}: truncated .npy header: it declares ${headerLength} bytes but only ${bytes.length - headerStart} remain.`);
  }
  const header = new TextDecoder(major === 3 ? 'utf-8' : 'latin1').decode(bytes.subarray(headerStart, headerStart + headerLength));
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(header)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(header)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(header)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new DatasetFormatError(
      `${where}: malformed .npy header ${JSON.stringify(header.trim())}; expected keys 'descr' (a simple dtype), 'fortran_order' and 'shape'.`,
    );
  }
  const shape = shapeText
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      if (!/^\d+L?$/.test(part)) throw new DatasetFormatError(`${where}: malformed .npy shape (${shapeText}).`);
      return Number.parseInt(part, 10);
    });
  return { descr, fortranOrder: fortran === 'True', shape, dataOffset: headerStart + headerLength };
}

/**
 * Reads one `.npy` array. Numeric dtypes are decoded directly; object arrays (`'|O'`), which numpy
 * stores as a pickle, go through the allow-listed {@link readPickle}.
 * @throws DatasetFormatError on malformed or truncated data; UnpicklingError on a refused pickle.
 */
export function readNpy(bytes: Uint8Array, where: string): NdArray {
  const header = readNpyHeader(bytes, where);
  const body = bytes.subarray(header.dataOffset);
  if (header.descr === '|O' || header.descr === 'O') {
    const value = readPickle(body, where);
    if (!(value instanceof ArrayStub)) {
      throw new DatasetFormatError(`${where}: an object .npy must hold a pickled numpy array, found another value.`);
    }
    const expected = shapeSize(header.shape);
    if (shapeSize(value.shape) !== expected) {
      throw new DatasetFormatError(`${where}: the pickled array has shape [${value.shape.join(', ')}] but the header declares [${header.shape.join(', ')}].`);
    }
    return { dtype: value.dtype, shape: header.shape, data: value.data };
  }
  const count = shapeSize(header.shape);
  const decoded = decodeNumeric(body, header.descr, count, where);
  const make = (length: number) => new (decoded.constructor as new (length: number) => NumericData)(length);
  const data = header.fortranOrder ? fortranToC(decoded, header.shape, make) : decoded;
  return { dtype: header.descr, shape: header.shape, data };
}
