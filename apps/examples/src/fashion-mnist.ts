// Seed 001: Fashion-MNIST multiclass classification. A grid of sample images, pixels / 255, a
// Sequential Flatten(28×28) → Dense 4 relu → Dense 4 relu → Dense 10 softmax with sparse
// categorical crossentropy and Adam; a learning-rate finder (40 epochs, lr = 1e-3·10^(epoch/20)
// via LearningRateScheduler) and its loss-vs-lr plot; a refit for 13 epochs at the best rate found;
// prediction probabilities, the confusion matrix, plot_model and the first layer's weights.
// The tutorial finds the lowest loss at epoch 13 (lr ≈ 0.0045, accuracy ≈ 0.78) and refits at
// 0.005; this script prints the rate it finds and refits at that one.
// --epochs sets the finder's epochs (default 40); the refit runs min(13, epochs) epochs.
import * as tf from '@tensorflow/tfjs-core';
import { LearningRateScheduler, randomPermutation, Sequential } from '@keras-ts/core';
import { FASHION_MNIST_CLASS_NAMES, fashionMnist } from '@keras-ts/datasets';
import { Dense, Flatten } from '@keras-ts/layers';
import { Adam } from '@keras-ts/optimizers';
import { plotConfusionMatrix, plotHistory, plotImages, plotLrFinder, plotModel, plotPredictions } from '@keras-ts/vis';
import { run, saveFigure } from './run.js';

const classNames = [...FASHION_MNIST_CLASS_NAMES];

function createModel(): Sequential {
  return new Sequential([
    new Flatten({ inputShape: [28, 28] }),
    new Dense({ units: 4, activation: 'relu' }),
    new Dense({ units: 4, activation: 'relu' }),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
}

await run('fashion-mnist', async ({ epochs: finderEpochs = 40, outDir, dataDir }) => {
  const [[trainImages, trainLabels], [testImages, testLabels]] = await fashionMnist.loadData({ path: dataDir });
  console.log(`Train images shape: [${trainImages.shape}]  Test images shape: [${testImages.shape}]`);
  console.log(`Train labels shape: [${trainLabels.shape}]  Test labels shape: [${testLabels.shape}]`);

  // Five random training images with their class names (matplotlib's cmap=binary: 0 is white).
  const sample = Array.from(randomPermutation(trainImages.shape[0]).slice(0, 5));
  const sampleIndices = tf.tensor1d(sample, 'int32');
  const sampleImages = tf.gather(trainImages, sampleIndices);
  const sampleLabels = tf.gather(trainLabels, sampleIndices);
  await saveFigure(
    plotImages(sampleImages, { labels: sampleLabels, classNames, colormap: 'binary', title: 'Fashion-MNIST: random training images' }),
    outDir,
    'sample-images.png',
  );
  tf.dispose([sampleIndices, sampleImages, sampleLabels]);

  const trainImagesNormalised = tf.tidy(() => tf.div(tf.cast(trainImages, 'float32'), 255));
  const testImagesNormalised = tf.tidy(() => tf.div(tf.cast(testImages, 'float32'), 255));

  // Finding the best learning rate: raise it by a factor 10 every 20 epochs and watch the loss.
  const model = createModel();
  model.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new Adam(), metrics: ['accuracy'] });
  model.summary();
  await saveFigure(plotModel(model, { showShapes: true }), outDir, 'model.png');
  const lrScheduler = new LearningRateScheduler((epoch) => 1e-3 * 10 ** (epoch / 20));
  const findLrHistory = await model.fit(trainImagesNormalised, trainLabels, {
    epochs: finderEpochs,
    validationData: [testImagesNormalised, testLabels],
    callbacks: [lrScheduler],
    verbose: 2,
  });
  const losses = findLrHistory.history.loss ?? [];
  const lrs = findLrHistory.history.learning_rate ?? [];
  await saveFigure(plotLrFinder(lrs, losses), outDir, 'lr-finder.png');
  await saveFigure(plotHistory(findLrHistory, { title: 'Learning-rate finder: training history' }), outDir, 'lr-finder-history.png');
  const bestEpoch = losses.indexOf(Math.min(...losses));
  const bestLr = lrs[bestEpoch] ?? 1e-3;
  console.log(
    `lowest loss ${losses[bestEpoch]?.toFixed(4)} at epoch ${bestEpoch}: learning rate ${bestLr.toPrecision(4)}, accuracy ${findLrHistory.history.accuracy?.[bestEpoch]?.toFixed(4)} (tutorial: epoch 13, 0.004466836, 0.7752)`,
  );

  // Refit a fresh model at the rate found (the tutorial rounds it to 0.005) for 13 epochs.
  const refitEpochs = Math.min(13, finderEpochs);
  const refitModel = createModel();
  refitModel.compile({ loss: 'sparse_categorical_crossentropy', optimizer: new Adam({ learningRate: bestLr }), metrics: ['accuracy'] });
  const history = await refitModel.fit(trainImagesNormalised, trainLabels, {
    epochs: refitEpochs,
    validationData: [testImagesNormalised, testLabels],
    verbose: 2,
  });
  await saveFigure(plotHistory(history, { title: `Refit at learning rate ${bestLr.toPrecision(3)}` }), outDir, 'history.png');
  console.log(
    `refit at lr ${bestLr.toPrecision(4)} for ${refitEpochs} epochs: train accuracy ${history.history.accuracy?.at(-1)?.toFixed(4)}, validation (test) accuracy ${history.history.val_accuracy?.at(-1)?.toFixed(4)} (tutorial: ≈ 0.78 train)`,
  );

  // Prediction probabilities: the first test image, then every argmax.
  const yProbs = refitModel.predict(testImagesNormalised);
  const firstProbabilities = tf.tidy(() => Array.from(tf.slice(yProbs, [0, 0], [1, 10]).dataSync()));
  const yPreds = tf.tidy(() => Array.from(tf.argMax(yProbs, 1).dataSync()));
  const yTrue = Array.from(testLabels.dataSync());
  const firstTrue = yTrue[0] ?? 0;
  const firstPred = yPreds[0] ?? 0;
  console.log(
    `first test image: predicted ${classNames[firstPred]} (${((firstProbabilities[firstPred] ?? 0) * 100).toFixed(1)} %), labelled ${classNames[firstTrue]}`,
  );
  console.log('first 10 predicted labels:', yPreds.slice(0, 10).join(', '));
  await saveFigure(plotPredictions(firstProbabilities, { classNames, trueLabel: firstTrue }), outDir, 'prediction.png');
  await saveFigure(plotConfusionMatrix(yTrue, yPreds, { classNames, title: 'Fashion-MNIST confusion matrix (test set)' }), outDir, 'confusion-matrix.png');

  // The patterns learned: the first Dense layer's weights and biases.
  const layerWeights = refitModel.layers[1]!.getWeights();
  const [weights, biases] = layerWeights;
  console.log(`layers: ${refitModel.layers.map((layer) => layer.className).join(', ')}; layers[1] weights [${weights?.shape}], biases [${biases?.shape}]`);

  console.log(`plots written to ${outDir}`);
  tf.dispose([...layerWeights, trainImages, trainLabels, testImages, testLabels, trainImagesNormalised, testImagesNormalised, yProbs]);
  model.dispose();
  refitModel.dispose();
});
