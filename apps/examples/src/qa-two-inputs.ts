// Seed 003, multi-input model: a question-answering net with two Inputs (text and question),
// each Embedding + LSTM, concatenated into a 500-way softmax. Trained on random data twice: once
// with a list of input arrays, once with an object keyed by input name.
// Seed 003 writes Embedding(64, vocabulary_size), swapping inputDim and outputDim; this uses the
// intended Embedding({ inputDim: vocabulary, outputDim: 64 }).
// The tutorial fits 10 epochs each time; the default here is 1 epoch per fit so that the script
// finishes in about a minute (71 s on the default wasm backend here, 5 s on native; pass
// --epochs 10 for the tutorial's run; 79 s on cpu, where @keras-ts/core replaces
// tfjs-backend-cpu's per-segment UnsortedSegmentSum — Embedding's gradient — with a one-pass kernel).
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model } from '@keras-ts/core';
import { concatenate, Dense, Embedding, LSTM } from '@keras-ts/layers';
import { randomIntTensor, run } from './run.js';

await run('qa-two-inputs', async ({ epochs = 1 }) => {
  const textVocabularySize = 10000;
  const questionVocabularySize = 10000;
  const answerVocabularySize = 500;

  const textInput = Input({ shape: [null], dtype: 'int32', name: 'text' });
  const embeddedText = new Embedding({ inputDim: textVocabularySize, outputDim: 64 }).apply(textInput);
  const encodedText = new LSTM({ units: 32 }).apply(embeddedText);

  const questionInput = Input({ shape: [null], dtype: 'int32', name: 'question' });
  const embeddedQuestion = new Embedding({ inputDim: questionVocabularySize, outputDim: 64 }).apply(questionInput);
  const encodedQuestion = new LSTM({ units: 16 }).apply(embeddedQuestion);

  const concatenated = concatenate([encodedText, encodedQuestion], { axis: -1 });
  const answer = new Dense({ units: answerVocabularySize, activation: 'softmax' }).apply(concatenated);

  const model = new Model({ inputs: [textInput, questionInput], outputs: answer });
  model.compile({ optimizer: 'rmsprop', loss: 'categorical_crossentropy', metrics: ['acc'] });
  model.summary();

  const numSamples = 1000;
  const maxLength = 100;
  const text = randomIntTensor([numSamples, maxLength], 1, textVocabularySize);
  const question = randomIntTensor([numSamples, maxLength], 1, answerVocabularySize);
  const answers = tf.cast(randomIntTensor([numSamples, answerVocabularySize], 0, 2), 'float32');

  const fromList = await model.fit([text, question], answers, { epochs, batchSize: 128 });
  console.log('fit with [text, question]: history keys', Object.keys(fromList.history), 'loss', fromList.history.loss);
  const fromObject = await model.fit({ text, question }, answers, { epochs, batchSize: 128 });
  console.log('fit with { text, question }: loss', fromObject.history.loss, 'acc', fromObject.history.acc);
  tf.dispose([text, question, answers]);
});
