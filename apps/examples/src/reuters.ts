// Seed 000: Reuters newswires, 46 topics. Multi-hot vectors over the 10,000 most frequent words,
// one-hot topics, a functional Input → Dense 64 relu → Dense 46 softmax trained with rmsprop on
// all but the first 1,000 training newswires (held out for validation), 20 epochs of batch 512,
// the training curves as a PNG, then predict + argmax on the test newswires.
// Needs reuters.npz (and reuters_word_index.json) from Keras: in ~/.keras-ts/datasets,
// $KERAS_TS_DATASETS, a folder given with --data, or downloaded; when none is found it says where
// to put them and exits with code 1.
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, toCategorical } from '@keras-ts/core';
import { DatasetNotFoundError, decodeSequence, reuters, vectorizeSequences } from '@keras-ts/datasets';
import { Dense } from '@keras-ts/layers';
import { plotHistory } from '@keras-ts/vis';
import { accuracyOf, isMainModule, run, saveFigure } from './run.js';

/** Options of {@link reutersExample}. */
export interface ReutersExampleOptions {
  /** Training epochs. Default 20, as the tutorial. */
  epochs?: number;
  /** Folder the history plot is written to. */
  outDir: string;
  /** Folder holding reuters.npz and reuters_word_index.json (the datasets' `path`); default: the datasets' search. */
  dataDir?: string;
  /** Training newswires held out for validation, taken from the start. Default 1,000, as the tutorial. */
  validationSize?: number;
  /** Batch size. Default 512, as the tutorial. */
  batchSize?: number;
}

/** What {@link reutersExample} measured. */
export interface ReutersExampleResult {
  /** The first training newswire decoded back to words. */
  firstNewswire: string;
  /** Per-epoch `loss`, `accuracy`, `val_loss`, `val_accuracy`. */
  history: Record<string, number[]>;
  /** The predicted topic (argmax) of every test newswire. */
  predictedTopics: number[];
  /** The labelled topic of every test newswire. */
  testTopics: number[];
  /** Fraction of test newswires whose predicted topic is the labelled one. */
  testAccuracy: number;
  /** Path of the training-curves PNG. */
  historyPlot: string;
}

const NUM_WORDS = 10000;
const NUM_CLASSES = 46;

/** Runs seed 000 end to end; exported so the test can run it on a small generated reuters.npz. */
export async function reutersExample(options: ReutersExampleOptions): Promise<ReutersExampleResult> {
  const { epochs = 20, outDir, dataDir, validationSize = 1000, batchSize = 512 } = options;
  const [[trainData, trainLabels], [testData, testLabels]] = await reuters.loadData({ numWords: NUM_WORDS, path: dataDir });
  console.log(`${trainData.length} training and ${testData.length} test newswires`);
  const wordIndex = await reuters.getWordIndex({ path: dataDir });
  const firstNewswire = decodeSequence(trainData[0] ?? [], wordIndex);
  console.log(`first newswire (topic ${trainLabels.dataSync()[0]}): ${firstNewswire}`);

  const xTrain = vectorizeSequences(trainData, NUM_WORDS);
  const xTest = vectorizeSequences(testData, NUM_WORDS);
  const yTrain = toCategorical(trainLabels, NUM_CLASSES);
  const yTest = toCategorical(testLabels, NUM_CLASSES);

  const trainCount = xTrain.shape[0] - validationSize;
  if (trainCount <= 0)
    throw new Error(`reuters: validationSize ${validationSize} leaves no training newswires out of ${xTrain.shape[0]}; use a smaller validationSize.`);
  const xVal = tf.slice(xTrain, 0, validationSize);
  const partialXTrain = tf.slice(xTrain, validationSize);
  const yVal = tf.slice(yTrain, 0, validationSize);
  const partialYTrain = tf.slice(yTrain, validationSize);

  const inputs = Input({ shape: [NUM_WORDS], name: 'input' });
  const features = new Dense({ units: 64, activation: 'relu' }).apply(inputs);
  const outputs = new Dense({ units: NUM_CLASSES, activation: 'softmax' }).apply(features);
  const model = new Model({ inputs, outputs });
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['accuracy'] });

  const history = await model.fit(partialXTrain, partialYTrain, { epochs, batchSize, validationData: [xVal, yVal], verbose: 2 });
  const historyPlot = await saveFigure(plotHistory(history, { title: 'Reuters: Dense 64 → 46 topics' }), outDir, 'reuters-history.png');

  const predictions = model.predict(xTest);
  const predictedTopics = tf.tidy(() => Array.from(tf.argMax(predictions, -1).dataSync()));
  const testTopics = Array.from(testLabels.dataSync());
  const testAccuracy = accuracyOf(predictions, testLabels);
  console.log(`first test newswire: predicted topic ${predictedTopics[0]}, labelled ${testTopics[0]}`);
  console.log(`test accuracy (argmax of predict): ${(testAccuracy * 100).toFixed(2)} %`);
  tf.dispose([trainLabels, testLabels, xTrain, xTest, yTrain, yTest, xVal, partialXTrain, yVal, partialYTrain, predictions]);
  model.dispose();
  return { firstNewswire, history: history.history, predictedTopics, testTopics, testAccuracy, historyPlot };
}

if (isMainModule(import.meta.url)) {
  await run('reuters', async ({ epochs, outDir, dataDir }) => {
    try {
      await reutersExample({ epochs, outDir, dataDir });
    } catch (error) {
      if (!(error instanceof DatasetNotFoundError)) throw error;
      console.error(`${error.message}\nThen run again (or pass --data <folder holding reuters.npz and reuters_word_index.json>).`);
      process.exitCode = 1;
    }
  });
}
