// Seed 004's MNIST MLP (784 → Dense 512 relu → Dropout 0.2 → Dense 512 relu → Dropout 0.2 →
// Dense 10 softmax, RMSprop, batch 128) trained data-parallel with @keras-ts/distributed:
//   cd apps/examples && mpirun -np 2 node --conditions=source --import tsx src/distributed-mnist-dense.ts --backend native --epochs 2
// (as root add --allow-run-as-root; more ranks than cores, --oversubscribe). Without mpirun it
// trains in one process. 128 is the global batch: each of N ranks takes 128 / N rows of it.
import * as tf from '@tensorflow/tfjs-core';
import { Sequential, toCategorical } from '@keras-ts/core';
import { mnist } from '@keras-ts/datasets';
import { DataParallel, finalize, getRank, getWorldSize, initialize, setDistribution } from '@keras-ts/distributed';
import { Dense, Dropout } from '@keras-ts/layers';
import { RMSprop } from '@keras-ts/optimizers';
import { plotHistory } from '@keras-ts/vis';
import { run, saveFigure } from './run.js';

await run('distributed-mnist-dense', async ({ epochs = 20, outDir }) => {
  await initialize();
  setDistribution(new DataParallel());
  const chief = getRank() === 0;
  const [[xTrainRaw, yTrainLabels], [xTestRaw, yTestLabels]] = await mnist.loadData();
  const xTrain = tf.tidy(() => tf.div(tf.cast(tf.reshape(xTrainRaw, [60000, 784]), 'float32'), 255));
  const xTest = tf.tidy(() => tf.div(tf.cast(tf.reshape(xTestRaw, [10000, 784]), 'float32'), 255));
  const yTrain = toCategorical(yTrainLabels, 10);
  const yTest = toCategorical(yTestLabels, 10);
  if (chief) console.log(`${getWorldSize()} rank(s), each training on ${128 / getWorldSize()} rows of every global batch of 128`);

  const model = new Sequential();
  model.add(new Dense({ units: 512, activation: 'relu', inputShape: [784] }));
  model.add(new Dropout({ rate: 0.2 }));
  model.add(new Dense({ units: 512, activation: 'relu' }));
  model.add(new Dropout({ rate: 0.2 }));
  model.add(new Dense({ units: 10, activation: 'softmax' }));
  model.compile({ loss: 'categorical_crossentropy', optimizer: new RMSprop(), metrics: ['accuracy'] });
  // The progress bar prints on rank 0 only; logs and weights are identical on every rank.
  const history = await model.fit(xTrain, yTrain, { batchSize: 128, epochs, verbose: 1, validationData: [xTest, yTest] });
  const [loss, accuracy] = await model.evaluate(xTest, yTest, { verbose: 0 });
  if (chief) {
    await saveFigure(plotHistory(history, { title: `MNIST MLP 512-512 (RMSprop), ${getWorldSize()} rank(s)` }), outDir, 'history.png');
    console.log('Test loss:', loss);
    console.log('Test accuracy:', accuracy);
  }
  tf.dispose([xTrainRaw, yTrainLabels, xTestRaw, yTestLabels, xTrain, xTest, yTrain, yTest]);
  await finalize();
});
