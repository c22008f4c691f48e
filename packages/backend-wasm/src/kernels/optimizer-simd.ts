import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { runFormulaOnHeap, type SimdFormula, simd } from './elementwise-simd.js';

const { array, scalar, value, add, sub, mul, div, sqrt, flush } = simd;

/**
 * RMSprop (plain): arrays `w, v, g, v', w'`, scalars `rho, 1 − rho, epsilon, lr`;
 * `v' = flush(v·rho + (g·g)·(1 − rho))`, `w' = w − (g·lr) / sqrt(v' + ε)` (`flush`: subnormals to zero).
 */
export const RMSPROP_FORMULA: SimdFormula = {
  arrays: 5,
  scalars: 4,
  statements: [
    { let: 'unflushed', value: add(mul(array(1), scalar(0)), mul(mul(array(2), array(2)), scalar(1))) },
    { let: 'v', value: flush('unflushed') },
    { store: 3, value: value('v') },
    { store: 4, value: sub(array(0), div(mul(array(2), scalar(3)), sqrt(add(value('v'), scalar(2))))) },
  ],
};

/**
 * Adam without AMSGrad: arrays `w, m, v, g, m', v', w'`, scalars `1 − beta1, 1 − beta2, epsilon, alpha`;
 * `m' = flush(m + (g − m)·(1 − beta1))`, `v' = flush(v + (g·g − v)·(1 − beta2))`,
 * `w' = w − (m'·alpha) / (sqrt(v') + ε)`.
 */
export const ADAM_FORMULA: SimdFormula = {
  arrays: 7,
  scalars: 4,
  statements: [
    { let: 'unflushedM', value: add(array(1), mul(sub(array(3), array(1)), scalar(0))) },
    { let: 'unflushedV', value: add(array(2), mul(sub(mul(array(3), array(3)), array(2)), scalar(1))) },
    { let: 'm', value: flush('unflushedM') },
    { let: 'v', value: flush('unflushedV') },
    { store: 4, value: value('m') },
    { store: 5, value: value('v') },
    { store: 6, value: sub(array(0), div(mul(value('m'), scalar(3)), add(sqrt(value('v')), scalar(2)))) },
  ],
};

/**
 * SGD with momentum: arrays `w, v, g, v', w'`, scalars `momentum, lr`; `v' = flush(v·momentum − g·lr)`,
 * `w' = w + v'`, or with Nesterov `w' = w + (v'·momentum − g·lr)`.
 */
export function sgdMomentumFormula(nesterov: boolean): SimdFormula {
  const velocity = value('v');
  return {
    arrays: 5,
    scalars: 2,
    statements: [
      { let: 'scaled', value: mul(array(2), scalar(1)) },
      { let: 'unflushed', value: sub(mul(array(1), scalar(0)), value('scaled')) },
      { let: 'v', value: flush('unflushed') },
      { store: 3, value: velocity },
      { store: 4, value: add(array(0), nesterov ? sub(mul(velocity, scalar(0)), value('scaled')) : velocity) },
    ],
  };
}

const SGD_FORMULAS = { plain: sgdMomentumFormula(false), nesterov: sgdMomentumFormula(true) };

/** RMSprop's update over heap views with SIMD; returns how many leading elements it wrote (see {@link runFormulaOnHeap}). */
export function rmspropOnHeap(backend: BackendWasm, arrays: readonly Float32Array[], scalars: readonly number[]): number {
  return runFormulaOnHeap(backend, RMSPROP_FORMULA, arrays, scalars);
}

/** Adam's update over heap views with SIMD; returns how many leading elements it wrote. */
export function adamOnHeap(backend: BackendWasm, arrays: readonly Float32Array[], scalars: readonly number[]): number {
  return runFormulaOnHeap(backend, ADAM_FORMULA, arrays, scalars);
}

/** SGD with momentum's update over heap views with SIMD; returns how many leading elements it wrote. */
export function sgdMomentumOnHeap(backend: BackendWasm, nesterov: boolean, arrays: readonly Float32Array[], scalars: readonly number[]): number {
  return runFormulaOnHeap(backend, SGD_FORMULAS[nesterov ? 'nesterov' : 'plain'], arrays, scalars);
}
