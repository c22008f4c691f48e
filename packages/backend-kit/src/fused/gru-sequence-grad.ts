import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { acceptsSequence, type RecurrentSequenceAttributes, timeAt } from './recurrent-sequence.js';

/** Kernel name of {@link fusedGRUSequenceGrad}. */
export const KERAS_GRU_SEQUENCE_GRAD = 'KerasGRUSequenceGrad';

/**
 * Inputs of {@link fusedGRUSequenceGrad}: the upstream gradients of the forward op's outputs
 * (`dSequence` `[batch, time, units]` in processing order, `dLast`, `dH` `[batch, units]`), the
 * forward inputs `x`, `kernel`, `recurrentKernel`, and the forward op's `workspace`.
 */
export interface GRUSequenceGradInputs {
  dSequence: tf.Tensor3D;
  dLast: tf.Tensor2D;
  dH: tf.Tensor2D;
  x: tf.Tensor3D;
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  workspace: tf.Tensor3D;
}

/**
 * Backpropagation through time of the fused GRU: outputs `[dx, dKernel, dRecurrentKernel, dBias,
 * dInitialH]`, `dBias` `[2, 3·units]` (the input bias's gradient, then the recurrent bias's). Per
 * step (last first) the gradients of the input projection `dXZ` and of the recurrent projection
 * `dHZ` (they differ in the candidate block, where the reset gate scales the recurrent term), then
 * `dx = dXZ·Wᵀ`, `dW = xᵀ·dXZ`, `dU = Hprevᵀ·dHZ` over all steps at once.
 */
export const fusedGRUSequenceGrad = declareFusedOp<GRUSequenceGradInputs, RecurrentSequenceAttributes, tf.Tensor[]>({
  name: KERAS_GRU_SEQUENCE_GRAD,
  accepts: acceptsSequence,
  reference: ({ dSequence, dLast, dH, x, kernel, recurrentKernel, workspace }, { goBackwards }) => {
    const [batch, time, features] = x.shape;
    const units = recurrentKernel.shape[0];
    const rows = tf.unstack(workspace, 1);
    const upstream = tf.unstack(dSequence, 1);
    let dh: tf.Tensor = dH;
    let dOutput: tf.Tensor = dLast;
    const dInput: tf.Tensor[] = new Array(time);
    const dRecurrent: tf.Tensor[] = new Array(time);
    for (let step = time - 1; step >= 0; step--) {
      const t = timeAt(step, time, goBackwards);
      const [update, reset, candidate, hCandidate, hPrevious, keep] = tf.split(rows[t]!, [units, units, units, units, units, 1], 1) as tf.Tensor[];
      const carry = tf.sub(1, keep!);
      dOutput = tf.add(dOutput, upstream[step]!);
      const dhNew = tf.add(tf.mul(dh, keep!), tf.mul(dOutput, keep!));
      const dCandidate = tf.mul(tf.mul(dhNew, tf.sub(1, update!)), tf.sub(1, tf.square(candidate!)));
      const dUpdate = tf.mul(tf.mul(dhNew, tf.sub(hPrevious!, candidate!)), tf.mul(update!, tf.sub(1, update!)));
      const dReset = tf.mul(tf.mul(dCandidate, hCandidate!), tf.mul(reset!, tf.sub(1, reset!)));
      dInput[t] = tf.concat([dUpdate, dReset, dCandidate], 1);
      dRecurrent[t] = tf.concat([dUpdate, dReset, tf.mul(dCandidate, reset!)], 1);
      dh = tf.add(tf.add(tf.mul(dh, carry), tf.mul(dhNew, update!)), tf.matMul(dRecurrent[t]!, recurrentKernel, false, true));
      dOutput = tf.mul(dOutput, carry);
    }
    const dXZ = tf.reshape(tf.stack(dInput, 1), [batch * time, 3 * units]);
    const dHZ = tf.reshape(tf.stack(dRecurrent, 1), [batch * time, 3 * units]);
    const previousH = tf.reshape(tf.slice(workspace, [0, 0, 4 * units], [-1, -1, units]), [batch * time, units]);
    return [
      tf.reshape(tf.matMul(dXZ, kernel, false, true), [batch, time, features]),
      tf.matMul(tf.reshape(x, [batch * time, features]), dXZ, true, false),
      tf.matMul(previousH, dHZ, true, false),
      tf.stack([tf.sum(dXZ, 0), tf.sum(dHZ, 0)]),
      dh,
    ];
  },
});
