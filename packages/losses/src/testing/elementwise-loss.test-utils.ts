// One test scaffold for the losses that average an elementwise term over the last axis
// (MSE, MAE, MAPE, MSLE, log-cosh): each test file supplies the term written out in plain JS.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import type { Loss } from '../base/loss.js';
import { expectAllClose, expectGradientMatchesNumeric, expectNoLeak, take, weightedSum } from './numeric.test-utils.js';

const yTrue = [
  [1, -2, 0.5],
  [3, 0.25, -1],
];
const yPred = [
  [1.5, -1, 2],
  [2.2, 0.3, 1.4],
];

/** What {@link describeElementwiseLoss} needs to know about one loss. */
export interface ElementwiseLossSpec {
  /** The loss function (camelCase name, as exported). */
  fn: (yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor;
  /** The loss class and the name and class name Keras gives it. */
  LossClass: (new () => Loss) & { className: string };
  kerasName: string;
  className: string;
  /** The per-element term, written out independently of the implementation. */
  term: (trueValue: number, predicted: number) => number;
}

/** Per-sample reference: the term averaged over the last axis. */
function reference(term: ElementwiseLossSpec['term'], t: number[][], p: number[][]): number[] {
  return t.map((row, i) => row.reduce((sum, tv, j) => sum + term(tv, p[i]![j]!) / row.length, 0));
}

/** Declares the shared tests: formula, numeric gradient, shape rules and errors, class, leaks. */
export function describeElementwiseLoss(spec: ElementwiseLossSpec): void {
  const name = spec.fn.name;
  describe(name, () => {
    it('matches the formula written out', () => {
      expectAllClose(take(spec.fn(tf.tensor2d(yTrue), tf.tensor2d(yPred))), reference(spec.term, yTrue, yPred));
    });

    it('has gradients matching central differences', () => {
      const t = tf.tensor2d(yTrue);
      expectGradientMatchesNumeric((x) => weightedSum(spec.fn(t, x)), tf.tensor2d(yPred));
      t.dispose();
    });

    it('accepts [batch] targets against [batch, 1] predictions and rejects other mismatches', () => {
      const perSample = take(spec.fn(tf.tensor1d([1, 3]), tf.tensor2d([[1.5], [2.2]])));
      expectAllClose(perSample, reference(spec.term, [[1], [3]], [[1.5], [2.2]]));
      expect(() => spec.fn(tf.tensor2d([[1, 2]]), tf.tensor2d([[1, 2, 3]]))).toThrow(
        new RegExp(`${name}: yTrue and yPred must have the same shape, got yTrue \\[1, 2\\] and yPred \\[1, 3\\]`),
      );
    });

    it('leaks no tensors; the class reduces and names itself as Keras does', () => {
      const t = tf.tensor2d(yTrue);
      const p = tf.tensor2d(yPred);
      const loss = new spec.LossClass();
      expectNoLeak(() => loss.compute(t, p).dispose());
      const expected = reference(spec.term, yTrue, yPred);
      expectAllClose(take(loss.compute(t, p)), [(expected[0]! + expected[1]!) / 2]);
      tf.dispose([t, p]);
      expect(loss.name).toBe(spec.kerasName);
      expect(spec.LossClass.className).toBe(spec.className);
    });
  });
}
