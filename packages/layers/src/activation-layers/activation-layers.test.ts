import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { type Layer, Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { expectClose, expectLayerGradientsMatch, fitLosses, fixedTensor, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { ELU } from './elu.js';
import { LeakyReLU } from './leaky-relu.js';
import { PReLU } from './prelu.js';
import { ReLU } from './relu.js';
import { Softmax } from './softmax.js';

const values = [-2, -0.5, 0.5, 1.5, 3];
const x = () => tf.tensor2d([values]);

describe('activation layers', () => {
  it('compute their formulas with Keras defaults', () => {
    expectClose(
      new ReLU().apply(x()) as tf.Tensor,
      values.map((v) => Math.max(v, 0)),
    );
    expectClose(
      new ReLU({ maxValue: 2, negativeSlope: 0.1, threshold: 1 }).apply(x()) as tf.Tensor,
      values.map((v) => (v >= 1 ? Math.min(v, 2) : 0.1 * (v - 1))),
    );
    expectClose(
      new LeakyReLU().apply(x()) as tf.Tensor,
      values.map((v) => (v >= 0 ? v : 0.3 * v)),
    );
    expectClose(
      new ELU({ alpha: 0.5 }).apply(x()) as tf.Tensor,
      values.map((v) => (v > 0 ? v : 0.5 * (Math.exp(v) - 1))),
    );
    const total = values.reduce((s, v) => s + Math.exp(v), 0);
    expectClose(
      new Softmax().apply(x()) as tf.Tensor,
      values.map((v) => Math.exp(v) / total),
    );
    const masked = new Softmax().apply(x(), { mask: tf.tensor2d([[1, 1, 0, 0, 0]]) }) as tf.Tensor;
    const partial = Math.exp(-2) + Math.exp(-0.5);
    expectClose(masked, [Math.exp(-2) / partial, Math.exp(-0.5) / partial, 0, 0, 0]);
    const columns = new Softmax({ axis: 0 }).apply(
      tf.tensor2d([
        [1, 2],
        [3, 2],
      ]),
    ) as tf.Tensor;
    expectClose(columns, [1 / (1 + Math.exp(2)), 0.5, Math.exp(2) / (1 + Math.exp(2)), 0.5]);
  });

  it('PReLU learns one alpha per entry (shared along sharedAxes)', () => {
    const layer = new PReLU();
    layer.apply(x());
    layer.setWeights([tf.tensor1d([0.1, 0.2, 0.3, 0.4, 0.5])]);
    expectClose(layer.apply(x()) as tf.Tensor, [-0.2, -0.1, 0.5, 1.5, 3]);
    const shared = new PReLU({ sharedAxes: [1, 2] });
    shared.apply(tf.zeros([1, 3, 3, 2]));
    expect(shared.weights[0]!.shape).toEqual([1, 1, 2]);
  });

  it('gradients, configs and training', async () => {
    const cases: (() => Layer)[] = [
      () => new ReLU({ maxValue: 6 }),
      () => new LeakyReLU({ negativeSlope: 0.1 }),
      () => new PReLU(),
      () => new ELU(),
      () => new Softmax(),
    ];
    for (const make of cases) {
      const layer = make();
      const input = tf.tensor2d([[-1.3, -0.4, 0.35, 1.2]]);
      layer.apply(input);
      if (layer.weights.length > 0) setFixedWeights(layer, 1, 0.3);
      expect(deserializeLayer({ className: layer.className, config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
      expectLayerGradientsMatch(layer, input);
      const model = new Sequential([new Dense({ units: 4, inputShape: [3] }), make(), new Dense({ units: 1 })]);
      const data = fixedTensor([16, 3], 4);
      const [first, last] = await fitLosses(model, data, tf.reshape(tf.sum(data, 1), [16, 1]), { epochs: 8 });
      expect(last, layer.className).toBeLessThan(first);
    }
  });
});
