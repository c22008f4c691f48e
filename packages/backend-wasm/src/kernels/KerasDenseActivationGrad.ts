import type * as tf from '@tensorflow/tfjs-core';
import { type DenseActivation, type DenseAttributes, KERAS_DENSE_ACTIVATION_GRAD } from '@keras-ts/backend-kit';
import { ShapeError } from '@keras-ts/common';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { KernelArguments } from '../backend/stock-kernels.js';
import { runFormulaOnRows, type SimdExpression, type SimdFormula, type SimdStatement, simd } from './elementwise-simd.js';
import { heap, requireFloat32 } from './kernel-inputs.js';

// The backward half of a Dense layer up to its products, in one pass: `dz` from `dy` and the
// layer's output `y` as tfjs-core's gradient of the activation computes it (relu: dy·step(y);
// sigmoid: dy·(y·(1 − y)); tanh: (1 − y·y)·dy; each product and difference rounded to float32 in
// that order), and the bias gradient, the column sums of `dz` added row after row, in the same pass.
// Softmax's row sums run in JavaScript.

const [DY, Y, DZ, DB] = [0, 1, 2, 3] as const;
const dy = simd.array(DY);
const y = simd.array(Y);
const one = simd.scalar(0);

/** `dz` of each activation the SIMD formulas cover, from `dy`, `y` and the scalar 1. */
const GRADIENTS: Partial<Record<DenseActivation, { lets: { let: string; value: SimdExpression }[]; dz: SimdExpression }>> = {
  linear: { lets: [], dz: dy },
  relu: { lets: [{ let: 'y', value: y }], dz: simd.mul(dy, simd.step('y')) },
  sigmoid: { lets: [], dz: simd.mul(dy, simd.mul(y, simd.sub(one, y))) },
  tanh: { lets: [], dz: simd.mul(simd.sub(one, simd.mul(y, y)), dy) },
};

/** A gradient's formula: arrays dy, y, dz and (with the bias) db, a row of stride 0 that each row adds to. */
function gradientFormula({ lets, dz }: { lets: { let: string; value: SimdExpression }[]; dz: SimdExpression }, withBias: boolean): SimdFormula {
  const statements: SimdStatement[] = [...lets, { let: 'dz', value: dz }, { store: DZ, value: simd.value('dz') }];
  if (withBias) statements.push({ store: DB, value: simd.add(simd.array(DB), simd.value('dz')) });
  return { arrays: withBias ? 4 : 3, scalars: 1, statements };
}

/** Each covered activation's formulas, without and with the bias gradient. */
const FORMULAS = new Map(
  Object.entries(GRADIENTS).map(([activation, gradient]) => [activation, [gradientFormula(gradient, false), gradientFormula(gradient, true)] as const]),
);

/** The same `dz` in JavaScript, one element (float32 rounding after every operation). */
function elementGradient(activation: DenseActivation, g: number, v: number): number {
  const f = Math.fround;
  switch (activation) {
    case 'relu':
      return f(g * (Number.isNaN(v) ? Number.NaN : v > 0 ? 1 : 0));
    case 'sigmoid':
      return f(g * f(v * f(1 - v)));
    case 'tanh':
      return f(f(1 - f(v * v)) * g);
    default:
      return g;
  }
}

/** Fills `dz` (and `db`, when given) from `dyValues` and `yValues`, `[m, n]`, in JavaScript. */
function gradientInJavaScript(
  activation: DenseActivation,
  dyValues: Float32Array,
  yValues: Float32Array,
  dz: Float32Array,
  db: Float32Array | undefined,
  m: number,
  n: number,
): void {
  const f = Math.fround;
  for (let i = 0; i < m; i++) {
    const row = i * n;
    if (activation === 'softmax') {
      // dz = dy·y − (Σ_j dy·y)·y, the row sum kept in float32 as it is added.
      let sum = 0;
      for (let j = 0; j < n; j++) sum = f(sum + f(dyValues[row + j]! * yValues[row + j]!));
      for (let j = 0; j < n; j++) dz[row + j] = f(f(dyValues[row + j]! * yValues[row + j]!) - f(sum * yValues[row + j]!));
    } else {
      for (let j = 0; j < n; j++) dz[row + j] = elementGradient(activation, dyValues[row + j]!, yValues[row + j]!);
    }
    if (db !== undefined) for (let j = 0; j < n; j++) db[j] = f(db[j]! + dz[row + j]!);
  }
}

function kerasDenseActivationGrad({ inputs, backend, attrs }: KernelArguments): tf.TensorInfo[] {
  const wasm = backend as BackendWasm;
  const { dy: dyInfo, y: yInfo } = inputs as Record<'dy' | 'y', tf.TensorInfo | undefined>;
  const { activation, withBias } = attrs as unknown as DenseAttributes;
  if (yInfo === undefined || yInfo.shape.length !== 2) throw new ShapeError(`${KERAS_DENSE_ACTIVATION_GRAD}: y must be a matrix, got [${yInfo?.shape ?? ''}].`);
  const [m, n] = yInfo.shape as [number, number];
  requireFloat32(KERAS_DENSE_ACTIVATION_GRAD, 'y', yInfo, [m, n]);
  requireFloat32(KERAS_DENSE_ACTIVATION_GRAD, 'dy', dyInfo, [m, n]);
  const dzInfo = wasm.makeOutput([m, n], 'float32');
  const dbInfo = withBias ? wasm.makeOutput([n], 'float32') : undefined;
  // Views after makeOutput, which may grow the heap.
  const dyValues = heap(wasm, dyInfo!);
  const yValues = heap(wasm, yInfo);
  const dz = heap(wasm, dzInfo);
  const db = dbInfo === undefined ? undefined : heap(wasm, dbInfo);
  db?.fill(0);
  const formula = FORMULAS.get(activation)?.[withBias ? 1 : 0];
  const rows = (view: Float32Array, stride: number) => ({ view, at: 0, stride });
  const arrays = [rows(dyValues, n), rows(yValues, n), rows(dz, n), ...(db === undefined ? [] : [rows(db, 0)])];
  if (formula === undefined || !runFormulaOnRows(wasm, formula, arrays, n, m, [1])) gradientInJavaScript(activation, dyValues, yValues, dz, db, m, n);
  return dbInfo === undefined ? [dzInfo] : [dzInfo, dbInfo];
}

/**
 * KerasDenseActivationGrad for 'wasm': inputs `dy` and `y` (the layer's output), both `[m, n]`
 * float32; attributes `activation` and `withBias`. Outputs `dz`, the gradient reaching
 * `x · kernel + bias`, and with the bias `db` `[n]`, the column sums of `dz`: one SIMD pass for
 * linear, relu, sigmoid and tanh where `n` is a multiple of 4, JavaScript otherwise.
 */
export const kerasDenseActivationGradConfig: tf.KernelConfig = {
  kernelName: KERAS_DENSE_ACTIVATION_GRAD,
  backendName: 'wasm',
  kernelFunc: kerasDenseActivationGrad as unknown as tf.KernelFunc,
};
