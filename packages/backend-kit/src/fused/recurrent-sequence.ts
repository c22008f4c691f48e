import * as tf from '@tensorflow/tfjs-core';

/** Attributes of the whole-sequence recurrent ops (LSTM and GRU, forward and gradient). */
export interface RecurrentSequenceAttributes {
  /** Process the time steps last to first; outputs come in processing order (Keras's `goBackwards`). */
  goBackwards: boolean;
}

/** The time index processed at step `step` of `time`. */
export function timeAt(step: number, time: number, goBackwards: boolean): number {
  return goBackwards ? time - 1 - step : step;
}

/**
 * Keras's masked step, as the recurrent layer computes it: `next · keep + previous · (1 − keep)`
 * with `keep` `[batch, 1]` one where the step counts and zero where it carries `previous` over.
 */
export function blendMasked(next: tf.Tensor, previous: tf.Tensor, keep: tf.Tensor): tf.Tensor {
  return tf.add(tf.mul(next, keep), tf.mul(previous, tf.sub(1, keep)));
}

/**
 * Whether a whole-sequence op's kernel contract covers these inputs: float32 throughout, at
 * least one time step and one sample.
 */
export function acceptsSequence(inputs: object): boolean {
  const present = Object.values(inputs).filter((tensor): tensor is tf.Tensor => tensor !== undefined);
  const x = (inputs as { x?: tf.Tensor }).x;
  return present.every((tensor) => tensor.dtype === 'float32') && x !== undefined && x.rank === 3 && x.shape[0]! > 0 && x.shape[1]! > 0;
}

/** The per-step `[batch, 1]` mask columns of a `[batch, time]` mask, in time order (undefined without a mask). */
export function maskColumns(mask: tf.Tensor | undefined): tf.Tensor[] | undefined {
  return mask === undefined ? undefined : tf.unstack(tf.expandDims(mask, -1), 1);
}
