import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { fusedGRUSequence, fusedLSTMSequence } from '@keras-ts/backend-kit';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { formulaModuleBytes, simdFormulaRuns, withoutSimdFormulas } from './elementwise-simd.js';
import { withoutLstmStepModule } from './lstm-step-simd.js';
import * as formulas from './recurrent-simd.js';

// The LSTM and GRU kernels' SIMD formulas against their own JavaScript loops (the paths a runtime
// without SIMD, or a unit count that is not a multiple of 4, takes): outputs and gradients, bit for bit.

const ops = { lstm: fusedLSTMSequence, gru: fusedGRUSequence } as const;
type Kind = keyof typeof ops;

/** Every output of the op and the gradients of Σ w ⊙ outputs with respect to every input, as bytes. */
function run(kind: Kind, inputs: Record<string, tf.Tensor>, goBackwards: boolean): Buffer[] {
  const names = Object.keys(inputs).filter((name) => name !== 'mask');
  const call = (...tensors: tf.Tensor[]) =>
    (ops[kind].run as (inputs: object, attributes: object) => tf.Tensor[])(
      { ...Object.fromEntries(names.map((name, i) => [name, tensors[i]])), mask: inputs.mask },
      { goBackwards },
    ).slice(0, kind === 'lstm' ? 4 : 3);
  return tf.tidy(() => {
    const tensors = names.map((name) => inputs[name]!);
    const outputs = call(...tensors);
    const weights = outputs.map((output, k) => tf.randomUniform(output.shape, -1, 1, 'float32', 40 + k));
    const gradients = tf.grads((...xs: tf.Tensor[]) => tf.addN(call(...xs).map((output, k) => tf.sum(tf.mul(output, weights[k]!)))))(tensors);
    return [...outputs, ...gradients].map((t) => Buffer.from((t.dataSync() as Float32Array).buffer.slice(0)));
  });
}

function sequenceInputs(kind: Kind, batch: number, time: number, features: number, units: number, masked: boolean, seed: number): Record<string, tf.Tensor> {
  const uniform = (shape: number[], k: number, scale = 0.6) => tf.randomUniform(shape, -scale, scale, 'float32', seed + k);
  const gates = kind === 'lstm' ? 4 : 3;
  const inputs: Record<string, tf.Tensor> = {
    x: uniform([batch, time, features], 1, 1.5),
    kernel: uniform([features, gates * units], 2),
    recurrentKernel: uniform([units, gates * units], 3),
    bias: uniform(kind === 'lstm' ? [4 * units] : [2, 3 * units], 4),
    initialH: uniform([batch, units], 5),
  };
  if (kind === 'lstm') inputs.initialC = uniform([batch, units], 6, 2);
  if (masked) {
    // Whole rows on and off, as Keras's masks are, with a sample whose later steps are all masked.
    const mask = Array.from({ length: batch * time }, (_, i) => (i % 7 === 3 || (i >= time && i < 2 * time && i % time > time / 2) ? 0 : 1));
    inputs.mask = tf.tensor2d(mask, [batch, time]);
  }
  return inputs;
}

describe('SIMD formulas of the wasm LSTM and GRU kernels', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it('validate as WebAssembly', () => {
    const all = Object.values(formulas);
    expect(all.length).toBeGreaterThanOrEqual(12);
    for (const formula of all) {
      expect(WebAssembly.validate(formulaModuleBytes(formula, false))).toBe(true);
      expect(WebAssembly.validate(formulaModuleBytes(formula, true))).toBe(true);
    }
  });

  it.each(
    (['lstm', 'gru'] as const).flatMap((kind) =>
      [
        [5, 6, 3, 8, false, false],
        [4, 7, 5, 12, true, true],
        [3, 4, 6, 4, false, true],
        [2, 3, 2, 5, false, false], // 5 units: JavaScript either way
      ].map((sizes) => [kind, ...sizes] as [Kind, number, number, number, number, boolean, boolean]),
    ),
  )('%s batch %i, time %i, features %i, units %i (goBackwards %s, masked %s): outputs and gradients equal the JavaScript loops bit for bit', (kind, batch, time, features, units, goBackwards, masked) => {
    const inputs = sequenceInputs(kind, batch, time, features, units, masked, batch * 100 + units);
    const before = tf.memory().numTensors;
    const runsBefore = simdFormulaRuns();
    // The LSTM's fused step module (lstm-step-simd.ts, tested against the reference in
    // test/fused-recurrent.test.ts) off, so that both runs take the per-step formulas or loops.
    const simd = withoutLstmStepModule(() => run(kind, inputs, goBackwards));
    if (units % 4 === 0) expect(simdFormulaRuns()).toBeGreaterThan(runsBefore + 2 * time);
    const javascript = withoutLstmStepModule(() => withoutSimdFormulas(() => run(kind, inputs, goBackwards)));
    expect(simd).toHaveLength(javascript.length);
    simd.forEach((bytes, k) => expect(bytes.equals(javascript[k]!), `output ${k}`).toBe(true));
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(Object.values(inputs));
  });
});
