import * as tf from '@tensorflow/tfjs-core';
import { fusedGRUSequence, fusedGRUSequenceGrad, fusedLSTMSequence, fusedLSTMSequenceGrad } from '@keras-ts/backend-kit';
import type { ConformanceCase, InputSpec } from './case.js';

// The whole-sequence LSTM and GRU ops: plain, masked (a bool mask input, cast as the layer casts
// it), masked and backwards, and without bias, each with random initial states. The forward cases
// compare the sequence, the last output and the final states (the workspace is the gradient's
// own input) and their gradients. The gradient ops get the workspace of the forward op on the same
// side — the backend's kernel for `run`, the reference for `reference` — since its layout is the
// producing backend's own ('native' lays it out time-major).

const batch = 3;
const time = 4;
const features = 5;
const units = 3;

const variants = [
  { name: 'plain', mask: false, goBackwards: false, bias: true },
  { name: 'masked', mask: true, goBackwards: false, bias: true },
  { name: 'masked-backwards', mask: true, goBackwards: true, bias: true },
  { name: 'no-bias-backwards', mask: false, goBackwards: true, bias: false },
];

/** The forward inputs: x, kernel, recurrent kernel, [bias], initial state(s), [mask]. */
function forwardSpecs(gates: number, states: number, bias: boolean, biasShape: number[], mask: boolean): InputSpec[] {
  const specs: InputSpec[] = [{ shape: [batch, time, features] }, { shape: [features, gates * units], range: [-0.5, 0.5] }];
  specs.push({ shape: [units, gates * units], range: [-0.5, 0.5] });
  if (bias) specs.push({ shape: biasShape, range: [-0.5, 0.5] });
  for (let i = 0; i < states; i++) specs.push({ shape: [batch, units], range: [-1, 1] });
  if (mask) specs.push({ shape: [batch, time], dtype: 'bool', constant: true });
  return specs;
}

/** Names the forward inputs of a case (bias and mask present or not). */
function forwardInputs(tensors: tf.Tensor[], states: number, bias: boolean, mask: boolean) {
  const list = [...tensors];
  const [x, kernel, recurrentKernel] = list.splice(0, 3) as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
  const biasTensor = bias ? list.shift() : undefined;
  const initial = list.splice(0, states) as tf.Tensor2D[];
  const maskTensor = mask ? (tf.cast(list.shift()!, 'float32') as tf.Tensor2D) : undefined;
  return { inputs: { x, kernel, recurrentKernel, bias: biasTensor, mask: maskTensor }, initial };
}

function lstmCases(): ConformanceCase[] {
  return variants.map(({ name, mask, goBackwards, bias }) => {
    const call =
      (op: typeof fusedLSTMSequence.run) =>
      (...tensors: tf.Tensor[]) => {
        const { inputs, initial } = forwardInputs(tensors, 2, bias, mask);
        const [initialH, initialC] = initial as [tf.Tensor2D, tf.Tensor2D];
        return op({ ...inputs, bias: inputs.bias as tf.Tensor1D | undefined, initialH, initialC }, { goBackwards }).slice(0, 4);
      };
    return {
      name: `fused/lstm-sequence/${name}`,
      inputs: forwardSpecs(4, 2, bias, [4 * units], mask),
      run: call(fusedLSTMSequence.run),
      reference: call(fusedLSTMSequence.reference),
    };
  });
}

function lstmGradCases(): ConformanceCase[] {
  return variants.map(({ name, mask, goBackwards, bias }) => {
    const call =
      (op: typeof fusedLSTMSequenceGrad.run, forward: typeof fusedLSTMSequence.run) =>
      (dSequence?: tf.Tensor, dLast?: tf.Tensor, dH?: tf.Tensor, dC?: tf.Tensor, ...tensors: tf.Tensor[]) => {
        const { inputs, initial } = forwardInputs(tensors, 2, bias, mask);
        const [initialH, initialC] = initial as [tf.Tensor2D, tf.Tensor2D];
        const workspace = forward({ ...inputs, bias: inputs.bias as tf.Tensor1D | undefined, initialH, initialC }, { goBackwards })[4] as tf.Tensor3D;
        const upstream = { dSequence: dSequence as tf.Tensor3D, dLast: dLast as tf.Tensor2D, dH: dH as tf.Tensor2D, dC: dC as tf.Tensor2D };
        return op({ ...upstream, x: inputs.x, kernel: inputs.kernel, recurrentKernel: inputs.recurrentKernel, workspace }, { goBackwards });
      };
    return {
      name: `fused/lstm-sequence-grad/${name}`,
      inputs: [
        { shape: [batch, time, units] },
        { shape: [batch, units] },
        { shape: [batch, units] },
        { shape: [batch, units] },
        ...forwardSpecs(4, 2, bias, [4 * units], mask),
      ],
      run: call(fusedLSTMSequenceGrad.run, fusedLSTMSequence.run),
      reference: call(fusedLSTMSequenceGrad.reference, fusedLSTMSequence.reference),
      // A gradient op: the backward pass of the fused LSTM, not itself differentiated.
      gradient: false,
    };
  });
}

function gruCases(): ConformanceCase[] {
  return variants.map(({ name, mask, goBackwards, bias }) => {
    const call =
      (op: typeof fusedGRUSequence.run) =>
      (...tensors: tf.Tensor[]) => {
        const { inputs, initial } = forwardInputs(tensors, 1, bias, mask);
        return op({ ...inputs, bias: inputs.bias as tf.Tensor2D | undefined, initialH: initial[0]! }, { goBackwards }).slice(0, 3);
      };
    return {
      name: `fused/gru-sequence/${name}`,
      inputs: forwardSpecs(3, 1, bias, [2, 3 * units], mask),
      run: call(fusedGRUSequence.run),
      reference: call(fusedGRUSequence.reference),
    };
  });
}

function gruGradCases(): ConformanceCase[] {
  return variants.map(({ name, mask, goBackwards, bias }) => {
    const call =
      (op: typeof fusedGRUSequenceGrad.run, forward: typeof fusedGRUSequence.run) =>
      (dSequence?: tf.Tensor, dLast?: tf.Tensor, dH?: tf.Tensor, ...tensors: tf.Tensor[]) => {
        const { inputs, initial } = forwardInputs(tensors, 1, bias, mask);
        const workspace = forward({ ...inputs, bias: inputs.bias as tf.Tensor2D | undefined, initialH: initial[0]! }, { goBackwards })[3] as tf.Tensor3D;
        const upstream = { dSequence: dSequence as tf.Tensor3D, dLast: dLast as tf.Tensor2D, dH: dH as tf.Tensor2D };
        return op({ ...upstream, x: inputs.x, kernel: inputs.kernel, recurrentKernel: inputs.recurrentKernel, workspace }, { goBackwards });
      };
    return {
      name: `fused/gru-sequence-grad/${name}`,
      inputs: [{ shape: [batch, time, units] }, { shape: [batch, units] }, { shape: [batch, units] }, ...forwardSpecs(3, 1, bias, [2, 3 * units], mask)],
      run: call(fusedGRUSequenceGrad.run, fusedGRUSequence.run),
      reference: call(fusedGRUSequenceGrad.reference, fusedGRUSequence.reference),
      // A gradient op: the backward pass of the fused GRU, not itself differentiated.
      gradient: false,
    };
  });
}

/** The whole-sequence recurrent ops' cases, by kernel name. */
export const recurrentSequenceCasesByKernel: Record<string, () => ConformanceCase[]> = {
  [fusedLSTMSequence.kernelName]: lstmCases,
  [fusedLSTMSequenceGrad.kernelName]: lstmGradCases,
  [fusedGRUSequence.kernelName]: gruCases,
  [fusedGRUSequenceGrad.kernelName]: gruGradCases,
};
