// Seed 004, shared layers: two tweets (280 steps × 256 one-hot characters) are encoded by ONE LSTM
// instance, so both branches use the same weights; the codes are concatenated and a sigmoid says
// whether the tweets come from the same person. Then layer nodes: a layer called twice has two
// inbound nodes, `output` / `inputShape` become ill-defined and `getOutputAt(i)` /
// `getInputShapeAt(i)` pick a call.
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model } from '@keras-ts/core';
import { concatenate, Conv2D, Dense, LSTM } from '@keras-ts/layers';
import { randomIntTensor, run } from './run.js';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`shared-lstm: expected ${what}`);
  console.log(`ok: ${what}`);
}

await run('shared-lstm', async ({ epochs = 1 }) => {
  const tweetA = Input({ shape: [280, 256] });
  const tweetB = Input({ shape: [280, 256] });
  const sharedLstm = new LSTM({ units: 64 });
  const encodedA = sharedLstm.apply(tweetA);
  const encodedB = sharedLstm.apply(tweetB);
  const mergedVector = concatenate([encodedA, encodedB], { axis: -1 });
  const predictions = new Dense({ units: 1, activation: 'sigmoid' }).apply(mergedVector);
  const model = new Model({ inputs: [tweetA, tweetB], outputs: predictions });
  model.compile({ optimizer: 'rmsprop', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  model.summary();
  check(model.countParams() === 4 * (64 * (256 + 64) + 64) + 129, 'one set of LSTM weights: 82,176 + 129 parameters');

  // The tutorial leaves its data undefined; 64 pairs of random one-hot character sequences here.
  const oneHotTweets = () => tf.tidy(() => tf.oneHot(tf.reshape(randomIntTensor([64 * 280], 0, 256), [64, 280]), 256));
  const dataA = oneHotTweets();
  const dataB = oneHotTweets();
  const labels = tf.cast(randomIntTensor([64, 1], 0, 2), 'float32');
  const history = await model.fit([dataA, dataB], labels, { epochs, batchSize: 32 });
  console.log('loss per epoch:', history.history.loss);
  tf.dispose([dataA, dataB, labels]);

  // One call: `output` is defined.
  const a = Input({ shape: [280, 256] });
  const lstm = new LSTM({ units: 32 });
  const encodedOnce = lstm.apply(a);
  check(lstm.output === encodedOnce, 'lstm.output === encodedA after one call');

  // Two calls: `output` throws, `getOutputAt(i)` answers.
  const b = Input({ shape: [280, 256] });
  const encodedTwice = lstm.apply(b);
  let message = '';
  try {
    void lstm.output;
  } catch (error) {
    message = (error as Error).message;
  }
  console.log(`lstm.output → ${message}`);
  check(
    message.includes(
      `Layer ${lstm.name} has multiple inbound nodes, hence the notion of "layer output" is ill-defined. Use \`getOutputAt(nodeIndex)\` instead.`,
    ),
    'the "multiple inbound nodes" error',
  );
  check(lstm.getOutputAt(0) === encodedOnce, 'lstm.getOutputAt(0) === encodedA');
  check(lstm.getOutputAt(1) === encodedTwice, 'lstm.getOutputAt(1) === encodedB');

  // Input shapes per node: a Conv2D applied to 32×32×3 and to 64×64×3 images.
  const imageA = Input({ shape: [32, 32, 3] });
  const imageB = Input({ shape: [64, 64, 3] });
  const conv = new Conv2D({ filters: 16, kernelSize: [3, 3], padding: 'same' });
  conv.apply(imageA);
  check(JSON.stringify(conv.inputShape) === JSON.stringify([null, 32, 32, 3]), 'conv.inputShape is [null, 32, 32, 3] after one call');
  conv.apply(imageB);
  check(JSON.stringify(conv.getInputShapeAt(0)) === JSON.stringify([null, 32, 32, 3]), 'conv.getInputShapeAt(0) is [null, 32, 32, 3]');
  check(JSON.stringify(conv.getInputShapeAt(1)) === JSON.stringify([null, 64, 64, 3]), 'conv.getInputShapeAt(1) is [null, 64, 64, 3]');
});
