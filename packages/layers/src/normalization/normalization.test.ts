import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { type Layer, Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { Flatten } from '../reshaping/flatten.js';
import { expectClose, expectLayerGradientsMatch, fitLosses, fixedTensor, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { BatchNormalization } from './batch-normalization.js';
import { GroupNormalization } from './group-normalization.js';
import { LayerNormalization } from './layer-normalization.js';
import { UnitNormalization } from './unit-normalization.js';

const rows = (t: tf.Tensor) => t.arraySync() as number[][];

describe('BatchNormalization', () => {
  it('normalizes with batch statistics when training and updates the moving ones', () => {
    const layer = new BatchNormalization({ momentum: 0.9 });
    const x = tf.tensor2d([
      [1, 10],
      [3, 20],
      [5, 60],
    ]);
    layer.apply(x);
    layer.setWeights([tf.tensor1d([2, 1]), tf.tensor1d([0.5, 0]), tf.tensor1d([1, 1]), tf.tensor1d([2, 2])]);
    const trained = rows(layer.apply(x, { training: true }) as tf.Tensor);
    // Column 0: mean 3, biased variance 8/3.
    const std0 = Math.sqrt(8 / 3 + 1e-3);
    expectClose(
      trained.map((r) => r[0]!),
      [(-2 / std0) * 2 + 0.5, 0.5, (2 / std0) * 2 + 0.5],
    );
    const [, , movingMean, movingVariance] = layer.getWeights();
    expectClose(movingMean!, [1 * 0.9 + 3 * 0.1, 1 * 0.9 + 30 * 0.1]);
    expectClose(movingVariance!, [2 * 0.9 + (8 / 3) * 0.1, 2 * 0.9 + (1400 / 3) * 0.1], 1e-4);
    const inference = rows(layer.apply(x) as tf.Tensor);
    expectClose(
      inference.map((r) => r[1]!),
      [10, 20, 60].map((v) => (v - 3.9) / Math.sqrt(2 * 0.9 + (1400 / 3) * 0.1 + 1e-3)),
      1e-4,
    );
    layer.trainable = false;
    expectClose(layer.apply(x, { training: true }) as tf.Tensor, inference.flat(), 1e-5);
  });

  it('has Keras weights (2 trainable + 2 non-trainable per feature), gradients, config round trip', () => {
    const layer = new BatchNormalization({ axis: 1 });
    const x = fixedTensor([3, 2, 2], 1);
    layer.apply(x);
    expect(layer.trainableWeights.map((w) => w.name)).toEqual([`${layer.name}/gamma`, `${layer.name}/beta`]);
    expect(layer.nonTrainableWeights.map((w) => w.name)).toEqual([`${layer.name}/moving_mean`, `${layer.name}/moving_variance`]);
    expect(layer.countParams()).toBe(8);
    setFixedWeights(layer, 3, 0.2);
    layer.setWeights([...layer.getWeights().slice(0, 3), tf.ones([2])]);
    expectLayerGradientsMatch(layer, x, { training: false });
    expect(deserializeLayer({ className: 'BatchNormalization', config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
  });

  it('moving statistics change during fit; summary counts non-trainable weights', async () => {
    const bn = new BatchNormalization();
    const model = new Sequential([new Dense({ units: 3, inputShape: [2] }), bn, new Dense({ units: 1 })]);
    const x = fixedTensor([16, 2], 2);
    const [first, last] = await fitLosses(model, x, tf.reshape(tf.sum(x, 1), [16, 1]), { epochs: 10 });
    expect(last).toBeLessThan(first);
    expect(Array.from(bn.movingMean!.variable.dataSync()).some((v) => v !== 0)).toBe(true);
    const lines: string[] = [];
    model.summary((line) => lines.push(line));
    expect(lines.join('\n')).toMatch(/Non-trainable params: 6/);
  });
});

describe('LayerNormalization, GroupNormalization, UnitNormalization', () => {
  it('LayerNormalization normalizes each sample over the last axis', () => {
    const layer = new LayerNormalization();
    const x = fixedTensor([2, 4], 1);
    const out = rows(layer.apply(x) as tf.Tensor);
    rows(x).forEach((row, i) => {
      const mean = row.reduce((a, b) => a + b, 0) / 4;
      const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / 4;
      expectClose(
        out[i]!,
        row.map((v) => (v - mean) / Math.sqrt(variance + 1e-3)),
        1e-4,
      );
    });
  });

  it('GroupNormalization normalizes each group of channels over all positions', () => {
    const layer = new GroupNormalization({ groups: 2 });
    const x = fixedTensor([1, 3, 4], 2);
    const values = (x.arraySync() as number[][][])[0]!;
    const out = (layer.apply(x) as tf.Tensor).arraySync() as number[][][];
    for (const group of [0, 1]) {
      const members = values.flatMap((position) => position.slice(group * 2, group * 2 + 2));
      const mean = members.reduce((a, b) => a + b, 0) / members.length;
      const variance = members.reduce((a, b) => a + (b - mean) ** 2, 0) / members.length;
      const expected = values.flatMap((position) => position.slice(group * 2, group * 2 + 2).map((v) => (v - mean) / Math.sqrt(variance + 1e-3)));
      expectClose(
        out[0]!.flatMap((position) => position.slice(group * 2, group * 2 + 2)),
        expected,
        1e-4,
      );
    }
    expect(() => new GroupNormalization({ groups: 3 }).apply(fixedTensor([1, 2, 4]))).toThrow(/groups \(3\) must divide the number of channels \(4\)/);
  });

  it('UnitNormalization scales to unit L2 norm', () => {
    expectClose(new UnitNormalization().apply(tf.tensor2d([[3, 4]])) as tf.Tensor, [0.6, 0.8]);
  });

  it('gradients, configs and training', async () => {
    const cases: [() => Layer, number[]][] = [
      [() => new LayerNormalization(), [4]],
      [() => new LayerNormalization({ axis: [1, 2] }), [2, 3]],
      [() => new GroupNormalization({ groups: 2 }), [3, 4]],
      [() => new GroupNormalization({ groups: 2, axis: 1 }), [4, 3]],
      [() => new UnitNormalization(), [3]],
    ];
    for (const [make, shape] of cases) {
      const layer = make();
      layer.apply(fixedTensor([1, ...shape], 1));
      if (layer.weights.length > 0) setFixedWeights(layer, 2, 0.5);
      expect(deserializeLayer({ className: layer.className, config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
      expectLayerGradientsMatch(layer, fixedTensor([2, ...shape], 3));
      const model = new Sequential([new Dense({ units: shape.at(-1)!, inputShape: shape }), make(), new Flatten(), new Dense({ units: 1 })]);
      const x = fixedTensor([8, ...shape], 4);
      const [first, last] = await fitLosses(
        model,
        x,
        tf.reshape(
          tf.max(
            x,
            shape.map((_, i) => i + 1),
          ),
          [8, 1],
        ),
        { epochs: 5 },
      );
      expect(last, layer.className).toBeLessThan(first);
    }
  });
});
