import * as tf from '@tensorflow/tfjs-core';
import { fusedGRUSequence, fusedLSTMSequence } from '@keras-ts/backend-kit/fused';
import { sigmoid, tanh } from '../activations/activations.js';
import type { RNNCell } from './base.js';
import { GRUCell } from './gru-cell.js';
import { LSTMCell } from './lstm-cell.js';

/** What {@link runFusedSequence} gives the recurrent layer: its output and the final states. */
export interface FusedSequenceResult {
  /** `[batch, time, units]` with returnSequences, else the last output `[batch, units]`. */
  output: tf.Tensor;
  /** The final states, in the cell's order (`[h, c]` for an LSTM). */
  states: tf.Tensor[];
}

/** How the layer runs its cell over time. */
export interface FusedSequenceOptions {
  goBackwards: boolean;
  returnSequences: boolean;
  training: boolean;
}

/** Whether a cell computes exactly what the whole-sequence ops declare (Keras 3's defaults). */
function fusable(cell: KernelCellLike, training: boolean): boolean {
  // Dropout masks are drawn per sequence by the cell; the fused ops take none.
  const dropping = training && (cell.dropout > 0 || cell.recurrentDropout > 0);
  return !dropping && cell.activation === tanh && cell.recurrentActivation === sigmoid && cell.kernel !== undefined && cell.recurrentKernel !== undefined;
}

type KernelCellLike = LSTMCell | GRUCell;

/**
 * Runs an LSTM or GRU cell over the whole sequence as one fused op (one kernel forward and one
 * backward) when the active backend registers the op's kernel and the cell is one the op covers:
 * exactly an LSTMCell or a GRUCell with resetAfter, activation tanh, recurrent activation sigmoid,
 * no dropout active, float32 throughout, a `[batch, time]` mask or none. Returns undefined
 * otherwise, and the layer runs its per-step loop, which computes the same numbers (the op's
 * reference is that loop's op chain).
 */
export function runFusedSequence(
  cell: RNNCell,
  x: tf.Tensor,
  states: tf.Tensor[],
  mask: tf.Tensor | null,
  { goBackwards, returnSequences, training }: FusedSequenceOptions,
): FusedSequenceResult | undefined {
  // Subclasses may override `step`; only the built-in cells are known to match the op.
  const isLSTM = cell.constructor === LSTMCell;
  const isGRU = cell.constructor === GRUCell && (cell as GRUCell).resetAfter;
  if ((!isLSTM && !isGRU) || !fusable(cell as KernelCellLike, training)) return undefined;
  if (mask !== null && (mask.rank !== 2 || mask.shape[0] !== x.shape[0] || mask.shape[1] !== x.shape[1])) return undefined;
  const kernelCell = cell as KernelCellLike;
  const weights = {
    x: x as tf.Tensor3D,
    kernel: kernelCell.kernel!.variable as tf.Tensor2D,
    recurrentKernel: kernelCell.recurrentKernel!.variable as tf.Tensor2D,
  };
  const attributes = { goBackwards };
  const pick = (outputs: tf.Tensor[], stateCount: number): FusedSequenceResult => ({
    output: returnSequences ? outputs[0]! : outputs[1]!,
    states: outputs.slice(2, 2 + stateCount),
  });
  // The mask's cast is needed only once the kernel is known to run.
  const floatMask = () => (mask === null ? undefined : (tf.cast(mask, 'float32') as tf.Tensor2D));
  if (isLSTM) {
    const inputs = {
      ...weights,
      bias: kernelCell.bias?.variable as tf.Tensor1D | undefined,
      initialH: states[0] as tf.Tensor2D,
      initialC: states[1] as tf.Tensor2D,
    };
    if (!fusedLSTMSequence.usesKernel(inputs, attributes)) return undefined;
    return pick(fusedLSTMSequence.kernel({ ...inputs, mask: floatMask() }, attributes), 2);
  }
  const inputs = { ...weights, bias: kernelCell.bias?.variable as tf.Tensor2D | undefined, initialH: states[0] as tf.Tensor2D };
  if (!fusedGRUSequence.usesKernel(inputs, attributes)) return undefined;
  return pick(fusedGRUSequence.kernel({ ...inputs, mask: floatMask() }, attributes), 1);
}
