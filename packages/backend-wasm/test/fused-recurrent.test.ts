import * as tf from '@tensorflow/tfjs-core';
import '@keras-ts/tfjs-gradients';
import { fusedGRUSequence, fusedGRUSequenceGrad, fusedLSTMSequence, fusedLSTMSequenceGrad, setFallbackLogger } from '@keras-ts/backend-kit';
import { Input, Model } from '@keras-ts/core';
import { Dense, Embedding, GRU, LSTM } from '@keras-ts/layers';
import { beforeAll, describe, expect, it } from 'vitest';
import '@keras-ts/backend-wasm';
import { setAdaptiveThreads } from '@keras-ts/backend-wasm';
import { wasmBackendInfo } from '../src/backend/create-backend.js';
import { heapWorkers } from '../src/kernels/heap-workers.js';
import { lstmBackwardStepRuns, lstmStepRuns } from '../src/kernels/lstm-step-simd.js';
import { sameBits } from '../src/kernels/product-reference.test-utils.js';
import { countingCalls, withoutKernels } from '../src/kernels/registered-kernels.test-utils.js';

setFallbackLogger(() => {});

// The whole-sequence LSTM and GRU kernels on 'wasm': against the declared reference (the layers'
// per-step op chain) run and differentiated on 'cpu', and layers training through them against
// the same layers with the kernels unregistered (their per-step path on 'wasm').

const ops = { lstm: fusedLSTMSequence, gru: fusedGRUSequence } as const;
const kernels = [fusedLSTMSequence, fusedLSTMSequenceGrad, fusedGRUSequence, fusedGRUSequenceGrad].map((op) => op.kernelName);

/** Host values of the op's outputs (sequence, last, states) and of the gradients of Σ w ⊙ outputs. */
function outputsAndGradients(kind: 'lstm' | 'gru', path: 'run' | 'reference', inputs: Record<string, tf.Tensor>, goBackwards: boolean): number[][] {
  const names = Object.keys(inputs).filter((name) => name !== 'mask');
  const count = kind === 'lstm' ? 4 : 3;
  const call = (...tensors: tf.Tensor[]) => {
    const named = Object.fromEntries(names.map((name, i) => [name, tensors[i]]));
    return (ops[kind][path] as (inputs: object, attributes: object) => tf.Tensor[])({ ...named, mask: inputs.mask }, { goBackwards }).slice(0, count);
  };
  return tf.tidy(() => {
    const tensors = names.map((name) => inputs[name]!);
    const outputs = call(...tensors);
    const weights = outputs.map((output, k) => tf.randomUniform(output.shape, -1, 1, 'float32', 90 + k));
    const gradients = tf.grads((...xs: tf.Tensor[]) => tf.addN(call(...xs).map((output, k) => tf.sum(tf.mul(output, weights[k]!)))))(tensors);
    return [...outputs, ...gradients].map((t) => Array.from(t.dataSync()));
  });
}

function worstDifference(actual: number[], expected: number[]): number {
  expect(actual.length).toBe(expected.length);
  return Math.max(0, ...expected.map((e, i) => Math.abs(actual[i]! - e) / Math.max(1, Math.abs(e))));
}

describe("whole-sequence LSTM and GRU kernels on 'wasm'", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  for (const kind of ['lstm', 'gru'] as const) {
    // Unit counts that are multiples of 4 run the LSTM's fused step module (lstm-step-simd.ts); the
    // others its per-step chain. `scale` widens the inputs and weights so that gates saturate.
    for (const [batch, time, features, units, goBackwards, masked, withBias, scale] of [
      [3, 5, 4, 3, false, false, true, 1],
      [4, 7, 3, 5, true, true, true, 1],
      [6, 9, 12, 17, false, true, true, 1],
      [5, 6, 7, 8, false, false, true, 1],
      [4, 7, 3, 12, true, true, true, 1],
      [3, 4, 5, 4, false, false, false, 1],
      [2, 3, 5, 20, true, false, true, 1],
      [3, 5, 6, 8, false, true, true, 4],
    ] as const) {
      const described = `${masked ? ', masked' : ''}${goBackwards ? ', backwards' : ''}${withBias ? '' : ', no bias'}${scale > 1 ? `, inputs ×${scale}` : ''}`;
      it(`${kind} [${batch}, ${time}, ${features}] → ${units}${described}: outputs to 1e-6 and gradients to 1e-5 of the reference`, async () => {
        const gates = kind === 'lstm' ? 4 : 3;
        const make = () => {
          const inputs: Record<string, tf.Tensor> = {
            x: tf.randomUniform([batch, time, features], -1.5 * scale, 1.5 * scale, 'float32', 1),
            kernel: tf.randomUniform([features, gates * units], -0.6, 0.6, 'float32', 2),
            recurrentKernel: tf.randomUniform([units, gates * units], -0.6 * scale, 0.6 * scale, 'float32', 3),
            initialH: tf.randomUniform([batch, units], -0.8, 0.8, 'float32', 5),
          };
          if (withBias) inputs.bias = tf.randomUniform(kind === 'lstm' ? [gates * units] : [2, gates * units], -0.5, 0.5, 'float32', 4);
          if (kind === 'lstm') inputs.initialC = tf.randomUniform([batch, units], -0.8, 0.8, 'float32', 6);
          // A mask with the first step of sample 0 and every step of the last sample masked.
          if (masked) {
            const values = Array.from({ length: batch * time }, (_, i) => ((i * 2654435761) % 1000) / 1000);
            inputs.mask = tf.tensor2d(
              values.map((v, i) => (i === 0 || i >= (batch - 1) * time ? 0 : v > 0.3 ? 1 : 0)),
              [batch, time],
            );
          }
          return inputs;
        };
        await tf.setBackend('cpu');
        const cpuInputs = make();
        const expected = outputsAndGradients(kind, 'reference', cpuInputs, goBackwards);
        tf.dispose(Object.values(cpuInputs));
        await tf.setBackend('wasm');
        expect(ops[kind].implementedBy('wasm')).toBe(true);
        const before = tf.memory().numTensors;
        const inputs = make();
        const [stepsBefore, backwardStepsBefore] = [lstmStepRuns(), lstmBackwardStepRuns()];
        const actual = outputsAndGradients(kind, 'run', inputs, goBackwards);
        // The step modules ran each step of the forward pass (the gradient reruns it once more)
        // and of the backward pass, exactly where they apply.
        const fused = kind === 'lstm' && units % 4 === 0;
        expect(lstmStepRuns() - stepsBefore).toBe(fused ? 2 * time : 0);
        expect(lstmBackwardStepRuns() - backwardStepsBefore).toBe(fused ? time : 0);
        tf.dispose(Object.values(inputs));
        expect(tf.memory().numTensors).toBe(before);
        const outputCount = kind === 'lstm' ? 4 : 3;
        actual.forEach((values, k) => expect(worstDifference(values, expected[k]!), `result ${k}`).toBeLessThanOrEqual(k < outputCount ? 1e-6 : 1e-5));
      });
    }
  }

  it.skipIf(typeof SharedArrayBuffer === 'undefined')("shares a long sequence's rows with the heap helpers, the same bits as on one thread", () => {
    const helpers = heapWorkers();
    if (helpers === undefined) return expect(wasmBackendInfo()?.heapProductThreads).toBe(1);
    // The configured threads, whatever else keeps this machine's cores busy.
    setAdaptiveThreads(false);
    const runCalls = helpers.runCalls.bind(helpers);
    let shared = 0;
    helpers.runCalls = (module, parts, local, work) => {
      // Step bands (not the heap products' bands, which run through here too): one part of 100 calls.
      if (parts[0]?.calls === 100) shared++;
      runCalls(module, parts, local, work);
    };
    try {
      // 42 rows (bands of 24 and 18: an odd pair count in each) × 100 steps × 32 units: 2^24.04 multiply-adds.
      const [batch, time, features, units] = [42, 100, 6, 32];
      for (const [goBackwards, masked] of [
        [false, false],
        [true, true],
      ] as const) {
        const inputs: Record<string, tf.Tensor> = {
          x: tf.randomUniform([batch, time, features], -1.5, 1.5, 'float32', 1),
          kernel: tf.randomUniform([features, 4 * units], -0.6, 0.6, 'float32', 2),
          recurrentKernel: tf.randomUniform([units, 4 * units], -0.3, 0.3, 'float32', 3),
          bias: tf.randomUniform([4 * units], -0.5, 0.5, 'float32', 4),
          initialH: tf.randomUniform([batch, units], -0.8, 0.8, 'float32', 5),
          initialC: tf.randomUniform([batch, units], -0.8, 0.8, 'float32', 6),
        };
        if (masked)
          inputs.mask = tf.tensor2d(
            Array.from({ length: batch * time }, (_, i) => (i % 7 === 3 || i >= (batch - 1) * time ? 0 : 1)),
            [batch, time],
          );
        const before = { shared, tensors: tf.memory().numTensors };
        const banded = outputsAndGradients('lstm', 'run', inputs, goBackwards);
        // The forward pass twice (the gradient reruns it) and the backward pass, each in bands.
        expect(shared - before.shared).toBe(3);
        // No helper: every row on this thread.
        const count = helpers.count;
        Object.defineProperty(helpers, 'count', { value: 0 });
        let oneThread: number[][];
        try {
          oneThread = outputsAndGradients('lstm', 'run', inputs, goBackwards);
        } finally {
          Object.defineProperty(helpers, 'count', { value: count });
        }
        expect(shared - before.shared).toBe(3);
        banded.forEach((values, k) => expect(sameBits(Float32Array.from(values), Float32Array.from(oneThread[k]!)), `result ${k}`).toBe(true));
        tf.dispose(Object.values(inputs));
        expect(tf.memory().numTensors).toBe(before.tensors - Object.keys(inputs).length);
      }
    } finally {
      helpers.runCalls = runCalls;
      setAdaptiveThreads(true);
    }
  });

  it('an Embedding-masked GRU and goBackwards LSTM train through the kernels as through the per-step path', async () => {
    const [batch, time] = [8, 6];
    const tokens = tf.tensor2d(
      Array.from({ length: batch * time }, (_, i) => (i % 5 === 0 ? 0 : (i * 7) % 9)),
      [batch, time],
      'int32',
    );
    const y = tf.randomUniform([batch, 2], -1, 1, 'float32', 11);
    const before = tf.memory().numTensors;
    const train = async () => {
      const input = Input({ shape: [time], dtype: 'int32' });
      const embedded = new Embedding({ inputDim: 9, outputDim: 4, maskZero: true }).apply(input);
      const sequence = new GRU({ units: 5, returnSequences: true }).apply(embedded);
      const last = new LSTM({ units: 3, goBackwards: true }).apply(sequence);
      const model = new Model({ inputs: input, outputs: new Dense({ units: 2 }).apply(last) });
      model.compile({ optimizer: 'adam', loss: 'mse' });
      const shapes = model.getWeights();
      const seededWeights = shapes.map((w, i) => tf.randomUniform(w.shape, -0.4, 0.4, 'float32', 200 + i));
      model.setWeights(seededWeights);
      tf.dispose([...shapes, ...seededWeights]);
      const losses: number[] = [];
      for (let step = 0; step < 3; step++) losses.push((await model.trainOnBatch(tokens, y)) as number);
      const weights = model.getWeights();
      const values = [losses, ...weights.map((w) => Array.from(w.dataSync()))];
      tf.dispose(weights);
      model.optimizer?.dispose();
      model.dispose();
      return values;
    };
    const { result: fused, calls } = await countingCalls(kernels, train);
    expect(Object.keys(calls).sort()).toEqual([...kernels].sort());
    const reference = await withoutKernels(kernels, train);
    fused.forEach((values, k) => expect(worstDifference(values, reference[k]!), `losses / weight ${k - 1}`).toBeLessThanOrEqual(1e-6));
    tf.dispose([tokens, y]);
    expect(tf.memory().numTensors).toBe(before - 2);
  });
});
