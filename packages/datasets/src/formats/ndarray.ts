import { DatasetFormatError } from '../errors/errors.js';

/** Typed arrays a numeric numpy array decodes to (int64/uint64 decode to bigint arrays). */
export type NumericData =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array
  | BigInt64Array
  | BigUint64Array;

/**
 * A numpy array read from an `.npy` member or a pickle, as plain data.
 * `data` is in C (row-major) order; object arrays hold their elements as a flat JS array.
 */
export interface NdArray {
  /** numpy's type string with byte order, e.g. `'<i8'`, `'|u1'`, `'|O'`. */
  readonly dtype: string;
  /** The array's shape. */
  readonly shape: readonly number[];
  /** The elements, flattened in C order. */
  readonly data: NumericData | unknown[];
}

interface DtypeInfo {
  readonly itemSize: number;
  readonly read: (view: DataView, offset: number, littleEndian: boolean) => number | bigint;
  readonly make: (length: number) => NumericData;
}

const DTYPES: Record<string, DtypeInfo> = {
  b1: { itemSize: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) },
  i1: { itemSize: 1, read: (v, o) => v.getInt8(o), make: (n) => new Int8Array(n) },
  u1: { itemSize: 1, read: (v, o) => v.getUint8(o), make: (n) => new Uint8Array(n) },
  i2: { itemSize: 2, read: (v, o, le) => v.getInt16(o, le), make: (n) => new Int16Array(n) },
  u2: { itemSize: 2, read: (v, o, le) => v.getUint16(o, le), make: (n) => new Uint16Array(n) },
  i4: { itemSize: 4, read: (v, o, le) => v.getInt32(o, le), make: (n) => new Int32Array(n) },
  u4: { itemSize: 4, read: (v, o, le) => v.getUint32(o, le), make: (n) => new Uint32Array(n) },
  f4: { itemSize: 4, read: (v, o, le) => v.getFloat32(o, le), make: (n) => new Float32Array(n) },
  f8: { itemSize: 8, read: (v, o, le) => v.getFloat64(o, le), make: (n) => new Float64Array(n) },
  i8: { itemSize: 8, read: (v, o, le) => v.getBigInt64(o, le), make: (n) => new BigInt64Array(n) },
  u8: { itemSize: 8, read: (v, o, le) => v.getBigUint64(o, le), make: (n) => new BigUint64Array(n) },
};

/** Splits a numpy type string such as `'<f8'` into byte order and kind+size. */
export function parseDtype(dtype: string, where: string): { littleEndian: boolean; code: string } {
  const match = /^([<>|=]?)([a-zA-Z]\d*)$/.exec(dtype);
  if (!match) {
    throw new DatasetFormatError(`${where}: unsupported numpy dtype '${dtype}'. Expected a simple numeric dtype such as '<f8' or '|u1'.`);
  }
  return { littleEndian: match[1] !== '>', code: match[2] ?? '' };
}

/** Number of elements of a shape. */
export function shapeSize(shape: readonly number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/**
 * Decodes `count` numeric elements of a numpy dtype from raw bytes.
 * @throws DatasetFormatError when the dtype is unsupported or the bytes are too short.
 */
export function decodeNumeric(bytes: Uint8Array, dtype: string, count: number, where: string): NumericData {
  const { littleEndian, code } = parseDtype(dtype, where);
  const info = DTYPES[code];
  if (!info) {
    throw new DatasetFormatError(`${where}: unsupported numpy dtype '${dtype}'. Supported: ${Object.keys(DTYPES).join(', ')} (any byte order).`);
  }
  const needed = count * info.itemSize;
  if (bytes.length < needed) {
    throw new DatasetFormatError(
      `${where}: truncated array data: dtype ${dtype} and ${count} elements need ${needed} bytes, found ${bytes.length}. ` +
        'The file is incomplete; delete it and download it again.',
    );
  }
  const out = info.make(count);
  if (littleEndian && info.itemSize > 1) {
    // Fast path: copy into an aligned buffer and view it directly (hosts are little-endian).
    const copy = bytes.slice(0, needed);
    const view = new (out.constructor as new (buffer: ArrayBuffer) => NumericData)(copy.buffer);
    return view;
  }
  if (info.itemSize === 1) {
    out.set(bytes.subarray(0, needed) as never);
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, needed);
  for (let i = 0; i < count; i++) {
    (out as unknown as Array<number | bigint>)[i] = info.read(view, i * info.itemSize, littleEndian);
  }
  return out;
}

/** Reorders Fortran-ordered (column-major) elements into C order. */
export function fortranToC<T extends { length: number; [index: number]: unknown }>(data: T, shape: readonly number[], make: (length: number) => T): T {
  if (shape.length < 2) return data;
  const out = make(data.length);
  const rank = shape.length;
  const index = new Array<number>(rank).fill(0);
  const fortranStrides = new Array<number>(rank);
  let stride = 1;
  for (let axis = 0; axis < rank; axis++) {
    fortranStrides[axis] = stride;
    stride *= shape[axis] ?? 1;
  }
  for (let flat = 0; flat < data.length; flat++) {
    let source = 0;
    for (let axis = 0; axis < rank; axis++) source += (index[axis] ?? 0) * (fortranStrides[axis] ?? 0);
    out[flat] = data[source];
    for (let axis = rank - 1; axis >= 0; axis--) {
      index[axis] = (index[axis] ?? 0) + 1;
      if ((index[axis] ?? 0) < (shape[axis] ?? 0)) break;
      index[axis] = 0;
    }
  }
  return out;
}

/**
 * Converts a numeric array's elements to an Int32Array, checking that every value is an integer
 * that fits in int32.
 */
export function toInt32Array(array: NdArray, where: string): Int32Array {
  const data = array.data;
  if (data instanceof Int32Array) return data;
  if (data instanceof Uint8Array || data instanceof Int8Array || data instanceof Int16Array || data instanceof Uint16Array) {
    return new Int32Array(data);
  }
  const out = new Int32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = Number(data[i] as number | bigint);
    if (!Number.isInteger(value) || value < -2147483648 || value > 2147483647) {
      throw new DatasetFormatError(`${where}: element ${i} is ${String(data[i])}, expected an integer that fits in int32.`);
    }
    out[i] = value;
  }
  return out;
}

/** Converts a numeric array's elements to a Float32Array. */
export function toFloat32Array(array: NdArray, where: string): Float32Array {
  if (array.data instanceof Float32Array) return array.data;
  const data = array.data;
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    if (typeof value !== 'number' && typeof value !== 'bigint') {
      throw new DatasetFormatError(`${where}: element ${i} is not a number (${typeof value}); expected a numeric array.`);
    }
    out[i] = Number(value);
  }
  return out;
}
