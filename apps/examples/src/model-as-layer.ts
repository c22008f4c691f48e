// Seed 004, models are callable like layers: the functional dense net 784 → 64 relu → 64 relu →
// 10 softmax is trained, then called on a new Input (reusing its weights) and wrapped in
// TimeDistributed to classify each of 20 frames: [batch, 20, 784] → [batch, 20, 10].
// The tutorial trains on undefined `data, labels`; here 1,000 random vectors and 10-class labels.
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, toCategorical } from '@keras-ts/core';
import { Dense, TimeDistributed } from '@keras-ts/layers';
import { randomIntTensor, randomTensor, run } from './run.js';

await run('model-as-layer', async ({ epochs = 5 }) => {
  const inputs = Input({ shape: [784] });
  const output1 = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  const output2 = new Dense({ units: 64, activation: 'relu' }).apply(output1);
  const predictions = new Dense({ units: 10, activation: 'softmax' }).apply(output2);
  const model = new Model({ inputs, outputs: predictions });
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });

  const data = randomTensor([1000, 784]);
  const labelIndices = randomIntTensor([1000], 0, 10);
  const labels = toCategorical(labelIndices, 10);
  await model.fit(data, labels, { epochs, verbose: 2 });

  // Calling the model on a new input reuses the architecture and the trained weights.
  const x = Input({ shape: [784] });
  const y = model.apply(x);
  const reused = new Model({ inputs: x, outputs: y });
  const sample = tf.slice(data, 0, 4);
  const direct = model.predict(sample);
  const viaCall = reused.predict(sample);
  const callGap = tf.tidy(() => tf.max(tf.abs(tf.sub(direct, viaCall))).dataSync()[0]!);
  console.log(`y = model(x): shape [${y.shape.map(String).join(', ')}], same predictions as the trained model (max difference ${callGap})`);

  // TimeDistributed(model): sequences of 20 vectors of 784 → sequences of 20 softmaxes of 10.
  const inputSequences = Input({ shape: [20, 784] });
  const processedSequences = new TimeDistributed({ layer: model }).apply(inputSequences);
  console.log(`TimeDistributed(model): [${inputSequences.shape.map(String).join(', ')}] → [${processedSequences.shape.map(String).join(', ')}]`);
  const video = new Model({ inputs: inputSequences, outputs: processedSequences });
  const frames = tf.reshape(tf.slice(data, 0, 40), [2, 20, 784]);
  const perFrame = video.predict(frames);
  const frameGap = tf.tidy(() => {
    const flat = model.predict(tf.reshape(frames, [40, 784]));
    return tf.max(tf.abs(tf.sub(tf.reshape(perFrame, [40, 10]), flat))).dataSync()[0]!;
  });
  console.log(`predicted [${perFrame.shape.join(', ')}] for 2 clips of 20 frames; equals the model frame by frame (max difference ${frameGap})`);
  if (callGap > 1e-6 || frameGap > 1e-6) throw new Error(`model-as-layer: reused model disagrees with the trained one (${callGap}, ${frameGap})`);
  tf.dispose([data, labelIndices, labels, sample, direct, viaCall, frames, perFrame]);
});
