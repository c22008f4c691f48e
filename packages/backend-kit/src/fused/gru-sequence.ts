import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { fusedGRUSequenceGrad } from './gru-sequence-grad.js';
import { acceptsSequence, blendMasked, maskColumns, type RecurrentSequenceAttributes, timeAt } from './recurrent-sequence.js';

/** Kernel name of {@link fusedGRUSequence}. */
export const KERAS_GRU_SEQUENCE = 'KerasGRUSequence';

/**
 * Width of the GRU workspace rows: per sample and time step the update gate z, the reset gate r,
 * the candidate h̃, the recurrent candidate term `h·U_h + b'_h`, the previous hidden state, and the
 * step's mask weight (1 without a mask).
 */
export const gruWorkspaceWidth = (units: number): number => 5 * units + 1;

/**
 * Inputs of {@link fusedGRUSequence}: `x` `[batch, time, features]`, `kernel` `[features, 3·units]`,
 * `recurrentKernel` `[units, 3·units]`, optional `bias` `[2, 3·units]` (input bias, then recurrent
 * bias), the initial state `initialH` `[batch, units]` and an optional float `mask` `[batch, time]`.
 */
export interface GRUSequenceInputs {
  x: tf.Tensor3D;
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias?: tf.Tensor2D;
  initialH: tf.Tensor2D;
  mask?: tf.Tensor2D;
}

/**
 * A Keras 3 GRU layer (resetAfter, activation tanh, recurrent activation sigmoid, gate order
 * z, r, h) over a whole sequence, in one kernel forward and one backward. Outputs `[sequence,
 * lastOutput, h, workspace]`, as {@link fusedLSTMSequence} without the cell state; the workspace
 * (rows of {@link gruWorkspaceWidth} values, laid out `[batch, time, 5·units + 1]` here and on
 * 'wasm', `[time, batch, 5·units + 1]` on 'native', as the LSTM's) is not differentiable.
 *
 * The reference is the layer's per-step op chain: `x·W + b`, `h·U + b'`, `z = σ(x_z + h_z)`,
 * `r = σ(x_r + h_r)`, `h̃ = tanh(x_h + r·h_h)`, `h' = z·h + (1 − z)·h̃`.
 */
export const fusedGRUSequence = declareFusedOp<GRUSequenceInputs, RecurrentSequenceAttributes, tf.Tensor[]>({
  name: KERAS_GRU_SEQUENCE,
  accepts: acceptsSequence,
  reference: ({ x, kernel, recurrentKernel, bias, initialH, mask }, { goBackwards }) => {
    const [batch, time] = x.shape;
    const units = recurrentKernel.shape[0];
    const steps = tf.unstack(x, 1);
    const keeps = maskColumns(mask);
    const [inputBias, recurrentBias] = bias === undefined ? [] : tf.unstack(bias);
    const ones = tf.ones([batch, 1]);
    let h: tf.Tensor = initialH;
    let output: tf.Tensor = tf.zeros([batch, units]);
    const outputs: tf.Tensor[] = [];
    const rows: tf.Tensor[] = new Array(time);
    for (let step = 0; step < time; step++) {
      const t = timeAt(step, time, goBackwards);
      let xz = tf.matMul(steps[t]!, kernel);
      if (inputBias !== undefined) xz = tf.add(xz, inputBias);
      let hz = tf.matMul(h, recurrentKernel);
      if (recurrentBias !== undefined) hz = tf.add(hz, recurrentBias);
      const [xUpdate, xReset, xCandidate] = tf.split(xz, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const [hUpdate, hReset, hCandidate] = tf.split(hz, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const update = tf.sigmoid(tf.add(xUpdate, hUpdate));
      const reset = tf.sigmoid(tf.add(xReset, hReset));
      const candidate = tf.tanh(tf.add(xCandidate, tf.mul(reset, hCandidate)));
      const hNew = tf.add(tf.mul(update, h), tf.mul(tf.sub(1, update), candidate));
      const keep = keeps?.[t];
      rows[t] = tf.concat([update, reset, candidate, hCandidate, h, keep ?? ones], 1);
      if (keep === undefined) [output, h] = [hNew, hNew];
      else [output, h] = [blendMasked(hNew, output, keep), blendMasked(hNew, h, keep)];
      outputs.push(output);
    }
    // Distinct tensors: a kernel returning this list must not hand the engine one tensor twice.
    return [tf.stack(outputs, 1), output, h === output ? tf.clone(h) : h, tf.stack(rows, 1)];
  },
  gradient: {
    inputsToSave: ['x', 'kernel', 'recurrentKernel'],
    outputsToSave: [false, false, false, true],
    gradient: (dy, saved, attributes) => {
      const [x, kernel, recurrentKernel, workspace] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D];
      const [dSequence, dLast, dH] = dy as tf.Tensor[];
      const [dx, dKernel, dRecurrentKernel, dBias, dInitialH] = fusedGRUSequenceGrad.run(
        { dSequence: dSequence as tf.Tensor3D, dLast: dLast as tf.Tensor2D, dH: dH as tf.Tensor2D, x, kernel, recurrentKernel, workspace },
        attributes,
      ) as tf.Tensor[];
      return {
        x: () => dx!,
        kernel: () => dKernel!,
        recurrentKernel: () => dRecurrentKernel!,
        bias: () => dBias!,
        initialH: () => dInitialH!,
        // A mask is data: it gets no gradient.
        mask: () => tf.zeros([x.shape[0], x.shape[1]]),
      };
    },
  },
});
