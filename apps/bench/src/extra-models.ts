// The LSTM and Conv models issue 8 asks the bench to time on keras-ts (tfjs-layers cannot train
// Conv2D or Embedding models on stock tfjs-backend-wasm at all).
import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from '@keras-ts/core';
import { Conv2D, Dense, Flatten, LSTM, MaxPooling2D } from '@keras-ts/layers';
import { RMSprop } from '@keras-ts/optimizers';
import type { Step } from './mlp.js';

/** Seed 004's stacked LSTM (3 × LSTM 32 on 8 × 16 inputs, Dense 10 softmax), batch 64. */
export function kerasTsLstm(): { step: Step; dispose(): void; stepsPerEpoch: number } {
  const model = new Sequential([
    new LSTM({ units: 32, returnSequences: true, inputShape: [8, 16] }),
    new LSTM({ units: 32, returnSequences: true }),
    new LSTM({ units: 32 }),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const x = tf.randomUniform([64, 8, 16]);
  const y = tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10);
  return {
    step: async () => {
      await model.trainOnBatch(x, y);
    },
    dispose: () => {
      tf.dispose([x, y]);
      model.dispose();
    },
    // Seed 004 trains it on 1000 samples: 16 batches of 64.
    stepsPerEpoch: 16,
  };
}

/** A small MNIST convnet: Conv2D 32 3×3 relu → MaxPooling 2 → Flatten → Dense 10 softmax, batch 128. */
export function kerasTsConv(x: tf.Tensor2D, y: tf.Tensor2D): { step: Step; dispose(): void; stepsPerEpoch: number } {
  const model = new Sequential([
    new Conv2D({ filters: 32, kernelSize: 3, activation: 'relu', inputShape: [28, 28, 1] }),
    new MaxPooling2D({ poolSize: 2 }),
    new Flatten(),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  return {
    step: async (index) => {
      const start = (index * 128) % (x.shape[0] - 128);
      const [xb, yb] = tf.tidy(() => [tf.reshape(tf.slice(x, [start, 0], [128, 784]), [128, 28, 28, 1]), tf.slice(y, [start, 0], [128, 10])]);
      await model.trainOnBatch(xb!, yb!);
      tf.dispose([xb!, yb!]);
    },
    dispose: () => model.dispose(),
    stepsPerEpoch: 469,
  };
}
