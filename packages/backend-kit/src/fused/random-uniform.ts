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
