import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, type SymbolicTensor, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { expectClose, expectGradientsMatch, fitLosses, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { Add, add } from './add.js';
import { average } from './average.js';
import { Concatenate, concatenate } from './concatenate.js';
import { Dot, dot } from './dot.js';
import { maximum } from './maximum.js';
import { minimum } from './minimum.js';
import { multiply } from './multiply.js';
import { Subtract, subtract } from './subtract.js';

const a = () => tf.tensor2d([[1, -2, 3]]);
const b = () => tf.tensor2d([[4, 5, -6]]);

describe('merge layers', () => {
  it('elementwise merges compute their formulas (eager functional forms)', () => {
    expectClose(add([a(), b(), a()]) as tf.Tensor, [6, 1, 0]);
    expectClose(subtract([a(), b()]) as tf.Tensor, [-3, -7, 9]);
    expectClose(multiply([a(), b()]) as tf.Tensor, [4, -10, -18]);
    expectClose(average([a(), b()]) as tf.Tensor, [2.5, 1.5, -1.5]);
    expectClose(maximum([a(), b()]) as tf.Tensor, [4, 5, 3]);
    expectClose(minimum([a(), b()]) as tf.Tensor, [1, -2, -6]);
    expectClose(concatenate([a(), b()]) as tf.Tensor, [1, -2, 3, 4, 5, -6]);
    expectClose(concatenate([a(), b()], { axis: 1 }) as tf.Tensor, [1, -2, 3, 4, 5, -6]);
    expect((add([tf.ones([2, 3]), tf.ones([2, 1])]) as tf.Tensor).shape).toEqual([2, 3]);
  });

  it('Dot contracts the given axes, with normalize giving cosine similarity', () => {
    expectClose(dot([a(), b()], { axes: 1 }) as tf.Tensor, [4 - 10 - 18]);
    const cosine = dot([a(), b()], { axes: 1, normalize: true }) as tf.Tensor;
    expectClose(cosine, [-24 / (Math.sqrt(14) * Math.sqrt(77))]);
    const x = fixedTensor([2, 3, 4], 1);
    const y = fixedTensor([2, 5, 4], 2);
    const out = dot([x, y], { axes: 2 }) as tf.Tensor;
    expect(out.shape).toEqual([2, 3, 5]);
    expectClose(out, tf.matMul(x, y, false, true).dataSync());
    expect(
      new Dot({ axes: [1, 1] }).computeOutputShape([
        [null, 3, 4],
        [null, 3, 2],
      ]),
    ).toEqual([null, 4, 2]);
  });

  it('check shapes with clear errors naming both shapes', () => {
    const left = Input({ shape: [3, 4] });
    const right = Input({ shape: [5, 6] });
    expect(() => concatenate([left, right])).toThrow(
      /Concatenate 'concatenate(_\d+)?' needs inputs with matching shapes except on the concatenation axis -1, got \(None, 3, 4\) and \(None, 5, 6\)/,
    );
    expect(() => add([left, right])).toThrow(/\(None, 3, 4\) and \(None, 5, 6\)/);
    expect(() => subtract([left, left, left])).toThrow(/exactly 2 inputs, got 3/);
    expect(() => new Add().apply([left])).toThrow(/at least 2 inputs, got 1/);
    expect(() => dot([Input({ shape: [3] }), Input({ shape: [4] })], { axes: 1 })).toThrow(/cannot contract axis 1 of \(None, 3\) with axis 1 of \(None, 4\)/);
  });

  it('gradients flow to every input; configs round-trip', () => {
    const x = tf.variable(fixedTensor([2, 3], 1));
    const y = tf.variable(fixedTensor([2, 3], 2));
    const probe = fixedTensor([2, 3], 3);
    for (const merge of [add, subtract, multiply, average, maximum, minimum]) {
      expectGradientsMatch(() => tf.sum(tf.mul(merge([x, y]) as tf.Tensor, probe)) as tf.Scalar, [x, y]);
    }
    expectGradientsMatch(() => tf.sum(tf.mul(dot([x, y], { axes: 1, normalize: true }) as tf.Tensor, tf.tensor2d([[1], [2]]))) as tf.Scalar, [x, y]);
    for (const layer of [new Concatenate({ axis: 1 }), new Dot({ axes: [1, 2], normalize: true }), new Subtract()]) {
      expect(deserializeLayer({ className: layer.className, config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
    }
  });

  it('a two-branch functional model built with concatenate and add trains', async () => {
    const left = Input({ shape: [3] });
    const right = Input({ shape: [3] });
    const joined = concatenate([new Dense({ units: 4 }).apply(left) as SymbolicTensor, new Dense({ units: 4 }).apply(right) as SymbolicTensor]);
    const summed = add([new Dense({ units: 2 }).apply(joined) as SymbolicTensor, new Dense({ units: 2 }).apply(joined) as SymbolicTensor]);
    const output = new Dense({ units: 1 }).apply(summed) as SymbolicTensor;
    const model = new Model({ inputs: [left, right], outputs: output });
    const xl = fixedTensor([16, 3], 1);
    const xr = fixedTensor([16, 3], 2);
    const [first, last] = await fitLosses(model, [xl, xr], tf.reshape(tf.sub(tf.sum(xl, 1), tf.sum(xr, 1)), [16, 1]));
    expect(last).toBeLessThan(first);
  });
});
