// Seed 003, multi-output model: one posts Input → Embedding → Conv1D / MaxPooling1D stack →
// GlobalMaxPooling1D → Dense 128, with three named heads: age (regression, mse), income
// (10 groups, categorical crossentropy) and gender (binary crossentropy). Compiled with the losses
// as a list and as an object keyed by output name, with lossWeights [0.25, 1, 10]; the History
// then has one loss per head (`age_loss`, `income_loss`, `gender_loss`) next to the total `loss`.
// The tutorial embeds a 50,000-word vocabulary into 256 dimensions (written Embedding(256, 50000),
// inputDim and outputDim swapped) and leaves fit commented out with 10 epochs, batch 64; here 500
// random posts of 300 words train for 1 epoch per compile by default.
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model } from '@keras-ts/core';
import { Conv1D, Dense, Embedding, GlobalMaxPooling1D, MaxPooling1D } from '@keras-ts/layers';
import { randomIntTensor, randomNormalTensor, run } from './run.js';

await run('multi-output', async ({ epochs = 1 }) => {
  const vocabularySize = 50000;
  const numIncomeGroups = 10;

  const postsInput = Input({ shape: [null], dtype: 'int32', name: 'posts' });
  const embeddedPosts = new Embedding({ inputDim: vocabularySize, outputDim: 256 }).apply(postsInput);
  let x = new Conv1D({ filters: 128, kernelSize: 5, activation: 'relu' }).apply(embeddedPosts);
  x = new MaxPooling1D({ poolSize: 5 }).apply(x);
  x = new Conv1D({ filters: 256, kernelSize: 5, activation: 'relu' }).apply(x);
  x = new Conv1D({ filters: 256, kernelSize: 5, activation: 'relu' }).apply(x);
  x = new MaxPooling1D({ poolSize: 5 }).apply(x);
  x = new Conv1D({ filters: 256, kernelSize: 5, activation: 'relu' }).apply(x);
  x = new Conv1D({ filters: 256, kernelSize: 5, activation: 'relu' }).apply(x);
  x = new GlobalMaxPooling1D().apply(x);
  x = new Dense({ units: 128, activation: 'relu' }).apply(x);

  const agePrediction = new Dense({ units: 1, name: 'age' }).apply(x);
  const incomePrediction = new Dense({ units: numIncomeGroups, activation: 'softmax', name: 'income' }).apply(x);
  const genderPrediction = new Dense({ units: 1, activation: 'sigmoid', name: 'gender' }).apply(x);
  const model = new Model({ inputs: postsInput, outputs: [agePrediction, incomePrediction, genderPrediction] });
  model.summary();

  // Each 'valid' Conv1D of width 5 removes 4 steps and each pool divides by 5, so posts need at
  // least 269 words to leave one step for the last convolution; 300 leaves two.
  const numSamples = 500;
  const posts = randomIntTensor([numSamples, 300], 1, vocabularySize);
  const ageTargets = tf.tidy(() => tf.add(tf.mul(randomNormalTensor([numSamples, 1]), 10), 40));
  const incomeTargets = tf.tidy(() => tf.oneHot(tf.reshape(randomIntTensor([numSamples], 0, numIncomeGroups), [numSamples]), numIncomeGroups));
  const genderTargets = tf.cast(randomIntTensor([numSamples, 1], 0, 2), 'float32');

  model.compile({ optimizer: 'rmsprop', loss: ['mse', 'categorical_crossentropy', 'binary_crossentropy'], lossWeights: [0.25, 1, 10] });
  const fromLists = await model.fit(posts, [ageTargets, incomeTargets, genderTargets], { epochs, batchSize: 64 });
  console.log('losses as a list, targets as a list; history keys:', Object.keys(fromLists.history).join(', '));

  model.compile({
    optimizer: 'rmsprop',
    loss: { age: 'mse', income: 'categorical_crossentropy', gender: 'binary_crossentropy' },
    lossWeights: { age: 0.25, income: 1, gender: 10 },
  });
  const fromObjects = await model.fit(posts, { age: ageTargets, income: incomeTargets, gender: genderTargets }, { epochs, batchSize: 64 });
  console.log('losses as an object, targets as an object; history keys:', Object.keys(fromObjects.history).join(', '));
  for (const [key, values] of Object.entries(fromObjects.history)) console.log(`  ${key}: ${values.map((value) => value.toFixed(4)).join(', ')}`);
  // The total is the weighted sum of the heads: 0.25·age + 1·income + 10·gender.
  const last = (key: string) => fromObjects.history[key]?.at(-1) ?? Number.NaN;
  console.log(
    `  0.25·age_loss + income_loss + 10·gender_loss = ${(0.25 * last('age_loss') + last('income_loss') + 10 * last('gender_loss')).toFixed(4)} (loss ${last('loss').toFixed(4)})`,
  );
  tf.dispose([posts, ageTargets, incomeTargets, genderTargets]);
});
