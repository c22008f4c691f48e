// Kernel cases checked on a GPU: each runs on 'cuda' and on tfjs's 'cpu' backend (the
// independent reference) from the same seeded inputs, forward and, where marked, gradients.
// Used by kernels.gpu.test.ts (vitest) and by scripts/gpu-check.ts (a bundle for GPU machines).
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself (the @tensorflow/tfjs union package does).
import '@keras-ts/tfjs-gradients';

/** One input: shape, dtype and the range its seeded random values are drawn from. */
export interface CaseInput {
  shape: number[];
  dtype?: 'float32' | 'int32' | 'bool';
  low?: number;
  high?: number;
}

/** A case: inputs, the computation, and the tolerance of the comparison. */
export interface GpuCase {
  name: string;
  inputs: CaseInput[];
  run: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  /** Absolute + relative tolerance (default 1e-4). */
  tolerance?: number;
  /** 'cpu' (default): compare with the cpu backend; 'zero': every output must be 0 on 'cuda' (self-checking cases). */
  reference?: 'cpu' | 'zero';
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded input values for a case. */
export function makeInputs(inputs: CaseInput[], seed: number): number[][] {
  const random = mulberry32(seed);
  return inputs.map(({ shape, dtype = 'float32', low = -2, high = 2 }) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return Array.from({ length: size }, () => {
      const value = low + (high - low) * random();
      return dtype === 'float32' ? value : dtype === 'bool' ? (value > (low + high) / 2 ? 1 : 0) : Math.floor(value);
    });
  });
}

/** Output of a case on one backend. */
export interface CaseResult {
  shapes: number[][];
  dtypes: string[];
  values: number[][];
  leaked: number;
}

/** Runs a case on `backendName` and reads every output back. */
export async function runCase(backendName: string, gpuCase: GpuCase, values: number[][]): Promise<CaseResult> {
  await tf.setBackend(backendName);
  const before = tf.memory().numTensors;
  const xs = gpuCase.inputs.map((input, k) => tf.tensor(values[k] as number[], input.shape, input.dtype ?? 'float32'));
  const result = tf.tidy(() => gpuCase.run(...xs));
  const outputs = Array.isArray(result) ? result : [result];
  const read = { shapes: outputs.map((t) => t.shape), dtypes: outputs.map((t) => t.dtype), values: outputs.map((t) => Array.from(t.dataSync())) };
  tf.dispose([...xs, ...outputs]);
  return { ...read, leaked: tf.memory().numTensors - before };
}

/** The expected result of a self-checking case: the same outputs, all zero. */
export function zeroReference(actual: CaseResult): CaseResult {
  return { ...actual, values: actual.values.map((values) => values.map(() => 0)), leaked: 0 };
}

/** Differences between two results beyond the tolerance (empty when they agree). */
export function compareResults(actual: CaseResult, expected: CaseResult, tolerance: number): string[] {
  const problems: string[] = [];
  if (JSON.stringify(actual.shapes) !== JSON.stringify(expected.shapes))
    problems.push(`shapes ${JSON.stringify(actual.shapes)} vs ${JSON.stringify(expected.shapes)}`);
  if (JSON.stringify(actual.dtypes) !== JSON.stringify(expected.dtypes)) problems.push(`dtypes ${actual.dtypes} vs ${expected.dtypes}`);
  if (actual.leaked !== 0) problems.push(`leaked ${actual.leaked} tensors`);
  expected.values.forEach((values, output) => {
    const got = actual.values[output] ?? [];
    for (let i = 0; i < values.length && problems.length < 5; i++) {
      const e = values[i] as number;
      const a = got[i] as number;
      if (Number.isNaN(e) && Number.isNaN(a)) continue;
      if (e === a) continue;
      if (!(Math.abs(a - e) <= tolerance + tolerance * Math.abs(e))) problems.push(`output ${output} [${i}]: cuda ${a} vs cpu ${e}`);
    }
  });
  return problems;
}

const grads =
  (f: (...xs: tf.Tensor[]) => tf.Tensor) =>
  (...xs: tf.Tensor[]) =>
    tf.grads(f)(xs);
const sumOf = (t: tf.Tensor) => tf.sum(tf.mul(t, tf.reshape(tf.linspace(0.5, 1.5, t.size), t.shape)));

type Unary = (x: tf.Tensor) => tf.Tensor;
type Binary = (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;
const UNARY_OPS: Record<string, Unary> = {
  exp: tf.exp,
  neg: tf.neg,
  sigmoid: tf.sigmoid,
  tanh: tf.tanh,
  relu: tf.relu,
  relu6: tf.relu6,
  elu: tf.elu,
  selu: tf.selu,
  softplus: tf.softplus,
  sign: tf.sign,
  floor: tf.floor,
  ceil: tf.ceil,
  round: tf.round,
  square: tf.square,
  abs: tf.abs,
  sin: tf.sin,
  cos: tf.cos,
  erf: tf.erf,
  atan: tf.atan,
};
const POSITIVE_UNARY_OPS: Record<string, Unary> = { log: tf.log, sqrt: tf.sqrt, rsqrt: tf.rsqrt, reciprocal: tf.reciprocal, log1p: tf.log1p };
const BINARY_OPS: Record<string, Binary> = {
  add: tf.add,
  sub: tf.sub,
  mul: tf.mul,
  div: tf.div,
  maximum: tf.maximum,
  minimum: tf.minimum,
  squaredDifference: tf.squaredDifference,
  atan2: tf.atan2,
};

/** The kernel cases. */
export const gpuCases: GpuCase[] = [
  { name: 'identity round trip float', inputs: [{ shape: [3, 5] }], run: (x) => tf.clone(x) },
  {
    name: 'round trip int32 and bool',
    inputs: [
      { shape: [7], dtype: 'int32', low: -50, high: 50 },
      { shape: [4], dtype: 'bool' },
    ],
    run: (a, b) => [tf.clone(a), tf.clone(b)],
  },
  ...Object.entries(UNARY_OPS).map(([name, op]): GpuCase => ({ name: `unary ${name}`, inputs: [{ shape: [4, 33], low: -8, high: 8 }], run: (x) => op(x) })),
  ...Object.entries(POSITIVE_UNARY_OPS).map(
    ([name, op]): GpuCase => ({ name: `unary ${name} (positive)`, inputs: [{ shape: [129], low: 0.1, high: 9 }], run: (x) => op(x) }),
  ),
  { name: 'leakyRelu, step, clipByValue', inputs: [{ shape: [50] }], run: (x) => [tf.leakyRelu(x, 0.3), tf.step(x, 0.5), tf.clipByValue(x, -0.5, 0.7)] },
  { name: 'int abs/neg/square', inputs: [{ shape: [9], dtype: 'int32', low: -20, high: 20 }], run: (x) => [tf.abs(x), tf.neg(x), tf.square(x)] },
  ...Object.entries(BINARY_OPS).map(
    ([name, op]): GpuCase => ({
      name: `binary ${name} with broadcasting`,
      inputs: [{ shape: [2, 3, 4] }, { shape: [3, 1] }],
      run: (a, b) => [op(a, b), op(b, a)],
    }),
  ),
  {
    name: 'binary scalar and general broadcast',
    inputs: [{ shape: [3, 1, 5] }, { shape: [4, 1] }, { shape: [] }],
    run: (a, b, c) => [tf.add(a, b), tf.mul(a, c), tf.sub(c, b)],
  },
  {
    name: 'pow, floorDiv, mod',
    inputs: [
      { shape: [6, 5], low: 0.5, high: 3 },
      { shape: [5], low: -2, high: 2 },
    ],
    run: (a, b) => [tf.pow(a, b), tf.floorDiv(a, b), tf.mod(a, b)],
  },
  {
    name: 'int binary ops',
    inputs: [
      { shape: [4, 6], dtype: 'int32', low: -30, high: 30 },
      { shape: [6], dtype: 'int32', low: 1, high: 7 },
    ],
    run: (a, b) => [tf.add(a, b), tf.mul(a, b), tf.floorDiv(a, b), tf.mod(a, b), tf.maximum(a, b)],
  },
  {
    name: 'comparisons and logic',
    inputs: [{ shape: [5, 4] }, { shape: [4] }],
    run: (a, b) => [
      tf.equal(a, a),
      tf.less(a, b),
      tf.greaterEqual(a, b),
      tf.logicalAnd(tf.less(a, b), tf.greater(a, 0)),
      tf.logicalOr(tf.less(a, b), tf.logicalNot(tf.greater(a, 0))),
    ],
  },
  {
    name: 'prelu and where',
    inputs: [{ shape: [3, 4] }, { shape: [4] }, { shape: [3, 4] }],
    run: (x, alpha, y) => [tf.prelu(x, alpha), tf.where(tf.greater(x, y), x, y)],
  },
  ...[[0], [1], [0, 2], [2], [-1]].map(
    (axis): GpuCase => ({
      name: `reductions over ${JSON.stringify(axis)}`,
      inputs: [{ shape: [3, 70, 5], low: 0.5, high: 1.5 }],
      run: (x) => [tf.sum(x, axis), tf.mean(x, axis), tf.max(x, axis), tf.min(x, axis, true), tf.prod(x, axis)],
      tolerance: 1e-3,
    }),
  ),
  {
    name: 'full reductions, argMax, argMin, all, any',
    inputs: [{ shape: [6, 300] }],
    run: (x) => [tf.sum(x), tf.max(x), tf.argMax(x, 1), tf.argMin(x, 0), tf.all(tf.greater(x, -1.9), 1), tf.any(tf.greater(x, 1.99), 0)],
    tolerance: 1e-3,
  },
  { name: 'int sum', inputs: [{ shape: [4, 9], dtype: 'int32', low: -100, high: 100 }], run: (x) => [tf.sum(x, 1), tf.max(x, 0)] },
  { name: 'softmax and logSoftmax', inputs: [{ shape: [7, 1000], low: -10, high: 10 }], run: (x) => [tf.softmax(x), tf.logSoftmax(x)] },
  ...(
    [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const
  ).map(
    ([ta, tb]): GpuCase => ({
      name: `matMul transposeA=${ta} transposeB=${tb}`,
      inputs: [{ shape: ta ? [17, 13] : [13, 17] }, { shape: tb ? [11, 17] : [17, 11] }],
      run: (a, b) => tf.matMul(a, b, ta, tb),
      tolerance: 1e-4,
    }),
  ),
  {
    name: 'batched matMul with broadcast batch',
    inputs: [{ shape: [4, 5, 6] }, { shape: [1, 6, 3] }, { shape: [2, 3, 5, 6] }, { shape: [3, 6, 2] }],
    run: (a, b, c, d) => [tf.matMul(a, b), tf.matMul(b, a, true, true), tf.matMul(c, d)],
  },
  {
    name: 'fused matMul bias + relu / leakyrelu / prelu / sigmoid',
    inputs: [{ shape: [8, 16] }, { shape: [16, 12] }, { shape: [12] }, { shape: [12] }],
    run: (a, b, bias, alpha) => [
      tf.fused.matMul({ a, b, bias, activation: 'relu' }),
      tf.fused.matMul({ a, b, bias, activation: 'leakyrelu', leakyreluAlpha: 0.1 }),
      tf.fused.matMul({ a, b, bias, activation: 'prelu', preluActivationWeights: alpha }),
      tf.fused.matMul({ a, b, transposeB: false, bias, activation: 'sigmoid' }),
    ],
  },
  {
    name: 'fused matMul gradients',
    inputs: [{ shape: [8, 16] }, { shape: [16, 12] }, { shape: [12] }],
    run: grads((a, b, bias) => sumOf(tf.fused.matMul({ a, b, bias, activation: 'relu' }))),
  },
  {
    name: 'dense layer gradient (matMul, add, sigmoid, mean)',
    inputs: [{ shape: [32, 20] }, { shape: [20, 10] }, { shape: [10] }],
    run: grads((x, w, b) => tf.mean(tf.sigmoid(tf.add(tf.matMul(x, w), b)))),
  },
  {
    name: 'transpose, reshape, slice, stridedSlice, reverse',
    inputs: [{ shape: [2, 3, 4, 5] }],
    run: (x) => [
      tf.transpose(x, [3, 1, 0, 2]),
      tf.reshape(x, [6, 20]),
      tf.slice(x, [0, 1, 1, 2], [2, 2, 3, 2]),
      tf.stridedSlice(x, [1, 2, 3, 4], [0, 0, 0, 0], [-1, -1, -2, -2]),
      tf.reverse(x, [1, 3]),
    ],
  },
  {
    name: 'concat, stack, unstack, split',
    inputs: [{ shape: [2, 3] }, { shape: [2, 5] }, { shape: [2, 3] }],
    run: (a, b, c) => [tf.concat([a, b, c], 1), tf.stack([a, c], 1), ...tf.unstack(b, 1), ...tf.split(b, [2, 3], 1)],
  },
  {
    name: 'pad, tile, broadcastTo, fill, zerosLike, onesLike',
    inputs: [{ shape: [2, 3] }],
    run: (x) => [
      tf.pad(
        x,
        [
          [1, 2],
          [0, 3],
        ],
        0.5,
      ),
      tf.tile(x, [3, 2]),
      tf.broadcastTo(tf.reshape(x, [2, 1, 3]), [2, 4, 3]),
      tf.fill([2, 2], 7),
      tf.zerosLike(x),
      tf.onesLike(x),
    ],
  },
  {
    name: 'cast float/int/bool',
    inputs: [{ shape: [12], low: -3, high: 3 }],
    run: (x) => [tf.cast(x, 'int32'), tf.cast(x, 'bool'), tf.cast(tf.cast(x, 'int32'), 'float32')],
  },
  {
    name: 'gather axis 0 / 1 / batchDims 1',
    inputs: [{ shape: [6, 4, 3] }, { shape: [5], dtype: 'int32', low: 0, high: 4 }, { shape: [6, 2], dtype: 'int32', low: 0, high: 4 }],
    run: (x, i, j) => [tf.gather(x, i, 0), tf.gather(x, i, 1), tf.gather(x, j, 1, 1)],
  },
  {
    name: 'gather gradient (unsortedSegmentSum)',
    inputs: [{ shape: [10, 4] }, { shape: [7], dtype: 'int32', low: 0, high: 10 }],
    run: (x, i) => tf.grads((t: tf.Tensor) => sumOf(tf.gather(t, i)))([x]),
  },
  {
    name: 'unsortedSegmentSum and oneHot',
    inputs: [{ shape: [8, 3] }, { shape: [8], dtype: 'int32', low: 0, high: 4 }],
    run: (x, s) => [tf.unsortedSegmentSum(x, s as tf.Tensor1D, 4), tf.oneHot(s as tf.Tensor1D, 5), tf.oneHot(s as tf.Tensor1D, 4, 2, -1)],
  },
  { name: 'addN', inputs: [{ shape: [3, 3] }, { shape: [3, 3] }, { shape: [3, 3] }], run: (a, b, c) => tf.addN([a, b, c]) },
  ...(
    [
      ['valid', 1, 1],
      ['same', 1, 1],
      ['same', 2, 1],
      ['valid', 2, 1],
    ] as const
  ).map(
    ([pad, stride, dilation]): GpuCase => ({
      name: `conv2d ${pad} stride ${stride} dilation ${dilation} forward and gradients`,
      inputs: [{ shape: [2, 9, 8, 3] }, { shape: [3, 3, 3, 4] }],
      run: (x, f) => [
        tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, stride, pad, 'NHWC', dilation),
        ...tf.grads((a: tf.Tensor, b: tf.Tensor) => sumOf(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, stride, pad, 'NHWC', dilation)))([x, f]),
      ],
      tolerance: 1e-3,
    }),
  ),
  {
    name: 'conv2d same dilation 2 forward (tfjs has no dilated conv2d gradient)',
    inputs: [{ shape: [2, 9, 8, 3] }, { shape: [3, 3, 3, 4] }],
    run: (x, f) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same', 'NHWC', 2),
    tolerance: 1e-3,
  },
  {
    name: 'conv1d same stride 2 with gradients',
    inputs: [{ shape: [3, 20, 4] }, { shape: [5, 4, 6] }],
    run: (x, f) => [
      tf.conv1d(x as tf.Tensor3D, f as tf.Tensor3D, 2, 'same'),
      ...tf.grads((a: tf.Tensor, b: tf.Tensor) => sumOf(tf.conv1d(a as tf.Tensor3D, b as tf.Tensor3D, 2, 'same')))([x, f]),
    ],
    tolerance: 1e-3,
  },
  {
    name: 'conv2dTranspose',
    inputs: [{ shape: [2, 4, 4, 6] }, { shape: [3, 3, 5, 6] }],
    run: (x, f) => tf.conv2dTranspose(x as tf.Tensor4D, f as tf.Tensor4D, [2, 8, 8, 5], 2, 'same'),
    tolerance: 1e-3,
  },
  {
    name: 'depthwise conv2d with gradients',
    inputs: [{ shape: [2, 8, 8, 3] }, { shape: [3, 3, 3, 2] }],
    run: (x, f) => [
      tf.depthwiseConv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, 'same'),
      ...tf.grads((a: tf.Tensor, b: tf.Tensor) => sumOf(tf.depthwiseConv2d(a as tf.Tensor4D, b as tf.Tensor4D, 2, 'same')))([x, f]),
    ],
    tolerance: 1e-3,
  },
  {
    name: 'separable conv2d',
    inputs: [{ shape: [1, 7, 7, 3] }, { shape: [3, 3, 3, 2] }, { shape: [1, 1, 6, 4] }],
    run: (x, d, p) => tf.separableConv2d(x as tf.Tensor4D, d as tf.Tensor4D, p as tf.Tensor4D, 1, 'valid'),
    tolerance: 1e-3,
  },
  ...(
    [
      ['valid', 2, 2],
      ['same', 3, 2],
      ['same', 2, 1],
    ] as const
  ).map(
    ([pad, size, stride]): GpuCase => ({
      name: `maxPool and avgPool ${pad} size ${size} stride ${stride} with gradients`,
      inputs: [{ shape: [2, 7, 8, 3] }],
      run: (x) => [
        tf.maxPool(x as tf.Tensor4D, size, stride, pad),
        tf.avgPool(x as tf.Tensor4D, size, stride, pad),
        ...tf.grads((a: tf.Tensor) => sumOf(tf.maxPool(a as tf.Tensor4D, size, stride, pad)))([x]),
        ...tf.grads((a: tf.Tensor) => sumOf(tf.avgPool(a as tf.Tensor4D, size, stride, pad)))([x]),
      ],
      tolerance: 1e-4,
    }),
  ),
  ...(
    [
      [3, 2],
      [2, 1],
    ] as const
  ).map(
    ([size, stride]): GpuCase => ({
      name: `avgPool same size ${size} stride ${stride} gradient divides by the whole window, as a depthwise convolution with a 1/size² filter`,
      inputs: [{ shape: [1, 5, 6, 2] }],
      reference: 'zero',
      run: (x) => {
        // tfjs's AvgPoolGrad (the cpu reference) divides every window's gradient by size², padding
        // included; so does the gradient of a depthwise convolution whose taps all equal 1/size²
        // with the same 'same' padding. The two gradients must agree.
        const [gradient] = tf.grads((a: tf.Tensor) => sumOf(tf.avgPool(a as tf.Tensor4D, size, stride, 'same')))([x]) as [tf.Tensor];
        const filter = tf.fill([size, size, 2, 1], 1 / (size * size)) as tf.Tensor4D;
        const [exact] = tf.grads((a: tf.Tensor) => sumOf(tf.depthwiseConv2d(a as tf.Tensor4D, filter, stride, 'same')))([x]) as [tf.Tensor];
        return tf.sub(gradient, exact);
      },
      tolerance: 1e-5,
    }),
  ),
  {
    name: 'LSTM-cell ops and their gradients',
    inputs: [{ shape: [4, 6] }, { shape: [6, 32] }, { shape: [4, 8] }, { shape: [8, 32] }, { shape: [32] }],
    run: grads((x, w, h, u, b) => {
      const z = tf.add(tf.add(tf.matMul(x, w), tf.matMul(h, u)), b);
      const [i, f, c, o] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const cell = tf.add(tf.mul(tf.sigmoid(f), h), tf.mul(tf.sigmoid(i), tf.tanh(c)));
      return sumOf(tf.mul(tf.sigmoid(o), tf.tanh(cell)));
    }),
    tolerance: 1e-3,
  },
  {
    name: 'categorical cross-entropy gradient',
    inputs: [
      { shape: [16, 10], low: -3, high: 3 },
      { shape: [16], dtype: 'int32', low: 0, high: 10 },
    ],
    run: (logits, labels) => tf.grads((l: tf.Tensor) => tf.losses.softmaxCrossEntropy(tf.oneHot(labels as tf.Tensor1D, 10), l))([logits]),
  },
  {
    name: 'Adam-style update ops',
    inputs: [{ shape: [50] }, { shape: [50] }, { shape: [50], low: 0, high: 1 }],
    run: (p, g, v) => {
      const m = tf.add(tf.mul(0.9, p), tf.mul(0.1, g));
      const s = tf.add(tf.mul(0.999, v), tf.mul(0.001, tf.square(g)));
      return tf.sub(p, tf.div(tf.mul(0.01, m), tf.add(tf.sqrt(s), 1e-7)));
    },
  },
  { name: 'fallback kernel (cumsum runs on the cpu, counted)', inputs: [{ shape: [3, 4] }], run: (x) => tf.cumsum(x, 1) },
];
