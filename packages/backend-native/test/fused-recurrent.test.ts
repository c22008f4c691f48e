import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import * as tf from '@tensorflow/tfjs-core';
import { fusedGRUSequence, fusedLSTMSequence } from '@keras-ts/backend-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '../src/index.js';
import { seeded } from '../src/kernels/kernels.test-utils.js';

// The whole-sequence LSTM and GRU kernels on 'native': forward against a float64 explicit loop,
// gradients against central differences of that loop, and both against the declared reference
// (the layers' per-step op chain) run and differentiated by tfjs on 'cpu'.

interface Problem {
  batch: number;
  time: number;
  features: number;
  units: number;
  goBackwards: boolean;
  masked: boolean;
  bias: boolean;
  seed: number;
}

type Kind = 'lstm' | 'gru';
const gatesOf = (kind: Kind) => (kind === 'lstm' ? 4 : 3);

/** The op's inputs as host arrays: x, kernel, recurrent kernel, bias, initial states, mask. */
function valuesOf(kind: Kind, p: Problem): Record<string, number[]> {
  const g = gatesOf(kind) * p.units;
  const values: Record<string, number[]> = {
    x: seeded(p.batch * p.time * p.features, p.seed, 1.5),
    kernel: seeded(p.features * g, p.seed + 1, 0.6),
    recurrentKernel: seeded(p.units * g, p.seed + 2, 0.6),
    initialH: seeded(p.batch * p.units, p.seed + 4, 0.8),
  };
  if (p.bias) values.bias = seeded(kind === 'lstm' ? g : 2 * g, p.seed + 3, 0.5);
  if (kind === 'lstm') values.initialC = seeded(p.batch * p.units, p.seed + 5, 0.8);
  if (p.masked) {
    // Random steps masked, sample 0's first step among them and the last sample's every step, so
    // the zeros a masked first step repeats and a last output that is not h are both met.
    const random = seeded(p.batch * p.time, p.seed + 6);
    values.mask = random.map((r, i) => (i === 0 || i >= (p.batch - 1) * p.time ? 0 : r > -0.3 ? 1 : 0));
  }
  return values;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/** The op's outputs by an explicit float64 loop: `[sequence, last, h, (c)]` flattened, row-major. */
function explicitLoop(kind: Kind, p: Problem, v: Record<string, number[]>): number[][] {
  const { batch: B, time: T, features: F, units: U } = p;
  const G = gatesOf(kind) * U;
  const sequence = new Array<number>(B * T * U).fill(0);
  const last = new Array<number>(B * U).fill(0);
  const h = [...v.initialH!];
  const c = kind === 'lstm' ? [...v.initialC!] : [];
  for (let b = 0; b < B; b++) {
    for (let s = 0; s < T; s++) {
      const t = p.goBackwards ? T - 1 - s : s;
      const keep = v.mask === undefined ? 1 : v.mask[b * T + t]!;
      const xz = new Array<number>(G).fill(0);
      const hz = new Array<number>(G).fill(0);
      for (let j = 0; j < G; j++) {
        for (let f = 0; f < F; f++) xz[j]! += v.x![(b * T + t) * F + f]! * v.kernel![f * G + j]!;
        for (let k = 0; k < U; k++) hz[j]! += h[b * U + k]! * v.recurrentKernel![k * G + j]!;
        if (v.bias) {
          xz[j]! += v.bias[j];
          if (kind === 'gru') hz[j]! += v.bias[G + j];
        }
      }
      const hNew: number[] = [];
      const cNew: number[] = [];
      for (let j = 0; j < U; j++) {
        if (kind === 'lstm') {
          const z = (gate: number) => xz[gate * U + j]! + hz[gate * U + j]!;
          const cell = sigmoid(z(1)) * c[b * U + j]! + sigmoid(z(0)) * Math.tanh(z(2));
          cNew.push(cell);
          hNew.push(sigmoid(z(3)) * Math.tanh(cell));
        } else {
          const update = sigmoid(xz[j]! + hz[j]!);
          const reset = sigmoid(xz[U + j]! + hz[U + j]!);
          const candidate = Math.tanh(xz[2 * U + j]! + reset * hz[2 * U + j]!);
          hNew.push(update * h[b * U + j]! + (1 - update) * candidate);
        }
      }
      for (let j = 0; j < U; j++) {
        if (keep) {
          last[b * U + j] = h[b * U + j] = hNew[j]!;
          if (kind === 'lstm') c[b * U + j] = cNew[j]!;
        }
        sequence[(b * T + s) * U + j] = last[b * U + j]!;
      }
    }
  }
  return kind === 'lstm' ? [sequence, last, h, c] : [sequence, last, h];
}

/** Fixed weights of the objective Σ_k w_k ⊙ output_k, one per output element. */
function objectiveWeights(outputs: number[][], seed: number): number[][] {
  return outputs.map((output, k) => seeded(output.length, seed + 100 + k));
}

/** The objective by the explicit loop, and its central-difference gradient with respect to `name`. */
function numericGradient(kind: Kind, p: Problem, v: Record<string, number[]>, weights: number[][], name: string): number[] {
  const objective = (values: Record<string, number[]>) =>
    explicitLoop(kind, p, values).reduce((sum, output, k) => sum + output.reduce((acc, value, i) => acc + value * weights[k]![i]!, 0), 0);
  return v[name]!.map((value, i) => {
    const step = 1e-5;
    const plus = [...v[name]!];
    const minus = [...v[name]!];
    plus[i] = value + step;
    minus[i] = value - step;
    return (objective({ ...v, [name]: plus }) - objective({ ...v, [name]: minus })) / (2 * step);
  });
}

const DIFFERENTIABLE = ['x', 'kernel', 'recurrentKernel', 'bias', 'initialH', 'initialC'];

/** Runs the op (`reference` or `run`) on the active backend: outputs, and the objective's gradients. */
function evaluate(kind: Kind, p: Problem, v: Record<string, number[]>, weights: number[][], path: 'run' | 'reference') {
  const op = kind === 'lstm' ? fusedLSTMSequence : fusedGRUSequence;
  const g = gatesOf(kind) * p.units;
  const shapes: Record<string, number[]> = {
    x: [p.batch, p.time, p.features],
    kernel: [p.features, g],
    recurrentKernel: [p.units, g],
    bias: kind === 'lstm' ? [g] : [2, g],
    initialH: [p.batch, p.units],
    initialC: [p.batch, p.units],
    mask: [p.batch, p.time],
  };
  const names = DIFFERENTIABLE.filter((name) => v[name] !== undefined);
  const tensors = names.map((name) => tf.tensor(v[name]!, shapes[name]));
  const mask = v.mask === undefined ? undefined : tf.tensor(v.mask, shapes.mask);
  const outputCount = kind === 'lstm' ? 4 : 3;
  const call = (...inputs: tf.Tensor[]) => {
    const named = Object.fromEntries(names.map((name, i) => [name, inputs[i]]));
    return (op[path] as (inputs: object, attributes: object) => tf.Tensor[])({ ...named, mask }, { goBackwards: p.goBackwards }).slice(0, outputCount);
  };
  const outputs = tf.tidy(() => call(...tensors));
  const gradients = tf.grads((...inputs: tf.Tensor[]) =>
    tf.addN(call(...inputs).map((output, k) => tf.sum(tf.mul(output, tf.tensor(weights[k]!, output.shape))))),
  )(tensors);
  const result = {
    outputs: outputs.map((t) => Array.from(t.dataSync())),
    gradients: Object.fromEntries(names.map((name, i) => [name, Array.from(gradients[i]!.dataSync())])),
  };
  tf.dispose([...tensors, ...outputs, ...gradients, ...(mask ? [mask] : [])]);
  return result;
}

function expectClose(actual: number[], expected: number[], tolerance: number, label: string): void {
  expect(actual.length, label).toBe(expected.length);
  let worst = 0;
  expected.forEach((e, i) => {
    worst = Math.max(worst, Math.abs(actual[i]! - e) / Math.max(1, Math.abs(e)));
  });
  expect(worst, label).toBeLessThanOrEqual(tolerance);
}

const problems: Problem[] = [
  { batch: 3, time: 5, features: 4, units: 3, goBackwards: false, masked: false, bias: true, seed: 10 },
  { batch: 4, time: 6, features: 2, units: 5, goBackwards: false, masked: true, bias: true, seed: 20 },
  { batch: 2, time: 7, features: 3, units: 4, goBackwards: true, masked: true, bias: true, seed: 30 },
  { batch: 5, time: 3, features: 6, units: 2, goBackwards: true, masked: false, bias: false, seed: 40 },
  { batch: 1, time: 2, features: 1, units: 1, goBackwards: false, masked: false, bias: true, seed: 50 },
  { batch: 9, time: 11, features: 17, units: 33, goBackwards: false, masked: true, bias: true, seed: 60 },
  // The kernels' time blocks (native/recurrent.cc): from 64 samples on one step per block, its
  // products on x's and dx's rows in place; below that ⌈256 / batch⌉ steps per block (here 13, 13
  // and 4), gathered time-major — each way, masked or not.
  { batch: 64, time: 4, features: 3, units: 4, goBackwards: true, masked: true, bias: true, seed: 70 },
  { batch: 20, time: 30, features: 2, units: 3, goBackwards: true, masked: true, bias: true, seed: 80 },
  { batch: 20, time: 30, features: 5, units: 6, goBackwards: false, masked: false, bias: true, seed: 90 },
];

describe.skipIf(!nativeStatus.available)(
  `whole-sequence LSTM and GRU kernels on 'native' (${nativeStatus.available ? 'addon built' : nativeStatus.reason})`,
  () => {
    beforeAll(async () => {
      await tf.setBackend('native');
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });

    for (const kind of ['lstm', 'gru'] as const) {
      for (const p of problems) {
        const label = `${kind} [${p.batch}, ${p.time}, ${p.features}] → ${p.units}${p.masked ? ', masked' : ''}${p.goBackwards ? ', backwards' : ''}${p.bias ? '' : ', no bias'}`;
        it(`${label}: matches the explicit loop, its numeric gradients and the reference's autodiff`, async () => {
          const v = valuesOf(kind, p);
          const expected = explicitLoop(kind, p, v);
          const weights = objectiveWeights(expected, p.seed);
          await tf.setBackend('native');
          const op = kind === 'lstm' ? fusedLSTMSequence : fusedGRUSequence;
          expect(op.implementedBy('native')).toBe(true);
          const before = tf.memory().numTensors;
          const native = evaluate(kind, p, v, weights, 'run');
          expect(tf.memory().numTensors).toBe(before);
          await tf.setBackend('cpu');
          const reference = evaluate(kind, p, v, weights, 'reference');
          await tf.setBackend('native');
          expected.forEach((output, k) => {
            expectClose(native.outputs[k]!, output, 1e-5, `output ${k} vs explicit loop`);
            expectClose(native.outputs[k]!, reference.outputs[k]!, 1e-6, `output ${k} vs reference`);
          });
          for (const [name, gradient] of Object.entries(native.gradients)) {
            expectClose(gradient, reference.gradients[name]!, 1e-5, `d${name} vs reference autodiff`);
            if (p.units <= 5) expectClose(gradient, numericGradient(kind, p, v, weights, name), 1e-3, `d${name} vs central differences`);
          }
        });
      }
    }
  },
);
