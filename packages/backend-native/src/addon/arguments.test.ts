import { describe, expect, it } from 'vitest';
import { nativeStatus } from '../index.js';
import { nativeAddon } from './load.js';

// The addon reads its arguments with raw N-API calls (native/common.cc): a typed array's element
// type, length and data (at its byte offset) in one call, shapes element by element. These check
// what that reading must get right — views into a larger buffer, every error — and the binary
// kernel's whole-array loops against the N-d walk they bypass.

describe.runIf(nativeStatus.available)('addon arguments', () => {
  const add = () => nativeAddon().binaryOps.indexOf('Add');

  it('reads a view at its byte offset and writes only its elements', () => {
    const backing = new Float32Array([100, 1, 2, 3, 200]);
    const a = backing.subarray(1, 4);
    const b = new Float32Array([10, 20, 30]);
    const outBacking = new Float32Array([-1, -1, -1, -1, -1]);
    nativeAddon().binary(add(), a, [1], b, [1], outBacking.subarray(1, 4), [3]);
    expect(Array.from(outBacking)).toEqual([-1, 11, 22, 33, -1]);
  });

  it('names the argument and what it must be when it is the wrong kind', () => {
    const x = new Float32Array(2);
    const call =
      (...args: unknown[]) =>
      () =>
        (nativeAddon().binary as (...a: unknown[]) => void)(...args);
    expect(call(add(), [1, 2], [1], x, [1], x, [2])).toThrow(new TypeError('a must be a TypedArray'));
    expect(call(add(), new Float64Array(2), [1], x, [1], x, [2])).toThrow(new TypeError('a must be a Float32Array, Int32Array or Uint8Array'));
    expect(call(add(), x, 'no', x, [1], x, [2])).toThrow(new TypeError('aStrides must be an array of integers'));
    expect(call(add(), x, ['1'], x, [1], x, [2])).toThrow(new TypeError('aStrides must be an array of integers'));
    expect(call(add(), x, [1], x, [1], x, [2, {}])).toThrow(new TypeError('outShape must be an array of integers'));
  });

  it('gives the N-d walk’s results on whole arrays, one broadcast value, and mixed broadcasts', () => {
    const sub = nativeAddon().binaryOps.indexOf('Sub');
    const a = Float32Array.from({ length: 12 }, (_, i) => i * 1.5 - 4);
    const b = Float32Array.from({ length: 12 }, (_, i) => (i % 5) - 2.25);
    const run = (aStrides: number[], bStrides: number[], shape: number[], left = a, right = b) => {
      const out = new Float32Array(shape.reduce((p, d) => p * d, 1));
      nativeAddon().binary(sub, left, aStrides, right, bStrides, out, shape);
      return Array.from(out);
    };
    // Same layout: element by element.
    expect(run([4, 1], [4, 1], [3, 4])).toEqual(Array.from(a, (v, i) => Math.fround(v - b[i]!)));
    // One value on either side (stride 0 everywhere, or a size-1 dimension with any stride).
    expect(run([4, 1], [0, 0], [3, 4])).toEqual(Array.from(a, (v) => Math.fround(v - b[0]!)));
    expect(run([0, 0], [4, 1], [3, 4])).toEqual(Array.from(b, (v) => Math.fround(a[0]! - v)));
    expect(run([7, 1], [4, 1], [1, 4])).toEqual([0, 1, 2, 3].map((i) => Math.fround(a[i]! - b[i]!)));
    // A row broadcast (the N-d walk): b's first row under each of a's rows.
    expect(run([4, 1], [0, 1], [3, 4])).toEqual(Array.from(a, (v, i) => Math.fround(v - b[i % 4]!)));
    // A column broadcast.
    expect(run([4, 1], [1, 0], [3, 4])).toEqual(Array.from(a, (v, i) => Math.fround(v - b[Math.floor(i / 4)]!)));
    // Empty and rank-0 outputs.
    expect(run([4, 1], [4, 1], [0, 4])).toEqual([]);
    expect(run([], [], [])).toEqual([Math.fround(a[0]! - b[0]!)]);
  });
});
