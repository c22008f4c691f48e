import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';

/** Kernel name of {@link fusedRandomUniform}. */
export const KERAS_RANDOM_UNIFORM = 'KerasRandomUniform';

/**
 * The state of tfjs-core's seeded uniform generator (the Alea generator of the `seedrandom`
 * package, which `tf.randomUniform` seeds with the seed's string form) right after seeding.
 */
export interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/** Attributes of {@link fusedRandomUniform}. */
export interface RandomUniformAttributes extends AleaState {
  shape: number[];
  minval: number;
  maxval: number;
  /** The seed as `tf.randomUniform` takes it (the reference draws from it; kernels from the state). */
  seed: string;
}

/**
 * Alea's seeding: a hash ("Mash") of the seed's characters folded into three fractions in [0, 1)
 * and a carry. Written from the generator's published description; every step is double
 * arithmetic with 32-bit truncations, so the state equals the one `seedrandom.alea(seed)` builds.
 */
export function aleaState(seed: string): AleaState {
  let n = 0xefc8249d;
  const mash = (data: string): number => {
    for (let i = 0; i < data.length; i++) {
      n += data.charCodeAt(i);
      let h = 0.02519603282416938 * n;
      n = h >>> 0;
      h -= n;
      h *= n;
      n = h >>> 0;
      h -= n;
      n += h * 0x100000000;
    }
    return (n >>> 0) * 2.3283064365386963e-10;
  };
  const blank = [mash(' '), mash(' '), mash(' ')];
  const [s0, s1, s2] = blank.map((value) => {
    const folded = value - mash(seed);
    return folded < 0 ? folded + 1 : folded;
  }) as [number, number, number];
  return { c: 1, s0, s1, s2 };
}

/**
 * Fills `out` with the draws of the generator in state `state`, mapped to [minval, maxval) as
 * tf.randomUniform maps them (in double, then rounded to float32): Alea's step is
 * t = 2091639·s0 + c·2^-32; s0 ← s1; s1 ← s2; c ← ⌊t⌋; s2 ← t − c. A tight loop for backends whose
 * kernels run in JavaScript (several times faster than tfjs's loop through a generator object).
 */
export function fillRandomUniform(out: Float32Array, { minval, maxval, c, s0, s1, s2 }: Omit<RandomUniformAttributes, 'shape' | 'seed'>): void {
  const range = maxval - minval;
  let [carry, a, b, d] = [c, s0, s1, s2];
  for (let i = 0; i < out.length; i++) {
    const t = 2091639 * a + carry * 2.3283064365386963e-10;
    a = b;
    b = d;
    carry = t | 0;
    d = t - carry;
    out[i] = minval + range * d;
  }
}

/**
 * Uniform float32 noise in [minval, maxval) of `shape`, the values `tf.randomUniform(shape,
 * minval, maxval, 'float32', seed)` draws — bit for bit, on every backend — with one kernel on a
 * backend that registers it (the generator's recurrence run natively) instead of a JavaScript loop
 * per element. Not differentiated.
 */
export const fusedRandomUniform = declareFusedOp<Record<string, never>, RandomUniformAttributes, tf.Tensor>({
  name: KERAS_RANDOM_UNIFORM,
  reference: (_, { shape, minval, maxval, seed }) => tf.randomUniform(shape, minval, maxval, 'float32', seed),
  accepts: () => true,
});

/**
 * `tf.randomUniform(shape, minval, maxval, 'float32', seed)` through {@link fusedRandomUniform}:
 * the same values, drawn by the active backend's kernel when it has one.
 */
export function randomUniformFloat32(shape: number[], minval: number, maxval: number, seed: number | string): tf.Tensor {
  const seedText = String(seed);
  return fusedRandomUniform.run({}, { shape, minval, maxval, seed: seedText, ...aleaState(seedText) });
}
