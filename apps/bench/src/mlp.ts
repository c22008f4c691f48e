// Seed 004's MLP (784-512-512-10 relu/softmax, RMSprop, batch 128) written twice: with keras-ts and
// with tfjs-layers, trained on the same batches of the same backend.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Sequential } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { RMSprop } from '@keras-ts/optimizers';

/** A function that trains on batch `index` of the epoch. */
export type Step = (index: number) => Promise<void>;

const BATCH = 128;

// Batches are gathered by index, as a shuffling fit does (tfjs-layers' fit and keras-ts's alike).
function batch(x: tf.Tensor2D, y: tf.Tensor2D, index: number): [tf.Tensor2D, tf.Tensor2D] {
  const start = (index * BATCH) % (x.shape[0] - BATCH);
  return tf.tidy(() => {
    const rows = tf.tensor1d(
      Int32Array.from({ length: BATCH }, (_, i) => start + i),
      'int32',
    );
    return [tf.gather(x, rows), tf.gather(y, rows)];
  });
}

/** Seed 004's MLP with keras-ts, compiled with RMSprop, categorical crossentropy and accuracy. */
export function compiledKerasTsMlp(): Sequential {
  const model = new Sequential([
    new Dense({ units: 512, activation: 'relu', inputShape: [784] }),
    new Dense({ units: 512, activation: 'relu' }),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return model;
}

/** keras-ts: one trainOnBatch per step. */
export function kerasTsMlp(x: tf.Tensor2D, y: tf.Tensor2D): { step: Step; dispose(): void } {
  const model = compiledKerasTsMlp();
  return {
    step: async (index) => {
      const [xb, yb] = batch(x, y, index);
      await model.trainOnBatch(xb, yb);
      tf.dispose([xb, yb]);
    },
    dispose: () => model.dispose(),
  };
}

/** tfjs-layers: the same model, one trainOnBatch per step. */
export function tfjsLayersMlp(x: tf.Tensor2D, y: tf.Tensor2D): { step: Step; dispose(): void } {
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ units: 512, activation: 'relu', inputShape: [784] }),
      tfl.layers.dense({ units: 512, activation: 'relu' }),
      tfl.layers.dense({ units: 10, activation: 'softmax' }),
    ],
  });
  model.compile({ optimizer: tf.train.rmsprop(0.001, 0.9, 0, 1e-7), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return {
    step: async (index) => {
      const [xb, yb] = batch(x, y, index);
      await model.trainOnBatch(xb, yb);
      tf.dispose([xb, yb]);
    },
    dispose: () => model.dispose(),
  };
}

/**
 * keras-ts: one whole `fit` epoch (60,000 samples, batch 128, shuffled, accuracy metric,
 * verbose 0), after a warm-up fit on the first 20 batches. Returns the epoch's seconds.
 */
export async function kerasTsMlpFitEpoch(x: tf.Tensor2D, y: tf.Tensor2D): Promise<number> {
  const model = compiledKerasTsMlp();
  const [xWarm, yWarm] = [tf.slice(x, 0, 20 * BATCH), tf.slice(y, 0, 20 * BATCH)];
  await model.fit(xWarm, yWarm, { batchSize: BATCH, epochs: 1, verbose: 0 });
  tf.dispose([xWarm, yWarm]);
  const start = performance.now();
  await model.fit(x, y, { batchSize: BATCH, epochs: 1, verbose: 0 });
  const seconds = (performance.now() - start) / 1000;
  model.dispose();
  return seconds;
}
