import * as tf from '@tensorflow/tfjs-core';
import { declareFusedOp } from './declare-fused-op.js';
import { fusedLSTMSequenceGrad } from './lstm-sequence-grad.js';
import { acceptsSequence, blendMasked, maskColumns, type RecurrentSequenceAttributes, timeAt } from './recurrent-sequence.js';

/** Kernel name of {@link fusedLSTMSequence}. */
export const KERAS_LSTM_SEQUENCE = 'KerasLSTMSequence';

/**
 * Width of the LSTM workspace rows: per sample and time step the activated gates i, f, c̃, o,
 * the previous cell state, tanh of the new (unmasked) cell state, the previous hidden state, and
 * the step's mask weight (1 without a mask).
 */
export const lstmWorkspaceWidth = (units: number): number => 7 * units + 1;

/**
 * Inputs of {@link fusedLSTMSequence}: `x` `[batch, time, features]`, `kernel`
 * `[features, 4·units]`, `recurrentKernel` `[units, 4·units]`, optional `bias` `[4·units]`, the
 * initial states `initialH` and `initialC` `[batch, units]`, and an optional float `mask`
 * `[batch, time]` (1 where a step counts, 0 where it carries the states over).
 */
export interface LSTMSequenceInputs {
  x: tf.Tensor3D;
  kernel: tf.Tensor2D;
  recurrentKernel: tf.Tensor2D;
  bias?: tf.Tensor1D;
  initialH: tf.Tensor2D;
  initialC: tf.Tensor2D;
  mask?: tf.Tensor2D;
}

/**
 * A Keras 3 LSTM layer over a whole sequence (activation tanh, recurrent activation sigmoid, gate
 * order i, f, c, o), in one kernel forward and one backward instead of about twenty kernels per
 * time step each way. Outputs `[sequence, lastOutput, h, c, workspace]`: the output of every step
 * in processing order `[batch, time, units]`, the last output `[batch, units]` (which differs from
 * `h` only when a sample's every step is masked: masked steps repeat the previous output, zeros
 * at first, as Keras does), the final states, and the workspace the gradient reads: one row of
 * {@link lstmWorkspaceWidth} values per sample and time step, in time order. Its layout is the
 * producing backend's own, since only that backend's {@link fusedLSTMSequenceGrad} kernel reads
 * it: `[batch, time, 7·units + 1]` here and on 'wasm', `[time, batch, 7·units + 1]` on 'native'.
 * The workspace is not differentiable: its gradient is ignored.
 *
 * The reference is the layer's per-step op chain: `z = x·W + h·U + b`, `c' = σ(f)·c + σ(i)·tanh(c̃)`,
 * `h' = σ(o)·tanh(c')`, masked steps blended as `next·m + previous·(1 − m)`.
 */
export const fusedLSTMSequence = declareFusedOp<LSTMSequenceInputs, RecurrentSequenceAttributes, tf.Tensor[]>({
  name: KERAS_LSTM_SEQUENCE,
  accepts: acceptsSequence,
  reference: ({ x, kernel, recurrentKernel, bias, initialH, initialC, mask }, { goBackwards }) => {
    const [batch, time] = x.shape;
    const units = recurrentKernel.shape[0];
    const steps = tf.unstack(x, 1);
    const keeps = maskColumns(mask);
    const ones = tf.ones([batch, 1]);
    let h: tf.Tensor = initialH;
    let c: tf.Tensor = initialC;
    let output: tf.Tensor = tf.zeros([batch, units]);
    const outputs: tf.Tensor[] = [];
    const rows: tf.Tensor[] = new Array(time);
    for (let step = 0; step < time; step++) {
      const t = timeAt(step, time, goBackwards);
      let z = tf.add(tf.matMul(steps[t]!, kernel), tf.matMul(h, recurrentKernel));
      if (bias !== undefined) z = tf.add(z, bias);
      const [zi, zf, zc, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const [i, f, g, o] = [tf.sigmoid(zi), tf.sigmoid(zf), tf.tanh(zc), tf.sigmoid(zo)];
      const cNew = tf.add(tf.mul(f, c), tf.mul(i, g));
      const tanhC = tf.tanh(cNew);
      const hNew = tf.mul(o, tanhC);
      const keep = keeps?.[t];
      rows[t] = tf.concat([i, f, g, o, c, tanhC, h, keep ?? ones], 1);
      if (keep === undefined) [output, h, c] = [hNew, hNew, cNew];
      else [output, h, c] = [blendMasked(hNew, output, keep), blendMasked(hNew, h, keep), blendMasked(cNew, c, keep)];
      outputs.push(output);
    }
    // Distinct tensors: a kernel returning this list must not hand the engine one tensor twice.
    return [tf.stack(outputs, 1), output, h === output ? tf.clone(h) : h, c, tf.stack(rows, 1)];
  },
  gradient: {
    inputsToSave: ['x', 'kernel', 'recurrentKernel'],
    outputsToSave: [false, false, false, false, true],
    gradient: (dy, saved, attributes) => {
      const [x, kernel, recurrentKernel, workspace] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor3D];
      const [dSequence, dLast, dH, dC] = dy as tf.Tensor[];
      const [dx, dKernel, dRecurrentKernel, dBias, dInitialH, dInitialC] = fusedLSTMSequenceGrad.run(
        {
          dSequence: dSequence as tf.Tensor3D,
          dLast: dLast as tf.Tensor2D,
          dH: dH as tf.Tensor2D,
          dC: dC as tf.Tensor2D,
          x,
          kernel,
          recurrentKernel,
          workspace,
        },
        attributes,
      ) as tf.Tensor[];
      return {
        x: () => dx!,
        kernel: () => dKernel!,
        recurrentKernel: () => dRecurrentKernel!,
        bias: () => dBias!,
        initialH: () => dInitialH!,
        initialC: () => dInitialC!,
        // A mask is data: it gets no gradient.
        mask: () => tf.zeros([x.shape[0], x.shape[1]]),
      };
    },
  },
});
