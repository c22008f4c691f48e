import * as tf from '@tensorflow/tfjs-core';
import { CROSSENTROPY_EPSILON, KERAS_CATEGORICAL_CROSSENTROPY, KERAS_CATEGORICAL_CROSSENTROPY_GRAD } from '@keras-ts/backend-kit';
import { ShapeError } from '@keras-ts/common';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { heap, requireFloat32 } from './kernel-inputs.js';

// Keras's categorical crossentropy of probabilities and its gradient, row by row over the heap, with
// the arithmetic of @keras-ts/backend-native's kernels (native/crossentropy.cc): quotients and
// products of float32 values rounded to float32, row sums accumulated in double and rounded once,
// logarithms taken in double and rounded. On stock 'wasm' the op chain ran about thirty kernels,
// among them tfjs-backend-wasm's comparisons and select for the clip's gradient at ≈ 11 ns per
// element (the QA model's 64 × 500 probabilities: ≈ 1.5 ms of its step in those alone).

const f = Math.fround;
const LOW = f(CROSSENTROPY_EPSILON);
const HIGH = f(1 - CROSSENTROPY_EPSILON);

const clip = (q: number) => (q < LOW ? LOW : q > HIGH ? HIGH : q);

/** Σ of a row's float32 values in double, rounded once. */
function rowSum(values: Float32Array, start: number, classes: number): number {
  let sum = 0;
  for (let j = 0; j < classes; j++) sum += values[start + j]!;
  return f(sum);
}

/** The shape `[…, classes]` of the predictions, after checking both inputs (float32, that shape). */
function checkedShape(kernelName: string, yTrue: tf.TensorInfo | undefined, yPred: tf.TensorInfo | undefined): number[] {
  if (yPred === undefined || yPred.shape.length === 0) {
    throw new ShapeError(`${kernelName}: input 'yPred' must have a classes axis, shape [..., classes]; got ${yPred === undefined ? 'nothing' : 'a scalar'}.`);
  }
  requireFloat32(kernelName, 'yPred', yPred, yPred.shape, 'Cast the probabilities to float32.');
  requireFloat32(kernelName, 'yTrue', yTrue, yPred.shape, "Targets take the predictions' shape and dtype.");
  return yPred.shape;
}

function categoricalCrossentropy({ inputs, backend }: KernelArguments): tf.TensorInfo {
  const wasm = backend as BackendWasm;
  const { yTrue, yPred } = inputs as Record<'yTrue' | 'yPred', tf.TensorInfo | undefined>;
  const shape = checkedShape(KERAS_CATEGORICAL_CROSSENTROPY, yTrue, yPred);
  const classes = shape[shape.length - 1]!;
  const rows = tf.util.sizeFromShape(shape.slice(0, -1));
  const outInfo = wasm.makeOutput(shape.slice(0, -1), 'float32');
  // Views after makeOutput, which may grow the heap.
  const t = heap(wasm, yTrue!);
  const p = heap(wasm, yPred!);
  const out = heap(wasm, outInfo);
  for (let i = 0, start = 0; i < rows; i++, start += classes) {
    const sum = rowSum(p, start, classes);
    let total = 0;
    for (let j = start; j < start + classes; j++) {
      const c = clip(f(p[j]! / sum));
      // A zero target adds ±0, which leaves a sum from +0 unchanged, wherever the clipped value is
      // a number: the logarithm (≈ 18 ns in V8, most of this loop) is skipped for it — for one-hot
      // targets, for all but one class. A NaN probability still makes the row NaN.
      if (t[j] === 0 && !Number.isNaN(c)) continue;
      total += f(t[j]! * f(Math.log(c)));
    }
    out[i] = -f(total);
  }
  return outInfo;
}

function categoricalCrossentropyGrad({ inputs, backend }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { dy, yTrue, yPred } = inputs as Record<'dy' | 'yTrue' | 'yPred', tf.TensorInfo | undefined>;
  const shape = checkedShape(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, yTrue, yPred);
  requireFloat32(KERAS_CATEGORICAL_CROSSENTROPY_GRAD, 'dy', dy, shape.slice(0, -1), 'The upstream gradient has one value per row.');
  const classes = shape[shape.length - 1]!;
  const rows = tf.util.sizeFromShape(shape.slice(0, -1));
  const dTrueInfo = wasm.makeOutput(shape, 'float32');
  const dPredInfo = wasm.makeOutput(shape, 'float32');
  const upstream = heap(wasm, dy!);
  const t = heap(wasm, yTrue!);
  const p = heap(wasm, yPred!);
  const dTrue = heap(wasm, dTrueInfo);
  const dPred = heap(wasm, dPredInfo);
  for (let i = 0, start = 0; i < rows; i++, start += classes) {
    const sum = rowSum(p, start, classes);
    const negDy = -upstream[i]!;
    // dPred first holds the gradient reaching the normalized probabilities (zero where clipped).
    let weighted = 0;
    for (let j = start; j < start + classes; j++) {
      const q = f(p[j]! / sum);
      const c = clip(q);
      dTrue[j] = f(negDy * f(Math.log(c)));
      const g = q >= LOW && q <= HIGH ? f(f(negDy * t[j]!) / c) : 0;
      dPred[j] = g;
      weighted += f(g * p[j]!);
    }
    // The renormalization's quotient rule: −Σ g·p / s² added to every element of the row.
    const fromSum = -f(f(weighted) / f(sum * sum));
    for (let j = start; j < start + classes; j++) dPred[j] = f(f(dPred[j]! / sum) + fromSum);
  }
  return [dTrueInfo, dPredInfo];
}

/**
 * KerasCategoricalCrossentropy for 'wasm': inputs `yTrue`, `yPred` (float32, one shape
 * `[…, classes]`); output `[…]`: `−Σ yTrue · log(clip(yPred / Σ yPred, 1e-7, 1 − 1e-7))` over the
 * last axis.
 */
export const kerasCategoricalCrossentropyConfig: tf.KernelConfig = {
  kernelName: KERAS_CATEGORICAL_CROSSENTROPY,
  backendName: 'wasm',
  kernelFunc: categoricalCrossentropy as unknown as tf.KernelFunc,
};

/**
 * KerasCategoricalCrossentropyGrad for 'wasm': inputs `dy` (`[…]`), `yTrue`, `yPred`
 * (`[…, classes]`); outputs `[dyTrue, dyPred]`, the gradients of the unfused op chain (the clip
 * passes gradient only inside its bounds; the renormalization's quotient rule is applied).
 */
export const kerasCategoricalCrossentropyGradConfig: tf.KernelConfig = {
  kernelName: KERAS_CATEGORICAL_CROSSENTROPY_GRAD,
  backendName: 'wasm',
  kernelFunc: categoricalCrossentropyGrad as unknown as tf.KernelFunc,
};
