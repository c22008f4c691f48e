// BatchNormalization({ synchronized: true }) under DataParallel normalizes with the global batch's
// statistics, so 2 ranks train exactly what one process trains on the same global batches.
// Writes `<out>.rank<r>.json`; `--single` is the one-process reference (reseeded as fit reseeds).
import '@tensorflow/tfjs-backend-cpu';
import { writeFileSync } from 'node:fs';
import { drawSeed, Sequential, setBackend, setRandomSeed } from '@keras-ts/core';
import { BatchNormalization, Dense } from '@keras-ts/layers';
import { SGD } from '@keras-ts/optimizers';
import * as tf from '@tensorflow/tfjs-core';
import { DataParallel, finalize, getRank, initialize, setDistribution } from '../../src/index.js';

const [output = 'out', ...flags] = process.argv.slice(2);
const single = flags.includes('--single');
const jitFlag = flags.find((flag) => flag.startsWith('--jit-compile='))?.slice('--jit-compile='.length);
const jitCompile = jitFlag === undefined || jitFlag === 'auto' ? 'auto' : jitFlag === 'true';
await setBackend('cpu');
await initialize({ collectives: single ? 'none' : 'auto', timeout: 60 });
setDistribution(new DataParallel());
const rank = getRank();

setRandomSeed(11);
const x = tf.randomUniform([128, 6], -2, 3, 'float32', 9);
const y = tf.oneHot(tf.argMax(tf.slice(x, [0, 0], [128, 3]), 1), 3);
const model = new Sequential([
  new Dense({ units: 16, inputShape: [6] }),
  new BatchNormalization({ synchronized: true, momentum: 0.9 }),
  new Dense({ units: 3, activation: 'softmax' }),
]);
model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile });
if (single) setRandomSeed(drawSeed() % 2 ** 24);
const history = await model.fit(x, y, { batchSize: 32, epochs: 10, verbose: 0, shuffle: true });
writeFileSync(
  `${output}.rank${rank}.json`,
  JSON.stringify({
    rank,
    loss: history.history.loss,
    weights: model.getWeights().map((w) => Array.from(w.dataSync())),
    plans: model.compiledStepPlans().map((plan) => plan.signature),
  }),
);
await finalize();
