import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { type Layer, Sequential, deserializeLayer, setRandomSeed } from '@keras-ts/core';
import { withCallContext } from '@keras-ts/core/internal';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { Flatten } from '../reshaping/flatten.js';
import { expectClose, fixedTensor } from '../testing/gradient-check.test-utils.js';
import { ActivityRegularization } from './activity-regularization.js';
import { GaussianDropout } from './gaussian-dropout.js';
import { GaussianNoise } from './gaussian-noise.js';
import { SpatialDropout1D } from './spatial-dropout1d.js';
import { SpatialDropout2D } from './spatial-dropout2d.js';

describe('regularization layers', () => {
  it('SpatialDropout drops whole channels and rescales the rest', () => {
    setRandomSeed(1);
    const x = tf.ones([4, 6, 8]);
    const out = (new SpatialDropout1D({ rate: 0.5 }).apply(x, { training: true }) as tf.Tensor).arraySync() as number[][][];
    for (const sample of out)
      for (let c = 0; c < 8; c++) {
        const column = sample.map((step) => step[c]!);
        expect(column.every((v) => v === column[0]) && (column[0] === 0 || column[0] === 2)).toBe(true);
      }
    const images = tf.ones([2, 3, 3, 4]);
    const dropped = (
      new SpatialDropout2D({ rate: 0.5, dataFormat: 'channelsFirst' }).apply(images, { training: true }) as tf.Tensor
    ).arraySync() as number[][][][];
    for (const sample of dropped) for (const channel of sample) expect(new Set(channel.flat()).size).toBe(1);
    expect(new SpatialDropout1D({ rate: 0.5 }).apply(x)).toBe(x);
  });

  it('GaussianNoise and GaussianDropout have the documented statistics and are identity at inference', () => {
    setRandomSeed(2);
    const x = tf.ones([20000]);
    const noisy = new GaussianNoise({ stddev: 0.5 }).apply(x, { training: true }) as tf.Tensor;
    const moments = tf.moments(noisy);
    expect(moments.mean.dataSync()[0]!).toBeCloseTo(1, 1);
    expect(Math.sqrt(moments.variance.dataSync()[0]!)).toBeCloseTo(0.5, 1);
    const scaled = new GaussianDropout({ rate: 0.2 }).apply(x, { training: true }) as tf.Tensor;
    const stats = tf.moments(scaled);
    expect(stats.mean.dataSync()[0]!).toBeCloseTo(1, 1);
    expect(Math.sqrt(stats.variance.dataSync()[0]!)).toBeCloseTo(0.5, 1);
    expect(new GaussianNoise({ stddev: 1 }).apply(x)).toBe(x);
    expect(() => new GaussianDropout({ rate: 1 })).toThrow(/\[0, 1\)/);
  });

  it('ActivityRegularization adds l1·Σ|x| + l2·Σx² to the running call', () => {
    const layer = new ActivityRegularization({ l1: 0.1, l2: 0.01 });
    const x = tf.tensor2d([
      [1, -2],
      [3, 0],
    ]);
    const { result, losses } = withCallContext(() => layer.apply(x));
    expect(result).toBe(x);
    expectClose(losses[0]!, [0.1 * 6 + 0.01 * 14]);
  });

  it('configs round-trip and models containing them train', async () => {
    setRandomSeed(3);
    const cases: [() => Layer, number[]][] = [
      [() => new SpatialDropout1D({ rate: 0.2 }), [3, 2]],
      [() => new SpatialDropout2D({ rate: 0.2 }), [2, 2, 2]],
      [() => new GaussianNoise({ stddev: 0.05 }), [4]],
      [() => new GaussianDropout({ rate: 0.1 }), [4]],
      [() => new ActivityRegularization({ l2: 0.001 }), [4]],
    ];
    for (const [make, shape] of cases) {
      const layer = make();
      expect(deserializeLayer({ className: layer.className, config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
      const model = new Sequential([new Dense({ units: shape.at(-1)!, inputShape: shape }), make(), new Flatten(), new Dense({ units: 1 })]);
      const x = fixedTensor([16, ...shape], 4);
      const y = tf.reshape(
        tf.sum(
          x,
          shape.map((_, i) => i + 1),
        ),
        [16, 1],
      );
      // Noise layers make epoch losses noisy; compare inference losses before and after training.
      model.compile({ optimizer: 'adam', loss: 'mse' });
      const before = (await model.evaluate(x, y, { verbose: 0 })) as number;
      await model.fit(x, y, { epochs: 15, batchSize: 8, verbose: 0 });
      const after = (await model.evaluate(x, y, { verbose: 0 })) as number;
      expect(after, layer.className).toBeLessThan(before);
    }
  });
});
