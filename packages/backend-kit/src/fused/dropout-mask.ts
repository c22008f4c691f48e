import { ValueError } from '@keras-ts/common';
import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { type AleaState, aleaState, fillRandomUniform } from './random-uniform.js';

/** Kernel name of {@link fusedDropoutMask}. */
export const KERAS_DROPOUT_MASK = 'KerasDropoutMask';

/** Attributes of {@link fusedDropoutMask}. */
export interface DropoutMaskAttributes extends AleaState {
  shape: number[];
  /** Fraction dropped, in [0, 1); the kept values are scaled by 1 / (1 − rate). */
  rate: number;
  /** The seed as `tf.randomUniform` takes it (the reference draws from it; kernels from the state). */
  seed: string;
}

/**
 * One mask value from one uniform draw `u`, in float32 as tf.dropout computes it:
 * ⌊u + keep⌋ / keep with keep = fround(1 − rate) — 1/keep where the draw is kept, 0 where dropped.
 * Kernels must match this bit for bit (the float32 sum can round up to 1 just below the boundary).
 */
export function dropoutMaskValue(u: number, keep: number): number {
  return Math.fround(Math.floor(Math.fround(u + keep)) / keep);
}

/**
 * Fills `out` with the dropout mask of generator state `state`: the draws of
 * {@link fillRandomUniform} in [0, 1), each mapped by {@link dropoutMaskValue}. The loop for
 * backends whose kernels run in JavaScript.
 */
export function fillDropoutMask(out: Float32Array, { rate, c, s0, s1, s2 }: Omit<DropoutMaskAttributes, 'shape' | 'seed'>): void {
  fillRandomUniform(out, { minval: 0, maxval: 1, c, s0, s1, s2 });
  const keep = Math.fround(1 - rate);
  for (let i = 0; i < out.length; i++) out[i] = dropoutMaskValue(out[i]!, keep);
}

/**
 * The multiplier of `tf.dropout(x, rate, noiseShape, seed)` — `⌊u + keep⌋ / keep` for uniform
 * noise `u = tf.randomUniform(shape, 0, 1, 'float32', seed)` and `keep = 1 − rate` — as one kernel
 * (the generator and the mask in one pass) where the backend registers it, instead of a noise
 * tensor and three elementwise kernels. Not differentiated.
 */
export const fusedDropoutMask = declareFusedOp<Record<string, never>, DropoutMaskAttributes, tf.Tensor>({
  name: KERAS_DROPOUT_MASK,
  reference: (_, { shape, rate, seed }) =>
    tf.tidy(() => {
      const keep = 1 - rate;
      return tf.div(tf.floor(tf.add(tf.randomUniform(shape, 0, 1, 'float32', seed), keep)), keep);
    }),
  accepts: () => true,
});

/**
 * The dropout multiplier of `shape` for `rate` and `seed` through {@link fusedDropoutMask}: the
 * values tf.dropout multiplies its input by (so `tf.mul(x, mask)` is `tf.dropout(x, rate, shape,
 * seed)` bit for bit), drawn by the active backend's kernel when it has one.
 */
export function dropoutMaskFloat32(shape: number[], rate: number, seed: number | string): tf.Tensor {
  if (!(rate >= 0 && rate < 1)) throw new ValueError(`dropoutMaskFloat32: \`rate\` must be a number in [0, 1), got ${rate}.`);
  const seedText = String(seed);
  return fusedDropoutMask.run({}, { shape, rate, seed: seedText, ...aleaState(seedText) });
}
