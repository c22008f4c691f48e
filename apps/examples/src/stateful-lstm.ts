// Seed 004, the same stacked LSTM rendered stateful: the states left by sample i of batch k are
// the initial states of sample i of batch k + 1, so the batch size is fixed (batchInputShape
// [32, 8, 16]) and the batches must stay in order (shuffle: false). 10 training batches, 3
// validation batches, 5 epochs.
import * as tf from '@tensorflow/tfjs-core';
import { Sequential } from '@keras-ts/core';
import { Dense, LSTM } from '@keras-ts/layers';
import { randomTensor, run } from './run.js';

await run('stateful-lstm', async ({ epochs = 5 }) => {
  const dataDim = 16;
  const timesteps = 8;
  const numClasses = 10;
  const batchSize = 32;

  // The full batchInputShape is needed because the network is stateful.
  const model = new Sequential();
  model.add(new LSTM({ units: 32, returnSequences: true, stateful: true, batchInputShape: [batchSize, timesteps, dataDim] }));
  model.add(new LSTM({ units: 32, returnSequences: true, stateful: true }));
  model.add(new LSTM({ units: 32, stateful: true }));
  model.add(new Dense({ units: numClasses, activation: 'softmax' }));
  model.compile({ loss: 'categorical_crossentropy', optimizer: 'rmsprop', metrics: ['accuracy'] });
  model.summary();

  const xTrain = randomTensor([batchSize * 10, timesteps, dataDim]);
  const yTrain = randomTensor([batchSize * 10, numClasses]);
  const xVal = randomTensor([batchSize * 3, timesteps, dataDim]);
  const yVal = randomTensor([batchSize * 3, numClasses]);
  const history = await model.fit(xTrain, yTrain, { batchSize, epochs, shuffle: false, validationData: [xVal, yVal] });
  console.log('val_loss per epoch:', history.history.val_loss?.map((value) => value.toFixed(4)).join(', '));

  // The states carry over between calls; resetStates() starts again from zeros.
  const resetStates = () => {
    for (const layer of model.layers) if (layer instanceof LSTM) layer.resetStates();
  };
  const batch = tf.slice(xVal, 0, batchSize);
  resetStates();
  const first = model.predict(batch, { batchSize });
  const second = model.predict(batch, { batchSize });
  resetStates();
  const afterReset = model.predict(batch, { batchSize });
  const difference = (x: tf.Tensor, y: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(x, y))).dataSync()[0]!);
  console.log(`same batch predicted twice: differs by ${difference(first, second).toExponential(2)} (the states carried over)`);
  console.log(`after resetStates(): differs from the first prediction by ${difference(first, afterReset).toExponential(2)}`);
  tf.dispose([xTrain, yTrain, xVal, yVal, batch, first, second, afterReset]);
});
