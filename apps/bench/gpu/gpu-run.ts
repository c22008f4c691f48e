// GPU run (no node_modules needed on the GPU machine): bundled by gpu/bundle.mjs into one file.
//  1. the shared conformance cases (tooling/conformance) on 'cuda' against 'cpu' (all of them,
//     or those whose names match the regular expression in KERAS_TS_CASES);
//  2. seed 004's MLP (784-512-512-10, RMSprop, batch 128) trained with keras-ts on 'cuda',
//     timed over a full 469-step epoch of MNIST-shaped random data.
// PyTorch on the same GPU runs next to it from gpu/pytorch_gpu.py.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { totalFallbacks, fallbackCounts, setFallbackLogger } from '@keras-ts/backend-kit';
import { cudaStatus } from '@keras-ts/backend-cuda';
import { Sequential, setBackend } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { RMSprop } from '@keras-ts/optimizers';
import { conformanceCases } from '../../../tooling/conformance/src/cases/all-cases.js';
import { checkCase } from '../../../tooling/conformance/src/check/check-case.js';
import { fitCases, trainFitCase } from '../../../tooling/conformance/src/fit/fit-cases.js';

tf.env().set('PROD', true);
const status = cudaStatus();
console.log(`cudaStatus: ${JSON.stringify(status)}`);
if (!status.available) process.exit(2);
setFallbackLogger(() => undefined);

// KERAS_TS_CASES=<regular expression> runs only the conformance cases whose names match it.
const caseFilter = process.env.KERAS_TS_CASES === undefined ? undefined : new RegExp(process.env.KERAS_TS_CASES);
const selectedCases = conformanceCases.filter((conformanceCase) => caseFilter === undefined || caseFilter.test(conformanceCase.name));
let passed = 0;
const failures: string[] = [];
for (const conformanceCase of selectedCases) {
  try {
    await checkCase('cuda', conformanceCase);
    passed++;
  } catch (error) {
    failures.push(`${conformanceCase.name}: ${(error as Error).message.split('\n')[0]}`);
  }
}
for (const failure of failures) console.log(`FAIL ${failure}`);
console.log(`conformance on cuda: ${passed} passed, ${failures.length} failed`);
console.log(`fallbacks during conformance: ${JSON.stringify(fallbackCounts('cuda'))}`);

// The suite's short fit runs: same weights and data on cpu and cuda; epoch losses must agree (relative 1e-3).
let fitPassed = 0;
for (const fitCase of fitCases) {
  await setBackend('cpu');
  const reference = await trainFitCase(fitCase, undefined);
  await setBackend('cuda');
  const actual = await trainFitCase(fitCase, reference.weights);
  const worst = Math.max(...reference.losses.map((expected, epoch) => Math.abs(actual.losses[epoch]! - expected) / Math.max(1, Math.abs(expected))));
  if (worst <= 1e-3) fitPassed++;
  else
    console.log(
      `FAIL ${fitCase.name}: relative loss difference ${worst.toExponential(2)} (cpu ${reference.losses.join(', ')}; cuda ${actual.losses.join(', ')})`,
    );
}
console.log(`fit runs on cuda: ${fitPassed} passed, ${fitCases.length - fitPassed} failed`);

await setBackend('cuda');
const model = new Sequential([
  new Dense({ units: 512, activation: 'relu', inputShape: [784] }),
  new Dense({ units: 512, activation: 'relu' }),
  new Dense({ units: 10, activation: 'softmax' }),
]);
model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const x = tf.randomUniform([60000, 784]);
const y = tf.oneHot(tf.randomUniform([60000], 0, 10, 'int32'), 10);
await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0, stepsPerEpoch: 5 });
const fallbacksBefore = totalFallbacks('cuda');
const before = tf.memory().numTensors;
const started = performance.now();
const history = await model.fit(x, y, { epochs: 1, batchSize: 128, verbose: 0 });
const seconds = (performance.now() - started) / 1000;
console.log(`keras-ts MLP on cuda: ${seconds.toFixed(3)} s/epoch (469 steps, fit with shuffling and metrics); loss ${history.history.loss![0]!.toFixed(4)}`);
console.log(`fallbacks during the epoch: ${totalFallbacks('cuda') - fallbacksBefore}; tensors leaked: ${tf.memory().numTensors - before}`);
