import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { acceptsSequence, type RecurrentSequenceAttributes, timeAt } from './recurrent-sequence.js';

/** Kernel name of {@link fusedLSTMSequenceGrad}. */
export const KERAS_LSTM_SEQUENCE_GRAD = 'KerasLSTMSequenceGrad';

/**
 * Inputs of {@link fusedLSTMSequenceGrad}: the upstream gradients of the forward op's outputs
 * (`dSequence` `[batch, time, units]` in processing order, `dLast`, `dH`, `dC` `[batch, units]`),
 * the forward inputs `x`, `kernel`, `recurrentKernel`, and the forward op's `workspace`.
 */
export interface LSTMSequenceGradInputs {
  dSequence: tf.Tensor3D;
  dLast: tf.Tensor2D;
  dH: tf.Tensor2D;
  dC: tf.Tensor2D;
  x: tf.Tensor3D;
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  workspace: tf.Tensor3D;
}

/**
 * Backpropagation through time of the fused LSTM: outputs `[dx, dKernel, dRecurrentKernel, dBias,
 * dInitialH, dInitialC]`. The step gradients of the gate pre-activations `dz` are found last step
 * first (each needing one `dz·Uᵀ` product); then `dx = dZ·Wᵀ`, `dW = xᵀ·dZ`, `dU = Hprevᵀ·dZ` and
 * `db = Σ dZ` are one product (or sum) each over all steps. A masked step passes the gradients of
 * the states and of the repeated output through to the step before.
 */
export const fusedLSTMSequenceGrad = declareFusedOp<LSTMSequenceGradInputs, RecurrentSequenceAttributes, tf.Tensor[]>({
  name: KERAS_LSTM_SEQUENCE_GRAD,
  accepts: acceptsSequence,
  reference: ({ dSequence, dLast, dH, dC, x, kernel, recurrentKernel, workspace }, { goBackwards }) => {
    const [batch, time, features] = x.shape;
    const units = recurrentKernel.shape[0];
    const rows = tf.unstack(workspace, 1);
    const upstream = tf.unstack(dSequence, 1);
    let dh: tf.Tensor = dH;
    let dc: tf.Tensor = dC;
    let dOutput: tf.Tensor = dLast;
    const dz: tf.Tensor[] = new Array(time);
    for (let step = time - 1; step >= 0; step--) {
      const t = timeAt(step, time, goBackwards);
      const [i, f, g, o, cPrevious, tanhC, , keep] = tf.split(rows[t]!, [units, units, units, units, units, units, units, 1], 1) as tf.Tensor[];
      const carry = tf.sub(1, keep!);
      dOutput = tf.add(dOutput, upstream[step]!);
      // The step's new h reaches the carried h and the output; a masked step passes both through.
      const dhNew = tf.add(tf.mul(dh, keep!), tf.mul(dOutput, keep!));
      const dcNew = tf.add(tf.mul(dc, keep!), tf.mul(tf.mul(dhNew, o!), tf.sub(1, tf.square(tanhC!))));
      const sigmoidGrad = (y: tf.Tensor, dy: tf.Tensor) => tf.mul(dy, tf.mul(y, tf.sub(1, y)));
      dz[t] = tf.concat(
        [
          sigmoidGrad(i!, tf.mul(dcNew, g!)),
          sigmoidGrad(f!, tf.mul(dcNew, cPrevious!)),
          tf.mul(tf.mul(dcNew, i!), tf.sub(1, tf.square(g!))),
          sigmoidGrad(o!, tf.mul(dhNew, tanhC!)),
        ],
        1,
      );
      dh = tf.add(tf.mul(dh, carry), tf.matMul(dz[t]!, recurrentKernel, false, true));
      dc = tf.add(tf.mul(dc, carry), tf.mul(dcNew, f!));
      dOutput = tf.mul(dOutput, carry);
    }
    const dZ = tf.reshape(tf.stack(dz, 1), [batch * time, 4 * units]);
    const previousH = tf.reshape(tf.slice(workspace, [0, 0, 6 * units], [-1, -1, units]), [batch * time, units]);
    return [
      tf.reshape(tf.matMul(dZ, kernel, false, true), [batch, time, features]),
      tf.matMul(tf.reshape(x, [batch * time, features]), dZ, true, false),
      tf.matMul(previousH, dZ, true, false),
      tf.sum(dZ, 0),
      dh,
      dc,
    ];
  },
});
