import { describe, expect, it } from 'vitest';
import { mapLanesModuleBytes, sigmoidLanes, tanhLanes } from './activation-lanes.js';
import { tanhScalar } from './tanh-simd.js';

// The SIMD activations of activation-lanes.ts, run by their own module over a private memory:
// sigmoid against float64 arithmetic over the whole float32 range, tanh against tanh-simd.ts's
// scalar steps (whose accuracy tanh-simd.test.ts bounds), bit for bit.

/** Float32 values over the whole range: every 20011th bit pattern of each sign, and the edges. */
function samples(): Float32Array {
  const bits: number[] = [];
  for (let pattern = 0; pattern < 0x7f800000; pattern += 20011) bits.push(pattern, pattern | 0x80000000);
  const values = Array.from(new Float32Array(Uint32Array.from(bits).buffer));
  const edges = [0, 1e-45, 1e-30, 0.5, 1, 8, 16.6, 17, 30, 87, 88.8, 103, 104, 105, 1e30, Infinity, Number.NaN];
  const all = [...values, ...edges, ...edges.map((value) => -value)];
  while (all.length % 4 !== 0) all.push(0);
  return Float32Array.from(all);
}

/** `activation` over `values` through the module. */
function mapped(activation: (x: number, scratch: number) => number[], values: Float32Array): Float32Array {
  const bytes = values.byteLength;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((2 * bytes) / 65536) + 1 });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(mapLanesModuleBytes(activation, false)), { env: { memory } });
  new Float32Array(memory.buffer, 0, values.length).set(values);
  (instance.exports.run as (source: number, target: number, bytes: number) => void)(0, bytes, bytes);
  return new Float32Array(memory.buffer, bytes, values.length).slice();
}

/** How many float32 values lie between `actual` and the correctly rounded `exact` (0: equal). */
function floatsApart(actual: number, exact: number): number {
  const key = (value: number) => {
    const bits = new Int32Array(Float32Array.of(value).buffer)[0]!;
    return bits < 0 ? -(bits & 0x7fffffff) : bits;
  };
  return Math.abs(key(actual) - key(Math.fround(exact)));
}

describe('SIMD activations', () => {
  it('validate as WebAssembly in both memory variants', () => {
    for (const activation of [sigmoidLanes, tanhLanes]) {
      expect(WebAssembly.validate(mapLanesModuleBytes(activation, false))).toBe(true);
      expect(WebAssembly.validate(mapLanesModuleBytes(activation, true))).toBe(true);
    }
  });

  it('sigmoid is within 3 floats of the correctly rounded 1/(1 + e^−x) wherever it is a normal float, within 1e-45 below, and keeps NaN', () => {
    const values = samples();
    const actual = mapped(sigmoidLanes, values);
    let worst = 0;
    const wrong: string[] = [];
    values.forEach((x, i) => {
      const y = actual[i]!;
      const exact = 1 / (1 + Math.exp(-x));
      if (Number.isNaN(x)) {
        if (!Number.isNaN(y)) wrong.push(`sigmoid(NaN) = ${y}`);
      } else if (exact < 1.1754944e-38) {
        if (!(Math.abs(y - exact) <= 1.5e-45)) wrong.push(`sigmoid(${x}) = ${y}, exact ${exact}`);
      } else {
        const apart = floatsApart(y, exact);
        worst = Math.max(worst, apart);
        if (apart > 3) wrong.push(`sigmoid(${x}) = ${y}, exact ${exact}: ${apart} floats apart`);
      }
    });
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(worst).toBeGreaterThan(0);
    expect(actual[values.indexOf(0)]).toBe(0.5);
    expect(actual[values.indexOf(Infinity)]).toBe(1);
    expect(actual[values.indexOf(-Infinity)]).toBe(0);
  });

  it("tanh gives tanh-simd.ts's scalar steps bit for bit", () => {
    const values = samples();
    const actual = mapped(tanhLanes, values);
    const wrong = Array.from(values).filter((x, i) => !Object.is(actual[i], tanhScalar(x)) && !Number.isNaN(x));
    expect(wrong.slice(0, 5)).toEqual([]);
    expect(actual[values.findIndex(Number.isNaN)]).toBeNaN();
  });
});
