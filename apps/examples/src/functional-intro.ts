// Seed 003, first part: the same three-layer net as a Sequential model and as a functional
// Model (identical summaries: 3,466 params), then fit / evaluate / predict on random data.
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, Sequential } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { randomTensor, run } from './run.js';

await run('functional-intro', async ({ epochs = 1 }) => {
  const seqModel = new Sequential();
  seqModel.add(new Dense({ units: 32, activation: 'relu', inputShape: [64] }));
  seqModel.add(new Dense({ units: 32, activation: 'relu' }));
  seqModel.add(new Dense({ units: 10, activation: 'softmax' }));
  seqModel.summary();

  const inputTensor = Input({ shape: [64] });
  let x = new Dense({ units: 32, activation: 'relu' }).apply(inputTensor);
  x = new Dense({ units: 32, activation: 'relu' }).apply(x);
  const outputTensor = new Dense({ units: 10, activation: 'softmax' }).apply(x);
  const model = new Model({ inputs: inputTensor, outputs: outputTensor });
  model.summary();
  if (model.countParams() !== seqModel.countParams() || model.countParams() !== 3466) {
    throw new Error(`expected 3,466 parameters in both models, got ${seqModel.countParams()} and ${model.countParams()}`);
  }

  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy' });
  const xTrain = randomTensor([1000, 64]);
  const yTrain = randomTensor([1000, 10]);
  await model.fit(xTrain, yTrain, { epochs });
  const score = await model.evaluate(xTrain, yTrain);
  console.log('score:', score);
  const predictions = model.predict(xTrain);
  tf.slice(predictions, 0, 2).print();
  tf.dispose([xTrain, yTrain, predictions]);
});
