import * as tf from '@tensorflow/tfjs-core';
import {
  fusedAdamUpdate,
  type DenseActivation,
  dropoutMaskFloat32,
  fusedCategoricalCrossentropy,
  fusedCategoricalCrossentropyGrad,
  fusedDense,
  fusedDenseActivationGrad,
  fusedDropoutMask,
  fusedOps,
  fusedRMSpropUpdate,
  fusedRandomUniform,
  fusedSGDMomentumUpdate,
  KERAS_DENSE_ACTIVATIONS,
  randomUniformFloat32,
} from '@keras-ts/backend-kit';
import type { ConformanceCase, InputSpec } from './case.js';
import { recurrentSequenceCasesByKernel } from './fused-recurrent.js';

// Every fused op backend-kit declares, on random inputs and every attribute variant: `run` goes
// through `op.run` (the backend's kernel where it registers one, with the declared gradient), the
// reference backend runs `op.reference` and differentiates it with tfjs-core's gradients.

/** The fused Dense op: every activation, with and without bias, and one size past a GEMM block. */
function denseCases(): ConformanceCase[] {
  const variants = KERAS_DENSE_ACTIVATIONS.flatMap((activation) => [
    { activation, withBias: true, size: [5, 7, 4] },
    { activation, withBias: false, size: [5, 7, 4] },
  ]);
  variants.push({ activation: 'relu', withBias: true, size: [33, 65, 17] });
  return variants.map(({ activation, withBias, size: [m, k, n] }) => {
    const large = m! > 5 ? '-large' : '';
    const inputs: InputSpec[] = [{ shape: [m!, k!] }, { shape: [k!, n!], range: [-1, 1] }];
    if (withBias) inputs.push({ shape: [n!] });
    const call = (op: typeof fusedDense.run) => (x?: tf.Tensor, kernel?: tf.Tensor, bias?: tf.Tensor) =>
      op({ x: x as tf.Tensor2D, kernel: kernel as tf.Tensor2D, bias: bias as tf.Tensor1D | undefined }, { activation, withBias });
    return {
      name: `fused/dense/${activation}${withBias ? '' : '-no-bias'}${large}`,
      inputs,
      run: call(fusedDense.run),
      reference: call(fusedDense.reference),
    };
  });
}

/** The layer output `y` an activation gives for `z`: the gradient op's realistic input. */
function activate(activation: DenseActivation, z: tf.Tensor): tf.Tensor2D {
  const y = { linear: () => tf.clone(z), relu: () => tf.relu(z), sigmoid: () => tf.sigmoid(z), tanh: () => tf.tanh(z), softmax: () => tf.softmax(z) }[
    activation
  ]();
  return y as tf.Tensor2D;
}

/** The Dense activation-gradient op: every activation, with and without the bias gradient. */
function denseActivationGradCases(): ConformanceCase[] {
  return KERAS_DENSE_ACTIVATIONS.flatMap((activation) =>
    [true, false].map((withBias) => {
      const call = (op: typeof fusedDenseActivationGrad.run) => (dy?: tf.Tensor, z?: tf.Tensor) =>
        op({ dy: dy as tf.Tensor2D, y: activate(activation, z!) }, { activation, withBias });
      return {
        name: `fused/dense-activation-grad/${activation}${withBias ? '' : '-no-bias'}`,
        inputs: [{ shape: [6, 5] }, { shape: [6, 5] }],
        run: call(fusedDenseActivationGrad.run),
        reference: call(fusedDenseActivationGrad.reference),
        // A gradient op: the backward pass of the fused Dense op, not itself differentiated.
        gradient: false,
      };
    }),
  );
}

const plainProbabilities = (yTrue?: tf.Tensor, yPred?: tf.Tensor) => ({ yTrue: yTrue!, yPred: yPred! });
// softmax of widely spread logits: probabilities below 1e-7 and near 1, clipped on both sides.
const saturatedProbabilities = (yTrue?: tf.Tensor, logits?: tf.Tensor) => ({ yTrue: yTrue!, yPred: tf.softmax(tf.mul(logits!, 10)) });

/** Soft targets on rank 2 and 3, and saturated predictions the clip catches. */
const crossentropyVariants = [
  { name: 'rank2', shape: [6, 5], range: [0.01, 1] as [number, number], inputs: plainProbabilities },
  { name: 'rank3', shape: [2, 3, 5], range: [0.01, 1] as [number, number], inputs: plainProbabilities },
  { name: 'saturated', shape: [6, 5], range: [-3, 3] as [number, number], inputs: saturatedProbabilities },
];

/** The fused crossentropy, forward and differentiated. */
function crossentropyCases(): ConformanceCase[] {
  return crossentropyVariants.map(({ name, shape, range, inputs }) => ({
    name: `fused/categorical-crossentropy/${name}`,
    inputs: [
      { shape, range: [0, 1] },
      { shape, range },
    ],
    run: (yTrue, yPred) => fusedCategoricalCrossentropy.run(inputs(yTrue, yPred), {}),
    reference: (yTrue, yPred) => fusedCategoricalCrossentropy.reference(inputs(yTrue, yPred), {}),
  }));
}

/** The fused crossentropy's gradient op, given an upstream gradient per row. */
function crossentropyGradCases(): ConformanceCase[] {
  return crossentropyVariants.map(({ name, shape, range, inputs }) => ({
    name: `fused/categorical-crossentropy-grad/${name}`,
    inputs: [{ shape: shape.slice(0, -1) }, { shape, range: [0, 1] }, { shape, range }],
    run: (dy, yTrue, yPred) => fusedCategoricalCrossentropyGrad.run({ dy: dy!, ...inputs(yTrue, yPred) }, {}),
    reference: (dy, yTrue, yPred) => fusedCategoricalCrossentropyGrad.reference({ dy: dy!, ...inputs(yTrue, yPred) }, {}),
    // A gradient op: the backward pass of the fused crossentropy, not itself differentiated.
    gradient: false,
  }));
}

/** Plain RMSprop's update at Keras's defaults and at other attributes; an odd size leaves a SIMD remainder. */
function rmspropCases(): ConformanceCase[] {
  const variants = [
    { name: 'defaults', shape: [6, 4], attributes: { rho: 0.9, epsilon: 1e-7, learningRate: 0.001 } },
    { name: 'rho0.5-epsilon1e-3-lr0.1', shape: [37, 11], attributes: { rho: 0.5, epsilon: 1e-3, learningRate: 0.1 } },
    { name: 'zero-velocity-lr1', shape: [3, 3], attributes: { rho: 0.99, epsilon: 1e-7, learningRate: 1 }, velocity: [0, 0] as [number, number] },
  ];
  return variants.map(({ name, shape, attributes, velocity }) => {
    const call = (op: typeof fusedRMSpropUpdate.run) => (variable?: tf.Tensor, velocityTensor?: tf.Tensor, gradient?: tf.Tensor) =>
      op({ variable: variable!, velocity: velocityTensor!, gradient: gradient! }, attributes);
    return {
      name: `fused/rmsprop-update/${name}`,
      inputs: [{ shape }, { shape, range: velocity ?? [0, 1] }, { shape }],
      run: call(fusedRMSpropUpdate.run),
      reference: call(fusedRMSpropUpdate.reference),
      // An optimizer update: the declared op has no gradient (its kernel is never differentiated).
      gradient: false,
    };
  });
}

/**
 * Adam's update (no AMSGrad) at Keras's defaults and at other attributes. `alpha` is the step's
 * bias-corrected rate (step 1 at the defaults gives lr·sqrt(0.001)/0.1 ≈ 3.16e-4); the zero-slot
 * variant is the first step.
 */
function adamCases(): ConformanceCase[] {
  const variants = [
    { name: 'defaults', shape: [6, 4], attributes: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }, alpha: [1e-4, 1e-3] as [number, number] },
    { name: 'beta0.5-0.75-epsilon1e-3', shape: [37, 11], attributes: { beta1: 0.5, beta2: 0.75, epsilon: 1e-3 }, alpha: [0.01, 0.5] as [number, number] },
    {
      name: 'zero-slots',
      shape: [3, 3],
      attributes: { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 },
      alpha: [0.1, 1] as [number, number],
      slots: [0, 0] as [number, number],
    },
  ];
  return variants.map(({ name, shape, attributes, alpha, slots }) => {
    const call =
      (op: typeof fusedAdamUpdate.run) => (variable?: tf.Tensor, momentum?: tf.Tensor, velocity?: tf.Tensor, gradient?: tf.Tensor, alphaTensor?: tf.Tensor) =>
        op({ variable: variable!, momentum: momentum!, velocity: velocity!, gradient: gradient!, alpha: alphaTensor as tf.Scalar }, attributes);
    return {
      name: `fused/adam-update/${name}`,
      inputs: [{ shape }, { shape, range: slots ?? [-1, 1] }, { shape, range: slots ?? [0, 1] }, { shape }, { shape: [], range: alpha, constant: true }],
      run: call(fusedAdamUpdate.run),
      reference: call(fusedAdamUpdate.reference),
      // An optimizer update: the declared op has no gradient (its kernel is never differentiated).
      gradient: false,
    };
  });
}

/** SGD's momentum update, plain and Nesterov; an odd size and a zero velocity (the first step). */
function sgdMomentumCases(): ConformanceCase[] {
  const variants = [
    { name: 'momentum0.9', shape: [6, 4], attributes: { momentum: 0.9, nesterov: false } },
    { name: 'nesterov-momentum0.5', shape: [37, 11], attributes: { momentum: 0.5, nesterov: true } },
    { name: 'zero-velocity-nesterov', shape: [3, 3], attributes: { momentum: 0.99, nesterov: true }, velocity: [0, 0] as [number, number] },
  ];
  return variants.map(({ name, shape, attributes, velocity }) => {
    const call =
      (op: typeof fusedSGDMomentumUpdate.run) => (variable?: tf.Tensor, velocityTensor?: tf.Tensor, gradient?: tf.Tensor, learningRate?: tf.Tensor) =>
        op({ variable: variable!, velocity: velocityTensor!, gradient: gradient!, learningRate: learningRate as tf.Scalar }, attributes);
    return {
      name: `fused/sgd-momentum-update/${name}`,
      inputs: [{ shape }, { shape, range: velocity ?? [-1, 1] }, { shape }, { shape: [], range: [0.001, 0.5], constant: true }],
      run: call(fusedSGDMomentumUpdate.run),
      reference: call(fusedSGDMomentumUpdate.reference),
      // An optimizer update: the declared op has no gradient (its kernel is never differentiated).
      gradient: false,
    };
  });
}

/**
 * Seeded uniform noise (dropout masks): the kernel must draw exactly tf.randomUniform's values for
 * the same seed, so a mask is the same on every backend; integer, fractional and text seeds, an
 * odd size, a shifted range and a mask-sized run.
 */
function randomUniformCases(): ConformanceCase[] {
  const variants = [
    { name: 'unit-range', shape: [64, 33], minval: 0, maxval: 1, seed: 1234567 },
    { name: 'fractional-seed', shape: [7, 5, 3], minval: 0, maxval: 1, seed: 0.1 + 0.2 },
    { name: 'shifted-range-text-seed', shape: [1001], minval: -3, maxval: 2.5, seed: 'keras-ts' },
    { name: 'scalar', shape: [], minval: 0, maxval: 1, seed: 42 },
    // A dropout mask of the seed-004 MLP (128 × 512): a long run of carries.
    { name: 'dropout-mask-size', shape: [128, 512], minval: 0, maxval: 1, seed: 90210 },
  ];
  return variants.map(({ name, shape, minval, maxval, seed }) => ({
    name: `fused/random-uniform/${name}`,
    inputs: [],
    run: () => randomUniformFloat32(shape, minval, maxval, seed),
    reference: () => tf.randomUniform(shape, minval, maxval, 'float32', seed),
    gradient: false,
    // The same generator, the same arithmetic: bit for bit.
    tolerance: { rtol: 0, atol: 0 },
  }));
}

/**
 * Dropout multipliers: the kernel must produce exactly tf.dropout's ⌊u + keep⌋ / keep for the same
 * seed (tf.dropout of ones is that multiplier), so a compiled step's masks equal eager ones on
 * every backend; rates from 0 to 0.9, an odd size, a text seed, a scalar and a mask-sized run.
 */
function dropoutMaskCases(): ConformanceCase[] {
  const variants = [
    { name: 'half', shape: [64, 33], rate: 0.5, seed: 1234567 },
    { name: 'fractional-seed', shape: [7, 5, 3], rate: 0.1, seed: 0.1 + 0.2 },
    { name: 'high-rate-text-seed', shape: [1001], rate: 0.9, seed: 'keras-ts' },
    { name: 'rate-zero', shape: [37], rate: 0, seed: 5 },
    { name: 'scalar', shape: [], rate: 0.3, seed: 42 },
    { name: 'mlp-size', shape: [128, 512], rate: 0.2, seed: 90210 },
  ];
  return variants.map(({ name, shape, rate, seed }) => ({
    name: `fused/dropout-mask/${name}`,
    inputs: [],
    run: () => dropoutMaskFloat32(shape, rate, seed),
    reference: () => tf.tidy(() => tf.dropout(tf.ones(shape), rate, undefined, seed)),
    gradient: false,
    tolerance: { rtol: 0, atol: 0 },
  }));
}

const casesByKernel: Record<string, () => ConformanceCase[]> = {
  [fusedRandomUniform.kernelName]: randomUniformCases,
  [fusedDropoutMask.kernelName]: dropoutMaskCases,
  [fusedDense.kernelName]: denseCases,
  [fusedDenseActivationGrad.kernelName]: denseActivationGradCases,
  [fusedCategoricalCrossentropy.kernelName]: crossentropyCases,
  [fusedCategoricalCrossentropyGrad.kernelName]: crossentropyGradCases,
  [fusedRMSpropUpdate.kernelName]: rmspropCases,
  [fusedAdamUpdate.kernelName]: adamCases,
  [fusedSGDMomentumUpdate.kernelName]: sgdMomentumCases,
  ...recurrentSequenceCasesByKernel,
};

/**
 * The cases of every fused op backend-kit declares, op by op. A declared op without cases here
 * fails every backend's suite at load, so no fused kernel goes unchecked.
 */
export const fusedCases: ConformanceCase[] = fusedOps.flatMap((op) => {
  const cases = casesByKernel[op.kernelName];
  if (cases === undefined) {
    throw new Error(`The conformance suite has no cases for the fused op '${op.kernelName}'. Add them in tooling/conformance/src/cases/fused.ts.`);
  }
  return cases();
});
