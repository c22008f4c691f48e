import * as tf from '@tensorflow/tfjs-core';
import { type ConformanceCase, defaultTolerance, type InputSpec, type Tolerance } from '../cases/case.js';
import { seededRandom, seedFromName } from './seeded-random.js';

type Values = Float32Array | Int32Array | Uint8Array;

/** Host copies of one evaluation: outputs, then gradients, in order. */
export interface Evaluation {
  outputs: { shape: number[]; dtype: string; values: Values }[];
  gradients: { shape: number[]; values: Values }[];
}

function size(shape: number[]): number {
  return shape.reduce((product, dimension) => product * dimension, 1);
}

/** Draws the case's inputs from a generator seeded by its name. */
export function makeInputValues(conformanceCase: ConformanceCase): Values[] {
  const random = seededRandom(seedFromName(conformanceCase.name));
  return conformanceCase.inputs.map((spec: InputSpec) => {
    const count = size(spec.shape);
    if (spec.dtype === 'int32' || spec.dtype === 'bool') {
      const [low, high] = spec.dtype === 'bool' ? [0, 2] : (spec.integers ?? [0, 4]);
      const values = spec.dtype === 'bool' ? new Uint8Array(count) : new Int32Array(count);
      for (let i = 0; i < count; i++) values[i] = low + Math.floor(random() * (high - low));
      return values;
    }
    const [low, high] = spec.range ?? [-2, 2];
    const values = new Float32Array(count);
    for (let i = 0; i < count; i++) values[i] = low + random() * (high - low);
    return values;
  });
}

function asList(result: tf.Tensor | tf.Tensor[]): tf.Tensor[] {
  return Array.isArray(result) ? result : [result];
}

/**
 * Runs a case on `backendName` with the given input values (its `reference` instead of `run` when
 * `asReference`) and copies its outputs and, unless the case disables them, the gradients of a
 * seeded random weighted sum of the outputs with respect to every float input to the host.
 * Throws when the run leaks tensors.
 */
export async function evaluate(backendName: string, conformanceCase: ConformanceCase, inputValues: Values[], asReference = false): Promise<Evaluation> {
  if (!(await tf.setBackend(backendName))) throw new Error(`Backend '${backendName}' failed to initialise.`);
  const run = (asReference ? conformanceCase.reference : undefined) ?? conformanceCase.run;
  const before = tf.memory().numTensors;
  const inputs = conformanceCase.inputs.map((spec, i) => tf.tensor(inputValues[i]!, spec.shape, spec.dtype ?? 'float32'));
  const evaluation: Evaluation = { outputs: [], gradients: [] };
  try {
    const outputs = tf.tidy(() => asList(run(...inputs)));
    for (const output of outputs) {
      evaluation.outputs.push({ shape: output.shape, dtype: output.dtype, values: (await output.data()) as Values });
    }
    const differentiable = conformanceCase.inputs.map((spec, i) => ((spec.dtype ?? 'float32') === 'float32' && !spec.constant ? i : -1)).filter((i) => i >= 0);
    if (conformanceCase.gradient !== false && differentiable.length > 0) {
      // d/dx of Σ_k Σ w_k ⊙ output_k with fixed random w_k: every output element gets its own weight.
      const random = seededRandom(seedFromName(`${conformanceCase.name}#weights`));
      const weights = outputs.map((output) =>
        tf.tensor(
          Float32Array.from({ length: output.size }, () => random() * 2 - 1),
          output.shape,
        ),
      );
      const gradients = tf.grads((...variables: tf.Tensor[]) => {
        const all = [...inputs];
        differentiable.forEach((inputIndex, k) => {
          all[inputIndex] = variables[k]!;
        });
        const results = asList(run(...all));
        return tf.addN(results.map((result, k) => tf.sum(tf.mul(tf.cast(result, 'float32'), weights[k]!))));
      })(differentiable.map((i) => inputs[i]!));
      for (const gradient of gradients) {
        evaluation.gradients.push({ shape: gradient.shape, values: (await gradient.data()) as Values });
      }
      tf.dispose([...gradients, ...weights]);
    }
    tf.dispose(outputs);
  } finally {
    tf.dispose(inputs);
  }
  const leaked = tf.memory().numTensors - before;
  if (leaked !== 0) throw new Error(`Case '${conformanceCase.name}' leaked ${leaked} tensor(s) on backend '${backendName}'.`);
  return evaluation;
}

function compareValues(label: string, actual: Values, expected: Values, tolerance: Tolerance): void {
  if (actual.length !== expected.length) {
    throw new Error(`${label}: ${actual.length} values, expected ${expected.length}.`);
  }
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    const excess = Math.abs(a - e) - (tolerance.atol + tolerance.rtol * Math.abs(e));
    if (!(excess <= 0) && (worst < 0 || !(excess <= worstExcess))) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    throw new Error(`${label}: value ${worst} is ${actual[worst]}, expected ${expected[worst]} ` + `(atol ${tolerance.atol}, rtol ${tolerance.rtol}).`);
  }
}

/**
 * Runs one case on `backendName` and on `referenceBackend` and throws, naming the case, the
 * output or gradient and the first worst element, when they differ beyond the case's tolerance
 * (or in shape or dtype), or when either run leaks tensors.
 */
export async function checkCase(backendName: string, conformanceCase: ConformanceCase, referenceBackend = 'cpu'): Promise<void> {
  const tolerance = { ...defaultTolerance, ...conformanceCase.tolerance };
  const inputValues = makeInputValues(conformanceCase);
  const expected = await evaluate(referenceBackend, conformanceCase, inputValues, true);
  const actual = await evaluate(backendName, conformanceCase, inputValues);
  const name = `'${conformanceCase.name}' on '${backendName}'`;
  expected.outputs.forEach((reference, k) => {
    const output = actual.outputs[k];
    if (output === undefined) throw new Error(`${name}: output ${k} is missing.`);
    if (output.shape.join() !== reference.shape.join() || output.dtype !== reference.dtype) {
      throw new Error(`${name}: output ${k} is ${output.dtype}[${output.shape}], expected ${reference.dtype}[${reference.shape}].`);
    }
    compareValues(`${name}, output ${k}`, output.values, reference.values, tolerance);
  });
  expected.gradients.forEach((reference, k) => {
    const gradient = actual.gradients[k];
    if (gradient === undefined) throw new Error(`${name}: gradient ${k} is missing.`);
    if (gradient.shape.join() !== reference.shape.join()) {
      throw new Error(`${name}: gradient ${k} has shape [${gradient.shape}], expected [${reference.shape}].`);
    }
    compareValues(`${name}, gradient of input ${k}`, gradient.values, reference.values, tolerance);
  });
}
