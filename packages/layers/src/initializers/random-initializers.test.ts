import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { setRandomSeed } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import type { Initializer } from './base.js';
import {
  GlorotNormal,
  GlorotUniform,
  HeNormal,
  HeUniform,
  LecunNormal,
  LecunUniform,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
} from './random-initializers.js';

/** Mean, standard deviation and largest |value| of a sample, in float64. */
function stats(tensor: tf.Tensor): { mean: number; std: number; maxAbs: number; min: number; max: number } {
  const values = tensor.dataSync();
  tensor.dispose();
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let squares = 0;
  let maxAbs = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) {
    squares += (v - mean) ** 2;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  return { mean, std: Math.sqrt(squares / values.length), maxAbs, min, max };
}

/** Standard deviation of a unit normal truncated to [-2, 2]: √(1 − 4φ(2)/(2Φ(2) − 1)). */
const TRUNCATED_STD = Math.sqrt(1 - (4 * Math.exp(-2)) / Math.sqrt(2 * Math.PI) / 0.9544997361036416);

function valuesOf(initializer: Initializer, shape: number[]): number[] {
  const tensor = initializer.apply(shape);
  const values = Array.from(tensor.dataSync());
  tensor.dispose();
  return values;
}

describe('RandomUniform, RandomNormal, TruncatedNormal', () => {
  it('have Keras 3 defaults', () => {
    expect(new RandomUniform().getConfig()).toEqual({ minval: -0.05, maxval: 0.05 });
    expect(new RandomNormal().getConfig()).toEqual({ mean: 0, stddev: 0.05 });
    expect(new TruncatedNormal().getConfig()).toEqual({ mean: 0, stddev: 0.05 });
  });

  it('RandomUniform stays in [minval, maxval) with the uniform mean and spread', () => {
    const s = stats(new RandomUniform({ minval: -1, maxval: 3, seed: 1 }).apply([100_000]));
    expect(s.min).toBeGreaterThanOrEqual(-1);
    expect(s.max).toBeLessThan(3);
    expect(s.min).toBeLessThan(-0.99);
    expect(s.max).toBeGreaterThan(2.99);
    expect(s.mean).toBeCloseTo(1, 1);
    expect(Math.abs(s.std - 4 / Math.sqrt(12)) / (4 / Math.sqrt(12))).toBeLessThan(0.01);
  });

  it('RandomNormal has the requested mean and stddev on a large sample', () => {
    const s = stats(new RandomNormal({ mean: 2, stddev: 0.5, seed: 2 }).apply([100_000]));
    expect(Math.abs(s.mean - 2)).toBeLessThan(0.01);
    expect(Math.abs(s.std - 0.5) / 0.5).toBeLessThan(0.02);
    // An untruncated normal reaches past 2σ on this many draws.
    expect(s.max - 2).toBeGreaterThan(1);
  });

  it('TruncatedNormal stays within 2σ and has the truncated spread', () => {
    const s = stats(new TruncatedNormal({ mean: -1, stddev: 0.2, seed: 3 }).apply([100_000]));
    expect(Math.abs(s.mean + 1)).toBeLessThan(0.005);
    expect(s.min).toBeGreaterThanOrEqual(-1 - 0.4 - 1e-6);
    expect(s.max).toBeLessThanOrEqual(-1 + 0.4 + 1e-6);
    expect(Math.abs(s.std - 0.2 * TRUNCATED_STD) / (0.2 * TRUNCATED_STD)).toBeLessThan(0.02);
  });
});

describe('VarianceScaling', () => {
  const DENSE = [300, 200]; // fanIn 300, fanOut 200, average 250
  const CONV = [5, 5, 32, 64]; // receptive field 25: fanIn 800, fanOut 1600, average 1200
  const FANS: Record<string, Record<string, number>> = {
    dense: { fanIn: 300, fanOut: 200, fanAvg: 250 },
    conv: { fanIn: 800, fanOut: 1600, fanAvg: 1200 },
  };
  const cases: [string, number[], 'fanIn' | 'fanOut' | 'fanAvg', 'uniform' | 'truncatedNormal' | 'untruncatedNormal'][] = [];
  for (const [kind, shape] of [
    ['dense', DENSE],
    ['conv', CONV],
  ] as const) {
    for (const mode of ['fanIn', 'fanOut', 'fanAvg'] as const) {
      for (const distribution of ['uniform', 'truncatedNormal', 'untruncatedNormal'] as const) cases.push([kind, [...shape], mode, distribution]);
    }
  }

  it.each(cases)('%s %s with mode %s, %s: variance scale/fan', (kind, shape, mode, distribution) => {
    const scale = 2;
    const fan = FANS[kind]![mode]!;
    const std = Math.sqrt(scale / fan);
    const s = stats(new VarianceScaling({ scale, mode, distribution, seed: 11 }).apply(shape));
    expect(Math.abs(s.mean)).toBeLessThan(0.02 * std);
    expect(Math.abs(s.std - std) / std).toBeLessThan(0.03);
    if (distribution === 'uniform') {
      const limit = Math.sqrt((3 * scale) / fan);
      expect(s.maxAbs).toBeLessThanOrEqual(limit);
      expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
    } else if (distribution === 'truncatedNormal') {
      // The generating stddev is std / 0.8796 so that the truncated values have stddev std.
      expect(s.maxAbs).toBeLessThanOrEqual((2 * std) / TRUNCATED_STD + 1e-6);
    } else {
      expect(s.maxAbs).toBeGreaterThan((2 * std) / TRUNCATED_STD);
    }
  });

  it('has Keras 3 defaults (scale 1, fan_in, truncated normal) and accepts snake_case', () => {
    expect(new VarianceScaling().getConfig()).toEqual({ scale: 1, mode: 'fan_in', distribution: 'truncated_normal' });
    const snake = new VarianceScaling({ mode: 'fan_avg', distribution: 'untruncated_normal', seed: 4 });
    expect(snake.getConfig()).toEqual({ scale: 1, mode: 'fan_avg', distribution: 'untruncated_normal', seed: 4 });
    expect(new VarianceScaling({ distribution: 'normal' }).distribution).toBe('untruncated_normal');
  });

  it('rejects bad arguments, naming them', () => {
    expect(() => new VarianceScaling({ scale: 0 })).toThrow(/scale must be positive, got 0/);
    expect(() => new VarianceScaling({ mode: 'fanMiddle' as never })).toThrow(/mode must be 'fanIn', 'fanOut' or 'fanAvg', got 'fanMiddle'/);
    expect(() => new VarianceScaling({ distribution: 'cauchy' as never })).toThrow(/distribution must be .*got 'cauchy'/);
  });
});

describe('Glorot, He and LeCun presets', () => {
  const shape = [300, 200];
  const fanIn = 300;
  const fanOut = 200;
  const uniform: [string, Initializer, number][] = [
    ['GlorotUniform', new GlorotUniform({ seed: 1 }), Math.sqrt(6 / (fanIn + fanOut))],
    ['HeUniform', new HeUniform({ seed: 2 }), Math.sqrt(6 / fanIn)],
    ['LecunUniform', new LecunUniform({ seed: 3 }), Math.sqrt(3 / fanIn)],
  ];
  const normal: [string, Initializer, number][] = [
    ['GlorotNormal', new GlorotNormal({ seed: 4 }), Math.sqrt(2 / (fanIn + fanOut))],
    ['HeNormal', new HeNormal({ seed: 5 }), Math.sqrt(2 / fanIn)],
    ['LecunNormal', new LecunNormal({ seed: 6 }), Math.sqrt(1 / fanIn)],
  ];

  it.each(uniform)('%s draws within ±limit with std ≈ limit/√3', (_name, initializer, limit) => {
    const s = stats(initializer.apply(shape));
    expect(s.maxAbs).toBeLessThanOrEqual(limit);
    expect(s.maxAbs).toBeGreaterThan(0.99 * limit);
    expect(Math.abs(s.std - limit / Math.sqrt(3)) / (limit / Math.sqrt(3))).toBeLessThan(0.02);
  });

  it.each(normal)('%s is a truncated normal with the documented stddev', (_name, initializer, std) => {
    const s = stats(initializer.apply(shape));
    expect(Math.abs(s.std - std) / std).toBeLessThan(0.03);
    expect(s.maxAbs).toBeLessThanOrEqual((2 * std) / TRUNCATED_STD + 1e-6);
  });

  it('serialize only their seed and keep their class names', () => {
    expect(new GlorotUniform().getConfig()).toEqual({});
    expect(new HeNormal({ seed: 9 }).getConfig()).toEqual({ seed: 9 });
    expect([...uniform, ...normal].map(([, initializer]) => initializer.className)).toEqual([
      'GlorotUniform',
      'HeUniform',
      'LecunUniform',
      'GlorotNormal',
      'HeNormal',
      'LecunNormal',
    ]);
  });
});

describe('Orthogonal', () => {
  /** WᵀW (or WWᵀ when `rowsProduct`) of a row-major [rows, cols] matrix W. */
  function gram(values: number[], rows: number, cols: number, rowsProduct: boolean): number[] {
    const w = (r: number, c: number) => values[r * cols + c]!;
    const n = rowsProduct ? rows : cols;
    const result: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        if (rowsProduct) for (let k = 0; k < cols; k++) sum += w(i, k) * w(j, k);
        else for (let k = 0; k < rows; k++) sum += w(k, i) * w(k, j);
        result.push(sum);
      }
    }
    return result;
  }
  const eye = (n: number, gain: number) => Array.from({ length: n * n }, (_, i) => (i % (n + 1) === 0 ? gain * gain : 0));

  it('gives orthonormal columns when rows ≥ cols (WᵀW = I)', () => {
    const values = valuesOf(new Orthogonal({ seed: 1 }), [6, 4]);
    gram(values, 6, 4, false).forEach((v, i) => expect(v).toBeCloseTo(eye(4, 1)[i]!, 5));
  });

  it('gives orthonormal rows when rows < cols (WWᵀ = I), scaled by gain', () => {
    const values = valuesOf(new Orthogonal({ gain: 2, seed: 2 }), [3, 5]);
    gram(values, 3, 5, true).forEach((v, i) => expect(v).toBeCloseTo(eye(3, 2)[i]!, 4));
  });

  it('flattens leading dimensions of conv kernels into rows', () => {
    const tensor = new Orthogonal({ seed: 3 }).apply([2, 2, 3, 4]);
    expect(tensor.shape).toEqual([2, 2, 3, 4]);
    const values = Array.from(tensor.dataSync());
    tensor.dispose();
    gram(values, 12, 4, false).forEach((v, i) => expect(v).toBeCloseTo(eye(4, 1)[i]!, 5));
  });

  it('rejects shapes of rank < 2, and round-trips its config', () => {
    expect(() => new Orthogonal().apply([5])).toThrow(/Orthogonal initializer needs a shape of rank ≥ 2, got \[5\]/);
    expect(new Orthogonal().getConfig()).toEqual({ gain: 1 });
    const copy = new Orthogonal(new Orthogonal({ gain: 3, seed: 8 }).getConfig() as { gain: number; seed: number });
    expect(copy.getConfig()).toEqual({ gain: 3, seed: 8 });
  });
});

describe('seeds', () => {
  const makers: [string, (seed?: number) => Initializer][] = [
    ['RandomNormal', (seed) => new RandomNormal({ seed })],
    ['RandomUniform', (seed) => new RandomUniform({ seed })],
    ['TruncatedNormal', (seed) => new TruncatedNormal({ seed })],
    ['VarianceScaling', (seed) => new VarianceScaling({ distribution: 'uniform', seed })],
    ['GlorotUniform', (seed) => new GlorotUniform({ seed })],
    ['HeNormal', (seed) => new HeNormal({ seed })],
    ['Orthogonal', (seed) => new Orthogonal({ seed })],
  ];

  it.each(makers)('%s: same seed gives the same values, another seed other values', (_name, make) => {
    const first = valuesOf(make(42), [4, 3]);
    expect(valuesOf(make(42), [4, 3])).toEqual(first);
    expect(valuesOf(make(43), [4, 3])).not.toEqual(first);
    // Keras 3: a seeded initializer gives the same values on every call.
    const seeded = make(42);
    expect(valuesOf(seeded, [4, 3])).toEqual(valuesOf(seeded, [4, 3]));
  });

  it.each(makers)('%s: setRandomSeed makes unseeded draws repeat', (_name, make) => {
    setRandomSeed(1234);
    const first = valuesOf(make(), [4, 3]);
    const second = valuesOf(make(), [4, 3]);
    expect(second).not.toEqual(first);
    setRandomSeed(1234);
    expect(valuesOf(make(), [4, 3])).toEqual(first);
    expect(valuesOf(make(), [4, 3])).toEqual(second);
  });

  it('configs round-trip through the constructors with their seeds', () => {
    const uniform = new RandomUniform({ minval: -2, maxval: 1, seed: 5 });
    const copy = new RandomUniform(uniform.getConfig() as { minval: number; maxval: number; seed: number });
    expect(copy.getConfig()).toEqual({ minval: -2, maxval: 1, seed: 5 });
    expect(valuesOf(copy, [6])).toEqual(valuesOf(uniform, [6]));
    const scaling = new VarianceScaling({ scale: 3, mode: 'fanOut', distribution: 'uniform', seed: 6 });
    const scalingCopy = new VarianceScaling(scaling.getConfig() as never);
    expect(scalingCopy.getConfig()).toEqual(scaling.getConfig());
    expect(valuesOf(scalingCopy, [5, 4])).toEqual(valuesOf(scaling, [5, 4]));
  });

  it('leave no tensors behind', () => {
    for (const [, make] of makers) make(1).apply([4, 3]).dispose();
    const before = tf.memory().numTensors;
    for (const [, make] of makers) make(1).apply([4, 3]).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
