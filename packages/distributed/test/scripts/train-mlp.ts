// Trains a small MLP (no dropout) and writes what the tests compare as JSON to argv[2]
// (`<path>.rank<r>.json`). With `--single` it is the one-process reference on the same global
// batches: it reseeds its generator from one draw right before fit, as fit does on every rank
// under DataParallel (rank 0 draws, every rank reseeds).
//   mpirun -np 2 node --conditions=source --import tsx test/scripts/train-mlp.ts out [--fault=kill|throw|hang]
//     [--jit-compile=true|false] (default 'auto') [--epochs=N] [--batch-size=B] [--backend=cpu|native]
import '@tensorflow/tfjs-backend-cpu';
import { writeFileSync } from 'node:fs';
import { CSVLogger, drawSeed, LambdaCallback, ProgbarLogger, Sequential, setBackend, setRandomSeed } from '@keras-ts/core';
import { mulberry32 } from '@keras-ts/core/internal';
import { Dense } from '@keras-ts/layers';
import { SGD } from '@keras-ts/optimizers';
import * as tf from '@tensorflow/tfjs-core';
import { DataParallel, finalize, getRank, initialize, setDistribution } from '../../src/index.js';

const [output = 'out', ...flags] = process.argv.slice(2);
const single = flags.includes('--single');
const fault = flags.find((flag) => flag.startsWith('--fault='))?.slice('--fault='.length);
const option = (name: string, fallback: number) => Number(flags.find((flag) => flag.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
const epochs = option('epochs', 30);
const batchSize = option('batch-size', 32);
const jitFlag = flags.find((flag) => flag.startsWith('--jit-compile='))?.slice('--jit-compile='.length);
const jitCompile = jitFlag === undefined || jitFlag === 'auto' ? 'auto' : jitFlag === 'true';

const backend = flags.find((flag) => flag.startsWith('--backend='))?.slice('--backend='.length) ?? 'cpu';
if (backend === 'native') await import('@keras-ts/backend-native');
await setBackend(backend);
await initialize({ collectives: single ? 'none' : 'auto', timeout: fault === 'hang' ? 3 : 60 });
setDistribution(new DataParallel({ bucketBytes: 4096 }));
const rank = getRank();

// 249 samples: batches of 32, and a last batch of 25 that two ranks split 12 / 13.
const random = mulberry32(7);
const samples = 249;
const features = Array.from({ length: samples * 20 }, () => random() * 2 - 1);
const labels = Array.from({ length: samples }, (_, i) => {
  const row = features.slice(i * 20, i * 20 + 20);
  return (row[0]! + row[1]! > 0 ? 1 : 0) + (row[2]! - row[3]! > 0 ? 2 : 0);
});
const x = tf.tensor2d(features, [samples, 20]);
const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 4);
const xValidation = tf.slice(x, [0], [61]);
const yValidation = tf.slice(y, [0], [61]);

setRandomSeed(1234);
const model = new Sequential([
  new Dense({ units: 32, activation: 'relu', inputShape: [20] }),
  new Dense({ units: 16, activation: 'tanh' }),
  new Dense({ units: 4, activation: 'softmax' }),
]);
model.compile({ optimizer: new SGD({ learningRate: 0.05, momentum: 0.9 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile });
// Ranks other than 0 start from other weights: fit must broadcast rank 0's.
if (rank !== 0) model.setWeights(model.getWeights().map((w) => tf.randomNormal(w.shape)));
if (single) setRandomSeed(drawSeed() % 2 ** 24);

// Chief-only callbacks: each rank points them at files of its own, so the test sees who wrote.
const progress: string[] = [];
const callbacks = [
  new CSVLogger(`${output}.rank${rank}.csv`),
  new ProgbarLogger({ printFn: (line) => progress.push(line) }),
  new LambdaCallback({
    onTrainBatchEnd: (batch) => {
      if (rank !== 1 || batch !== 3) return;
      if (fault === 'kill') process.kill(process.pid, 'SIGKILL');
      if (fault === 'throw') throw new Error('rank 1 failed on purpose');
      if (fault === 'hang') {
        const until = Date.now() + 30_000;
        while (Date.now() < until);
      }
    },
  }),
];
const history = await model.fit(x, y, { batchSize, epochs, verbose: 2, shuffle: true, validationData: [xValidation, yValidation], callbacks });
const evaluation = await model.evaluate(x, y, { batchSize: 50, verbose: 0 });
const predictions = model.predict(x, { batchSize: 64 }) as tf.Tensor;
const result = {
  rank,
  weights: model.getWeights().map((w) => Array.from(w.dataSync())),
  history: history.history,
  evaluation,
  predictions: Array.from(predictions.dataSync()),
  predictionShape: predictions.shape,
  leaked: 0,
  progressLines: progress.length,
  // Kernels per compiled plan: a plan that all-reduces replays KerasAllReduceSum.
  // On 'native', whether the backend recorded the plan into a step program, and how many runs it served.
  plans: model.compiledStepPlans().map(({ signature, stats }) => ({
    signature,
    allReduces: stats.replayedByName.KerasAllReduceSum ?? 0,
    program: stats.program,
    programRuns: stats.programRuns,
  })),
};
// The optimizer's state exists now: one more epoch, an evaluate and a predict must leave no tensor behind.
const tensorsBefore = tf.memory().numTensors;
await model.fit(x, y, { batchSize, epochs: 1, verbose: 0, validationData: [xValidation, yValidation] });
await model.evaluate(x, y, { batchSize: 50, verbose: 0 });
(model.predict(x, { batchSize: 64 }) as tf.Tensor).dispose();
result.leaked = tf.memory().numTensors - tensorsBefore;
writeFileSync(`${output}.rank${rank}.json`, JSON.stringify(result));
await finalize();
