import { DatasetFormatError, UnpicklingError } from '../errors/errors.js';
import { decodeNumeric, fortranToC, type NdArray, type NumericData, shapeSize } from './ndarray.js';

/**
 * The only globals a pickle may name: what numpy needs to rebuild an array (numpy < 2 spells the
 * module `numpy.core`, numpy >= 2 `numpy._core`). Keras's own restricted unpickler allows the same set.
 */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  'numpy.core.multiarray._reconstruct',
  'numpy._core.multiarray._reconstruct',
  'numpy.ndarray',
  'numpy.dtype',
]);

/** A reference to an allow-listed global; it is a name, never a callable. */
export class GlobalReference {
  constructor(
    readonly module: string,
    readonly name: string,
  ) {}
  get qualifiedName(): string {
    return `${this.module}.${this.name}`;
  }
}

/** What `numpy.dtype(descr, align, copy)` would return, before its state is applied. */
export class DtypeStub {
  byteOrder = '|';
  constructor(readonly descr: string) {}
  /** numpy's type string with byte order, e.g. `'<i8'`; object dtypes become `'|O'`. */
  get dtype(): string {
    if (this.descr.startsWith('O')) return '|O';
    const order = this.byteOrder === '=' ? '<' : this.byteOrder;
    return `${order}${this.descr}`;
  }
}

/** An array created by `_reconstruct(ndarray, (0,), b'b')`, filled in by BUILD. */
export class ArrayStub implements NdArray {
  dtype = '';
  shape: readonly number[] = [];
  data: NumericData | unknown[] = [];
  built = false;
}

/** Decodes a pickled text value that may arrive as str (unicode) or as Python 2 str (bytes). */
export function asText(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return latin1(value);
  throw new DatasetFormatError(`Malformed pickle: ${what} should be a string, got ${describe(value)}.`);
}

/** Decodes bytes one byte per character, as Python 2 strings are. */
export function latin1(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 8192) {
    text += String.fromCharCode(...bytes.subarray(i, i + 8192));
  }
  return text;
}

/** A short description of a pickled value for error messages. */
export function describe(value: unknown): string {
  if (value instanceof GlobalReference) return `global ${value.qualifiedName}`;
  if (value instanceof DtypeStub) return `numpy.dtype('${value.descr}')`;
  if (value instanceof ArrayStub) return 'numpy.ndarray';
  if (value instanceof Uint8Array) return `bytes of length ${value.length}`;
  if (Array.isArray(value)) return `a sequence of length ${value.length}`;
  if (value === null) return 'None';
  return typeof value;
}

/**
 * Emulates REDUCE structurally: only `_reconstruct(numpy.ndarray, shape, b'b')` and
 * `numpy.dtype(descr, align, copy)` are understood; any other call is refused.
 */
export function reduce(callable: unknown, args: unknown): unknown {
  if (!(callable instanceof GlobalReference)) {
    throw new UnpicklingError(
      `Refusing to unpickle: REDUCE called on ${describe(callable)}; only numpy array reconstruction is allowed. ` +
        'The file is corrupt or malicious; delete it and download it again.',
    );
  }
  const argumentList = Array.isArray(args) ? args : [];
  if (callable.name === '_reconstruct') {
    const subtype = argumentList[0];
    if (!(subtype instanceof GlobalReference) || subtype.qualifiedName !== 'numpy.ndarray') {
      throw new UnpicklingError(`Refusing to unpickle: _reconstruct must build a numpy.ndarray, got ${describe(subtype)}.`);
    }
    return new ArrayStub();
  }
  if (callable.qualifiedName === 'numpy.dtype') {
    return new DtypeStub(asText(argumentList[0], 'numpy.dtype descriptor'));
  }
  throw new UnpicklingError(
    `Refusing to unpickle: REDUCE on ${callable.qualifiedName} is not allowed; only ` + 'numpy.core.multiarray._reconstruct and numpy.dtype are emulated.',
  );
}

/** Emulates BUILD (`__setstate__`) for the two numpy types; anything else is refused. */
export function build(target: unknown, state: unknown): void {
  if (target instanceof DtypeStub) {
    // numpy dtype state: (version, byteorder, subarray, names, fields, elsize, alignment, flags).
    if (Array.isArray(state) && state.length >= 2) target.byteOrder = asText(state[1], 'dtype byte order');
    return;
  }
  if (!(target instanceof ArrayStub)) {
    throw new UnpicklingError(`Refusing to unpickle: BUILD on ${describe(target)} is not allowed.`);
  }
  // ndarray state: (version, shape, dtype, is_fortran, rawdata).
  if (!Array.isArray(state) || state.length !== 5) {
    throw new DatasetFormatError(`Malformed pickle: ndarray state should be a 5-tuple, got ${describe(state)}.`);
  }
  const [, shapeValue, dtypeValue, fortranValue, rawData] = state;
  if (!Array.isArray(shapeValue) || !shapeValue.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= 0)) {
    throw new DatasetFormatError(`Malformed pickle: ndarray shape should be a tuple of non-negative ints, got ${describe(shapeValue)}.`);
  }
  if (!(dtypeValue instanceof DtypeStub)) {
    throw new DatasetFormatError(`Malformed pickle: ndarray dtype should be numpy.dtype, got ${describe(dtypeValue)}.`);
  }
  const shape = shapeValue as number[];
  const count = shapeSize(shape);
  const fortran = fortranValue === true;
  const dtype = dtypeValue.dtype;
  let data: NumericData | unknown[];
  if (dtype === '|O') {
    if (!Array.isArray(rawData) || rawData.length !== count) {
      throw new DatasetFormatError(
        `Malformed pickle: object array of shape [${shape.join(', ')}] needs a list of ${count} elements, got ${describe(rawData)}.`,
      );
    }
    data = fortran ? fortranToC(rawData, shape, (n) => new Array<unknown>(n)) : rawData;
  } else {
    if (!(rawData instanceof Uint8Array)) {
      throw new DatasetFormatError(`Malformed pickle: numeric array data should be bytes, got ${describe(rawData)}.`);
    }
    const decoded = decodeNumeric(rawData, dtype, count, 'pickled ndarray');
    const make = (length: number) => new (decoded.constructor as new (length: number) => NumericData)(length);
    data = fortran ? fortranToC(decoded, shape, make) : decoded;
  }
  target.dtype = dtype;
  target.shape = shape;
  target.data = data;
  target.built = true;
}
