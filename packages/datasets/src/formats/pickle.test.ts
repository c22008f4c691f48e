import { describe, expect, it } from 'vitest';
import { DatasetFormatError, UnpicklingError } from '../errors/errors.js';
import { pickleCifarBatch, pickleObjectArray, PickleWriter } from '../testing/pickle-writer.test-utils.js';
import type { NdArray } from './ndarray.js';
import { readPickle } from './pickle.js';

// Bytes CPython 3.11 + numpy 2.4 produce for `pickle.dumps(a, protocol)` where `a` is an object
// array holding [1, 2, 300] and [70000] (copied from the interpreter, not from this package).
const CPYTHON_PROTOCOL_3 =
  '\\x80\\x03cnumpy._core.multiarray\\n_reconstruct\\nq\\x00cnumpy\\nndarray\\nq\\x01K\\x00\\x85q\\x02C\\x01bq\\x03\\x87q\\x04Rq\\x05(K\\x01K\\x02\\x85q\\x06cnumpy\\ndtype\\nq\\x07X\\x02\\x00\\x00\\x00O8q\\x08\\x89\\x88\\x87q\\tRq\\n(K\\x03X\\x01\\x00\\x00\\x00|q\\x0bNNNJ\\xff\\xff\\xff\\xffJ\\xff\\xff\\xff\\xffK?tq\\x0cb\\x89]q\\r(]q\\x0e(K\\x01K\\x02M,\\x01e]q\\x0fJp\\x11\\x01\\x00aetq\\x10b.';
const CPYTHON_PROTOCOL_4 =
  '\\x80\\x04\\x95\\x9d\\x00\\x00\\x00\\x00\\x00\\x00\\x00\\x8c\\x16numpy._core.multiarray\\x94\\x8c\\x0c_reconstruct\\x94\\x93\\x94\\x8c\\x05numpy\\x94\\x8c\\x07ndarray\\x94\\x93\\x94K\\x00\\x85\\x94C\\x01b\\x94\\x87\\x94R\\x94(K\\x01K\\x02\\x85\\x94h\\x03\\x8c\\x05dtype\\x94\\x93\\x94\\x8c\\x02O8\\x94\\x89\\x88\\x87\\x94R\\x94(K\\x03\\x8c\\x01|\\x94NNNJ\\xff\\xff\\xff\\xffJ\\xff\\xff\\xff\\xffK?t\\x94b\\x89]\\x94(]\\x94(K\\x01K\\x02M,\\x01e]\\x94Jp\\x11\\x01\\x00aet\\x94b.';

/** Decodes a Python bytes literal body (as printed by repr) into bytes. */
function pythonBytes(literal: string): Uint8Array {
  const out: number[] = [];
  const escapes: Record<string, number> = { n: 10, t: 9, r: 13, '\\': 92, "'": 39 };
  for (let i = 0; i < literal.length; i++) {
    const char = literal[i] ?? '';
    if (char !== '\\') {
      out.push(char.charCodeAt(0));
      continue;
    }
    const next = literal[i + 1] ?? '';
    if (next === 'x') {
      out.push(Number.parseInt(literal.slice(i + 2, i + 4), 16));
      i += 3;
    } else {
      out.push(escapes[next] ?? 0);
      i += 1;
    }
  }
  return Uint8Array.from(out);
}

describe('readPickle', () => {
  it('reads the object arrays CPython writes with protocols 3 and 4', () => {
    for (const literal of [CPYTHON_PROTOCOL_3, CPYTHON_PROTOCOL_4]) {
      const array = readPickle(pythonBytes(literal), 'cpython') as NdArray;
      expect(array.dtype).toBe('|O');
      expect(array.shape).toEqual([2]);
      expect(array.data).toEqual([[1, 2, 300], [70000]]);
    }
  });

  it('has a test writer whose protocol-3 output is byte-identical to CPython', () => {
    const written = pickleObjectArray([[1, 2, 300], [70000]], 3, 'numpy._core.multiarray');
    expect(Array.from(written)).toEqual(Array.from(pythonBytes(CPYTHON_PROTOCOL_3)));
  });

  it('reads Python 2 protocol-2 and protocol-4 object arrays from the writer, including >1000 items and big ints', () => {
    const sequences = Array.from({ length: 1203 }, (_, i) => [i, i * 1000, -i - 1, 2 ** 40 + i]);
    sequences.push([]);
    for (const protocol of [2, 3, 4] as const) {
      const array = readPickle(pickleObjectArray(sequences, protocol), `p${protocol}`) as NdArray;
      expect(array.shape).toEqual([1204]);
      expect(array.data).toEqual(sequences);
    }
  });

  it('reads a CIFAR-style dict with bytes keys and a uint8 ndarray', () => {
    const data = Uint8Array.from({ length: 2 * 3072 }, (_, i) => (i * 7) % 256);
    const batch = readPickle(pickleCifarBatch(data, { labels: [3, 9] }), 'batch') as Record<string, unknown>;
    expect(Object.keys(batch).sort()).toEqual(['batch_label', 'data', 'filenames', 'labels']);
    expect(batch['labels']).toEqual([3, 9]);
    const array = batch['data'] as NdArray;
    expect(array.dtype).toBe('|u1');
    expect(array.shape).toEqual([2, 3072]);
    expect(Array.from(array.data as Uint8Array)).toEqual(Array.from(data));
  });

  it('decodes little- and big-endian numeric arrays and Fortran order', () => {
    const body = new Uint8Array(new Int32Array([1, 2, 3, 4, 5, 6]).buffer);
    const writer = new PickleWriter(3);
    writer.ndarray([2, 3], 'i4', '<', (w) => w.binaryString(body));
    expect(Array.from((readPickle(writer.finish(), 'le') as NdArray).data as Int32Array)).toEqual([1, 2, 3, 4, 5, 6]);

    const bigEndian = new Uint8Array([0, 1, 0, 2, 0, 3, 0, 4]);
    const fortran = new PickleWriter(3);
    fortran.global('numpy.core.multiarray', '_reconstruct').global('numpy', 'ndarray').int(0).raw(0x85);
    fortran
      .binaryString(new Uint8Array([0x62]))
      .raw(0x87, 0x52, 0x28)
      .int(1)
      .int(2)
      .int(2)
      .raw(0x86);
    fortran.dtype('i2', '>').raw(0x88).binaryString(bigEndian).raw(0x74, 0x62);
    const array = readPickle(fortran.finish(), 'fortran') as NdArray;
    // Column-major [[1, 3], [2, 4]] stored as 1, 2, 3, 4 → row-major 1, 3, 2, 4.
    expect(Array.from(array.data as Int16Array)).toEqual([1, 3, 2, 4]);
  });

  it('refuses a malicious GLOBAL os.system + REDUCE without running anything', () => {
    const writer = new PickleWriter(2);
    writer.global('os', 'system').text('touch /tmp/pwned').raw(0x85, 0x52);
    expect(() => readPickle(writer.finish(), 'evil.pkl')).toThrow(UnpicklingError);
    expect(() => readPickle(writer.finish(), 'evil.pkl')).toThrow(/refusing to unpickle global 'os\.system'/);
  });

  it('refuses REDUCE on an allow-listed name that is not a constructor it emulates', () => {
    const writer = new PickleWriter(3);
    writer.global('numpy', 'ndarray').raw(0x29, 0x52);
    expect(() => readPickle(writer.finish(), 'x')).toThrow(/Refusing to unpickle: REDUCE on numpy\.ndarray/);
    const onData = new PickleWriter(3);
    onData.text('eval').raw(0x29, 0x52);
    expect(() => readPickle(onData.finish(), 'x')).toThrow(UnpicklingError);
  });

  it('refuses object-building opcodes (INST, NEWOBJ) and unknown opcodes', () => {
    expect(() => readPickle(new TextEncoder().encode('(ios\nsystem\n.'), 'inst')).toThrow(/refusing to unpickle opcode INST/);
    expect(() => readPickle(Uint8Array.from([0x80, 2, 0x4e, 0x29, 0x81, 0x2e]), 'newobj')).toThrow(/NEWOBJ/);
    expect(() => readPickle(Uint8Array.from([0x80, 2, 0xff]), 'bad')).toThrow(/unsupported pickle opcode 0xff/);
  });

  it('reports truncation and malformed structure clearly', () => {
    const full = pickleObjectArray([[1, 2, 3]], 3);
    expect(() => readPickle(full.subarray(0, full.length - 5), 'cut.npy')).toThrow(DatasetFormatError);
    expect(() => readPickle(full.subarray(0, full.length - 5), 'cut.npy')).toThrow(/cut\.npy: .*(ends|underflow|MARK)/);
    expect(() => readPickle(Uint8Array.from([0x80, 2, 0x4b]), 'short')).toThrow(/needed 1 more bytes/);
    expect(() => readPickle(Uint8Array.from([0x80, 2, 0x68, 5, 0x2e]), 'memo')).toThrow(/memo key 5/);
  });

  it("reads LONG1/LONG4 as two's-complement little-endian integers (bigint beyond 2^53)", () => {
    const long1 = (...bytes: number[]) => readPickle(Uint8Array.from([0x80, 2, 0x8a, bytes.length, ...bytes, 0x2e]), 'long');
    // Values as Python's int.from_bytes(bytes, 'little', signed=True) gives them.
    expect(long1()).toBe(0);
    expect(long1(0xff)).toBe(-1);
    expect(long1(0x00, 0x80)).toBe(-32768);
    expect(long1(0x01, 0, 0, 0, 0, 0, 0, 0, 0x01)).toBe(18446744073709551617n);
    expect(long1(0, 0, 0, 0, 0, 0, 0, 0, 0x80)).toBe(-2361183241434822606848n);
    expect(long1(...new Array<number>(9).fill(0xff))).toBe(-1);
    const long4 = Uint8Array.from([0x80, 2, 0x8b, 3, 0, 0, 0, 0x34, 0x12, 0x01, 0x2e]);
    expect(readPickle(long4, 'long4')).toBe(0x011234);
  });
});
