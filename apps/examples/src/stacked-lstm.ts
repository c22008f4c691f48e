// Seed 004, stacked LSTM for sequence classification: three LSTM 32 layers (the first two return
// full sequences, the last only its final output) and Dense 10 softmax, on random data
// (1,000 × 8 timesteps × 16 features, 100 for validation), batch 64, 5 epochs.
import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from '@keras-ts/core';
import { Dense, LSTM } from '@keras-ts/layers';
import { randomTensor, run } from './run.js';

await run('stacked-lstm', async ({ epochs = 5 }) => {
  const dataDim = 16;
  const timesteps = 8;
  const numClasses = 10;

  // Expected input data shape: [batchSize, timesteps, dataDim].
  const model = new Sequential();
  model.add(new LSTM({ units: 32, returnSequences: true, inputShape: [timesteps, dataDim] })); // a sequence of vectors of dimension 32
  model.add(new LSTM({ units: 32, returnSequences: true })); // a sequence of vectors of dimension 32
  model.add(new LSTM({ units: 32 })); // a single vector of dimension 32
  model.add(new Dense({ units: numClasses, activation: 'softmax' }));
  model.compile({ loss: 'categorical_crossentropy', optimizer: 'rmsprop', metrics: ['accuracy'] });
  model.summary();

  const xTrain = randomTensor([1000, timesteps, dataDim]);
  const yTrain = randomTensor([1000, numClasses]);
  const xVal = randomTensor([100, timesteps, dataDim]);
  const yVal = randomTensor([100, numClasses]);
  const history = await model.fit(xTrain, yTrain, { batchSize: 64, epochs, validationData: [xVal, yVal] });
  console.log('history keys:', Object.keys(history.history).join(', '));
  console.log('val_loss per epoch:', history.history.val_loss?.map((value) => value.toFixed(4)).join(', '));
  tf.dispose([xTrain, yTrain, xVal, yVal]);
});
