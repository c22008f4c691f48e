import { describe, expect, it } from 'vitest';
import { nativeAddon } from '../addon/load.js';
import { available, skipReason } from './kernels.test-utils.js';

// The addon's tanh and sigmoid are its own float32 approximations (native/activations.h), used
// by the Tanh/Sigmoid kernels, the fused Dense epilogue and the LSTM/GRU kernels. This sweep
// holds them to 2 ulp of the correctly rounded float32 result, measured against the functions in
// double. An exhaustive run over every float32 measured at most 1.51 ulp (tanh) and 1.97 ulp
// (sigmoid), so a degraded polynomial or a lost correction term fails here.
const maxUlps = 2;

const sigmoidReference = (v: number) => 1 / (1 + Math.exp(-v));

function run(op: 'Tanh' | 'Sigmoid', x: Float32Array): Float32Array {
  const addon = nativeAddon();
  const out = new Float32Array(x.length);
  addon.unary(addon.unaryOps.indexOf(op), x, out, 0, 0);
  return out;
}

/** The sweep: a 2^-16 grid on [-1, 1], a 2^-12 grid on [-20, 20], log-spaced magnitudes over [1e-30, 100] and the specials. */
function sweep(): Float32Array {
  const values: number[] = [];
  for (let i = -(2 ** 16); i <= 2 ** 16; i++) values.push(i / 2 ** 16);
  for (let i = -20 * 2 ** 12; i <= 20 * 2 ** 12; i++) values.push(i / 2 ** 12);
  const logSamples = 2 ** 21;
  const low = Math.log(1e-30);
  const high = Math.log(100);
  for (let i = 0; i < logSamples; i++) {
    const magnitude = Math.exp(low + ((high - low) * i) / (logSamples - 1));
    values.push(magnitude, -magnitude);
  }
  // Inputs where the exhaustive run found the largest errors, and both sides of tanh's switch
  // from its polynomial to its exponential form.
  values.push(0.567548931, -1.10270381, -6.23769903, -4.1572938, 0.5625, Math.fround(0.5625) - 2 ** -24);
  values.push(...specials);
  return Float32Array.from(values);
}

const floatMax = 3.4028234663852886e38;
const specials = [
  0,
  -0,
  Infinity,
  -Infinity,
  floatMax,
  -floatMax,
  2 ** -126,
  -(2 ** -126),
  2 ** -149,
  -(2 ** -149),
  1e-38,
  -1e-38,
  88.7,
  -88.7,
  103.9,
  -103.9,
  200,
  -200,
];

/** Position of a float32 on the number line, in ulps: adjacent floats differ by 1. */
function ordinal(bits: number): number {
  return bits < 0 ? -(bits & 0x7fffffff) : bits;
}

/** The float32 spacing at the correctly rounded result, on the side of the exact value. */
function ulpAt(exact: number, rounded: number): number {
  const magnitude = Math.abs(rounded);
  if (magnitude === 0) return 2 ** -149;
  const bits = new Int32Array(new Float32Array([magnitude]).buffer)[0] as number;
  const neighbour = new Float32Array(new Int32Array([Math.abs(exact) >= magnitude ? bits + 1 : bits - 1]).buffer)[0] as number;
  return Math.abs(neighbour - magnitude);
}

interface Measured {
  maxUlps: number;
  maxDistance: number;
  worstInput: number;
}

function measure(x: Float32Array, got: Float32Array, reference: (v: number) => number): Measured {
  const gotBits = new Int32Array(got.buffer);
  const rounded = new Float32Array(1);
  const roundedBits = new Int32Array(rounded.buffer);
  const result: Measured = { maxUlps: 0, maxDistance: 0, worstInput: 0 };
  for (let i = 0; i < x.length; i++) {
    const input = x[i] as number;
    if (Number.isNaN(input)) continue;
    const exact = reference(input);
    rounded[0] = exact;
    const value = got[i] as number;
    const ulps = Math.abs(value - exact) / ulpAt(exact, rounded[0]);
    const distance = Math.abs(ordinal(gotBits[i] as number) - ordinal(roundedBits[0] as number));
    if (!(ulps <= result.maxUlps)) result.worstInput = input;
    result.maxUlps = Number.isNaN(ulps) ? Infinity : Math.max(result.maxUlps, ulps);
    result.maxDistance = Math.max(result.maxDistance, distance);
  }
  return result;
}

describe.skipIf(!available)(`the addon's tanh and sigmoid (${skipReason})`, () => {
  const x = available ? sweep() : new Float32Array(0);

  it(`tanh is within ${maxUlps} ulp of the correctly rounded result`, () => {
    const measured = measure(x, run('Tanh', x), Math.tanh);
    expect(measured.maxUlps, `worst at x = ${measured.worstInput}`).toBeLessThanOrEqual(maxUlps);
    expect(measured.maxDistance).toBeLessThanOrEqual(maxUlps);
  });

  it(`sigmoid is within ${maxUlps} ulp of the correctly rounded result, subnormal results included`, () => {
    const measured = measure(x, run('Sigmoid', x), sigmoidReference);
    expect(measured.maxUlps, `worst at x = ${measured.worstInput}`).toBeLessThanOrEqual(maxUlps);
    expect(measured.maxDistance).toBeLessThanOrEqual(maxUlps);
  });

  it('tanh is odd to the bit, keeps ±0, tiny inputs and the range [-1, 1]', () => {
    const y = run('Tanh', x);
    const yOfNegated = run(
      'Tanh',
      x.map((v) => -v),
    );
    for (let i = 0; i < x.length; i++) {
      if (!Object.is(yOfNegated[i], -(y[i] as number))) expect.fail(`tanh(${-(x[i] as number)}) = ${yOfNegated[i]}, but tanh(${x[i]}) = ${y[i]}`);
      if (!(Math.abs(y[i] as number) <= 1)) expect.fail(`tanh(${x[i]}) = ${y[i]} is outside [-1, 1]`);
    }
    const tiny = Float32Array.from([0, -0, 2 ** -149, -(2 ** -149), 1e-38, -1e-30, 1e-20, 2 ** -13]);
    expect(Array.from(run('Tanh', tiny))).toEqual(Array.from(tiny));
  });

  it('sigmoid stays in [0, 1]', () => {
    const y = run('Sigmoid', x);
    for (let i = 0; i < x.length; i++) if (!((y[i] as number) >= 0 && (y[i] as number) <= 1)) expect.fail(`sigmoid(${x[i]}) = ${y[i]}`);
  });

  it('maps the special values', () => {
    const input = Float32Array.from([Infinity, -Infinity, Number.NaN, floatMax, -floatMax, 0, -0, 20, -200]);
    expect(Array.from(run('Tanh', input))).toEqual([1, -1, Number.NaN, 1, -1, 0, -0, 1, -1]);
    expect(Array.from(run('Sigmoid', input))).toEqual([1, 0, Number.NaN, 1, 0, 0.5, 0.5, 1, 0]);
  });
});
