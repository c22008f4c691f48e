// GPU check for machines with an NVIDIA GPU: runs every kernel case on 'cuda' and 'cpu' and
// compares, reports fallbacks and allocator counters, and times a 784-512-512-10 MLP train step.
// Bundle and run (from packages/backend-cuda, after `pnpm build`):
//   node scripts/bundle-gpu-check.mjs && node build/gpu/gpu-check.mjs
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { fallbackCounts, setFallbackLogger } from '@keras-ts/backend-kit';
import { type CudaBackend, cudaStatus } from '../src/index.js';
import { compareResults, gpuCases, makeInputs, runCase, zeroReference } from '../test/gpu-cases.js';

async function main(): Promise<void> {
  const status = cudaStatus();
  console.log(`cudaStatus: ${JSON.stringify(status, null, 2)}`);
  if (!status.available) process.exit(2);
  setFallbackLogger(() => {});
  let failures = 0;
  for (const [index, gpuCase] of gpuCases.entries()) {
    const values = makeInputs(gpuCase.inputs, 1000 + index);
    try {
      const actual = await runCase('cuda', gpuCase, values);
      const expected = gpuCase.reference === 'zero' ? zeroReference(actual) : await runCase('cpu', gpuCase, values);
      const problems = compareResults(actual, expected, gpuCase.tolerance ?? 1e-4);
      if (problems.length > 0) failures++;
      console.log(`${problems.length === 0 ? 'PASS' : 'FAIL'} ${gpuCase.name}${problems.length ? `\n    ${problems.join('\n    ')}` : ''}`);
    } catch (error) {
      failures++;
      console.log(`FAIL ${gpuCase.name}: ${(error as Error).stack}`);
    }
  }
  console.log(`cases: ${gpuCases.length - failures} passed, ${failures} failed`);
  console.log(`fallbacks during the cases: ${JSON.stringify(fallbackCounts('cuda'))}`);

  await tf.setBackend('cuda');
  const backend = tf.backend() as CudaBackend;
  const sizes = [784, 512, 512, 10];
  const weights = sizes.slice(1).map((units, k) => tf.variable(tf.mul(tf.randomNormal([sizes[k] as number, units]), 0.05)));
  const biases = sizes.slice(1).map((units) => tf.variable(tf.zeros([units])));
  const x = tf.randomUniform([128, 784]);
  const y = tf.oneHot(tf.randomUniform([128], 0, 10, 'int32'), 10);
  const optimizer = tf.train.sgd(0.01);
  const step = () =>
    optimizer.minimize(() => {
      let h: tf.Tensor = x;
      weights.forEach((w, k) => {
        h = tf.add(tf.matMul(h, w), biases[k] as tf.Tensor);
        if (k < weights.length - 1) h = tf.relu(h);
      });
      return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar;
    }, true);
  for (let i = 0; i < 5; i++) tf.dispose(step() ?? []);
  const before = tf.memory().numTensors;
  const fallbacksBefore = JSON.stringify(fallbackCounts('cuda'));
  const steps = 469;
  const started = performance.now();
  let loss = 0;
  for (let i = 0; i < steps; i++) {
    const value = step();
    if (i === steps - 1) loss = (value?.dataSync()[0] as number) ?? Number.NaN;
    tf.dispose(value ?? []);
  }
  backend.addon.synchronize();
  const seconds = (performance.now() - started) / 1000;
  console.log(`MLP 784-512-512-10, batch 128: ${steps} steps (one MNIST epoch) in ${seconds.toFixed(2)} s on cuda (last loss ${loss.toFixed(4)})`);
  console.log(
    `tensors leaked by ${steps} steps: ${tf.memory().numTensors - before}; fallbacks in the hot path: ${fallbacksBefore === JSON.stringify(fallbackCounts('cuda')) ? 'none' : JSON.stringify(fallbackCounts('cuda'))}`,
  );
  console.log(`allocator: ${JSON.stringify(backend.memory().allocator)}`);

  const a = tf.randomNormal([4096, 4096]);
  const b = tf.randomNormal([4096, 4096]);
  tf.dispose(tf.matMul(a, b));
  backend.addon.synchronize();
  const matmulStarted = performance.now();
  for (let i = 0; i < 10; i++) tf.dispose(tf.matMul(a, b));
  backend.addon.synchronize();
  const matmulSeconds = (performance.now() - matmulStarted) / 1000;
  console.log(`matMul 4096x4096x4096 fp32: ${((10 * 2 * 4096 ** 3) / matmulSeconds / 1e12).toFixed(1)} TFLOP/s`);
  tf.dispose([a, b, x, y, ...weights, ...biases]);
  process.exit(failures === 0 ? 0 : 1);
}

void main();
