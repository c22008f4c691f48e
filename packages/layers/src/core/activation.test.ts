import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { expectClose, expectLayerGradientsMatch, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { Activation } from './activation.js';

describe('Activation layer', () => {
  it('applies the named activation elementwise, keeping the shape', () => {
    const x = tf.tensor2d([[-2, -0.5, 0, 0.5, 2, 7]]);
    const cases: [string, (v: number) => number][] = [
      ['relu6', (v) => Math.min(Math.max(v, 0), 6)],
      ['leaky_relu', (v) => (v > 0 ? v : 0.2 * v)],
      ['softsign', (v) => v / (1 + Math.abs(v))],
      ['hardSigmoid', (v) => Math.min(Math.max(v + 3, 0), 6) / 6],
    ];
    for (const [name, formula] of cases) {
      const layer = new Activation({ activation: name });
      layer.apply(x);
      const before = tf.memory().numTensors;
      const y = layer.apply(x) as tf.Tensor;
      expect(y.shape).toEqual([1, 6]);
      expectClose(y, [-2, -0.5, 0, 0.5, 2, 7].map(formula));
      y.dispose();
      expect(tf.memory().numTensors, name).toBe(before);
    }
    x.dispose();
  });

  it('applies softmax over the last axis of a rank-3 input', () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [0, 0],
      ],
      [
        [3, -3],
        [10, 10],
      ],
    ]);
    const y = new Activation({ activation: 'softmax' }).apply(x) as tf.Tensor;
    const e = Math.exp(1) / (Math.exp(1) + Math.exp(2));
    const f = 1 / (1 + Math.exp(-6));
    expectClose(y, [e, 1 - e, 0.5, 0.5, f, 1 - f, 0.5, 0.5]);
    tf.dispose([x, y]);
  });

  it('passes shapes through symbolically and gradients match central differences', () => {
    const layer = new Activation({ activation: 'gelu' });
    const output = layer.apply(Input({ shape: [3, 4] })) as { shape: unknown };
    expect(output.shape).toEqual([null, 3, 4]);
    const x = fixedTensor([2, 3], 5, 2);
    expectLayerGradientsMatch(layer, x);
    x.dispose();
  });

  it('round-trips its config with Keras activation names; rejects unknown names', () => {
    const layer = new Activation({ activation: 'hardSilu', name: 'act' });
    const config = layer.getConfig();
    expect(config).toMatchObject({ name: 'act', activation: 'hard_silu' });
    const restored = deserializeLayer({ className: 'Activation', config }) as Activation;
    expect(restored.getConfig()).toEqual(config);
    expect(restored.activation).toBe(layer.activation);
    expect(() => new Activation({ activation: 'sigmoidal' })).toThrow(/Unknown activation 'sigmoidal'. Valid activations: .*hard_sigmoid/);
  });
});
