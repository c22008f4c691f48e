// Seed 004, multi-input and multi-output: predict a headline's response on social media from the
// headline (main_input: 100 word indices in [1, 10000)) and auxiliary data (aux_input: 5 numbers).
// Embedding 512 → LSTM 32 feeds an auxiliary output; concatenated with aux_input it goes through
// three Dense 64 relu to the main output. lossWeights [1, 0.2]; fit and predict with arrays and
// with objects keyed by input / output name. The tutorial trains 50 epochs on 12 samples.
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model } from '@keras-ts/core';
import { concatenate, Dense, Embedding, LSTM } from '@keras-ts/layers';
import { randomIntTensor, randomNormalTensor, randomTensor, run } from './run.js';

await run('headline', async ({ epochs = 50 }) => {
  const mainInput = Input({ shape: [100], dtype: 'int32', name: 'main_input' });
  const embedded = new Embedding({ outputDim: 512, inputDim: 10000, inputLength: 100 }).apply(mainInput);
  const lstmOut = new LSTM({ units: 32 }).apply(embedded);
  const auxiliaryOutput = new Dense({ units: 1, activation: 'sigmoid', name: 'aux_output' }).apply(lstmOut);

  const auxiliaryInput = Input({ shape: [5], name: 'aux_input' });
  let x = concatenate([lstmOut, auxiliaryInput]);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  x = new Dense({ units: 64, activation: 'relu' }).apply(x);
  const mainOutput = new Dense({ units: 1, activation: 'sigmoid', name: 'main_output' }).apply(x);

  const model = new Model({ inputs: [mainInput, auxiliaryInput], outputs: [mainOutput, auxiliaryOutput] });
  model.summary();

  // np.round(np.abs(np.random.rand(12, 100) * 100)): word indices 0–100.
  const headlineData = randomIntTensor([12, 100], 0, 101);
  const additionalData = randomNormalTensor([12, 5]);
  // The tutorial draws the labels with randn, which are not probabilities; binary crossentropy
  // needs targets in [0, 1], so these are uniform in [0, 1).
  const headlineLabels = randomTensor([12, 1]);
  const additionalLabels = randomTensor([12, 1]);

  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', lossWeights: [1, 0.2] });
  const fromLists = await model.fit([headlineData, additionalData], [headlineLabels, additionalLabels], { epochs, batchSize: 32, verbose: 0 });
  const first = (key: string) => fromLists.history[key]?.[0]?.toFixed(4);
  const last = (key: string) => fromLists.history[key]?.at(-1)?.toFixed(4);
  console.log(
    `fit with lists, ${epochs} epochs: loss ${first('loss')} → ${last('loss')}, main_output_loss ${first('main_output_loss')} → ${last('main_output_loss')}, aux_output_loss ${first('aux_output_loss')} → ${last('aux_output_loss')}`,
  );

  model.compile({
    optimizer: 'rmsprop',
    loss: { main_output: 'binary_crossentropy', aux_output: 'binary_crossentropy' },
    lossWeights: { main_output: 1, aux_output: 0.2 },
  });
  const fromObjects = await model.fit(
    { main_input: headlineData, aux_input: additionalData },
    { main_output: headlineLabels, aux_output: additionalLabels },
    { epochs, batchSize: 32, verbose: 0 },
  );
  console.log(`fit with objects, ${epochs} epochs: loss ${fromObjects.history.loss?.[0]?.toFixed(4)} → ${fromObjects.history.loss?.at(-1)?.toFixed(4)}`);

  const byName = model.predict({ main_input: headlineData, aux_input: additionalData });
  const byPosition = model.predict([headlineData, additionalData]);
  const gap = tf.tidy(() => Math.max(...byName.map((tensor, i) => tf.max(tf.abs(tf.sub(tensor, byPosition[i]!))).dataSync()[0]!)));
  console.log(
    `predict: ${byName.length} outputs of shapes ${byName.map((tensor) => `[${tensor.shape.join(', ')}]`).join(' and ')}; object and list inputs agree to ${gap}`,
  );
  tf.dispose([headlineData, additionalData, headlineLabels, additionalLabels, ...byName, ...byPosition]);
});
