// Seed 004's MNIST MLP: 784 → Dense 512 relu → Dropout 0.2 → Dense 512 relu → Dropout 0.2 →
// Dense 10 softmax, RMSprop, batch 128, 20 epochs, validated on the test set.
import * as tf from '@tensorflow/tfjs-core';
import { Sequential, toCategorical } from '@keras-ts/core';
import { mnist } from '@keras-ts/datasets';
import { Dense, Dropout } from '@keras-ts/layers';
import { RMSprop } from '@keras-ts/optimizers';
import { plotHistory } from '@keras-ts/vis';
import { run, saveFigure } from './run.js';

await run('mnist-dense', async ({ epochs = 20, outDir }) => {
  const batchSize = 128;
  const numClasses = 10;
  const [[xTrainRaw, yTrainLabels], [xTestRaw, yTestLabels]] = await mnist.loadData();
  const xTrain = tf.tidy(() => tf.div(tf.cast(tf.reshape(xTrainRaw, [60000, 784]), 'float32'), 255));
  const xTest = tf.tidy(() => tf.div(tf.cast(tf.reshape(xTestRaw, [10000, 784]), 'float32'), 255));
  console.log(xTrain.shape[0], 'train samples');
  console.log(xTest.shape[0], 'test samples');
  const yTrain = toCategorical(yTrainLabels, numClasses);
  const yTest = toCategorical(yTestLabels, numClasses);

  const model = new Sequential();
  model.add(new Dense({ units: 512, activation: 'relu', inputShape: [784] }));
  model.add(new Dropout({ rate: 0.2 }));
  model.add(new Dense({ units: 512, activation: 'relu' }));
  model.add(new Dropout({ rate: 0.2 }));
  model.add(new Dense({ units: numClasses, activation: 'softmax' }));
  model.summary();
  model.compile({ loss: 'categorical_crossentropy', optimizer: new RMSprop(), metrics: ['accuracy'] });
  const history = await model.fit(xTrain, yTrain, { batchSize, epochs, verbose: 1, validationData: [xTest, yTest] });
  await saveFigure(plotHistory(history, { title: 'MNIST MLP 512-512 (RMSprop)' }), outDir, 'history.png');
  const [loss, accuracy] = await model.evaluate(xTest, yTest, { verbose: 0 });
  console.log('Test loss:', loss);
  console.log('Test accuracy:', accuracy);
  tf.dispose([xTrainRaw, yTrainLabels, xTestRaw, yTestLabels, xTrain, xTest, yTrain, yTest]);
});
