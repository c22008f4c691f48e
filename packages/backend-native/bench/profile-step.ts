// Where the time of one keras-ts training step goes on 'native': wraps every registered
// kernel with a timer, runs trainOnBatch on seed 004's MLP, and prints per-kernel totals
// (calls, ms per step) plus the share of the step spent outside kernels (engine / JS).
// Run from apps/bench's resolution context:
//   node --conditions=source --import tsx/esm ../../packages/backend-native/bench/profile-step.ts [--steps=N]
import * as tf from '@tensorflow/tfjs-core';
import { Sequential, setBackend } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import '../src/index.js';

const stepsFlag = process.argv.find((arg) => arg.startsWith('--steps='));
const steps = stepsFlag === undefined ? 30 : Number(stepsFlag.slice('--steps='.length));
const profileKernels = !process.argv.includes('--no-kernels');
tf.env().set('PROD', true);
await setBackend('native');

const totals = new Map<string, { calls: number; ms: number }>();
let recording = false;
if (profileKernels) {
  for (const config of tf.getKernelsForBackend('native')) {
    const inner = config.kernelFunc;
    tf.unregisterKernel(config.kernelName, 'native');
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        if (!recording) return inner(args);
        const start = performance.now();
        const out = inner(args);
        const entry = totals.get(config.kernelName) ?? { calls: 0, ms: 0 };
        entry.calls++;
        entry.ms += performance.now() - start;
        totals.set(config.kernelName, entry);
        return out;
      },
    });
  }
}

const model = new Sequential([
  new Dense({ units: 512, activation: 'relu', inputShape: [784] }),
  new Dense({ units: 512, activation: 'relu' }),
  new Dense({ units: 10, activation: 'softmax' }),
]);
model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
const x = tf.randomUniform([128 * 8, 784]);
const y = tf.cast(tf.oneHot(tf.randomUniform([128 * 8], 0, 10, 'int32') as tf.Tensor1D, 10), 'float32');
const batch = (i: number) => [tf.slice(x, [(i % 8) * 128, 0], [128, 784]), tf.slice(y, [(i % 8) * 128, 0], [128, 10])] as const;
for (let i = 0; i < 3; i++) {
  const [xb, yb] = batch(i);
  await model.trainOnBatch(xb, yb);
  tf.dispose([xb, yb]);
}
const before = tf.memory().numTensors;
recording = true;
const start = performance.now();
for (let i = 0; i < steps; i++) {
  const [xb, yb] = batch(i);
  await model.trainOnBatch(xb, yb);
  tf.dispose([xb, yb]);
}
const stepMs = (performance.now() - start) / steps;
recording = false;
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
const kernelMs = rows.reduce((sum, [, entry]) => sum + entry.ms, 0) / steps;
for (const [name, entry] of rows)
  console.log(`${name.padEnd(22)} ${(entry.calls / steps).toFixed(1).padStart(6)} calls  ${(entry.ms / steps).toFixed(3).padStart(8)} ms/step`);
console.log(`kernels/step ${rows.reduce((s, [, e]) => s + e.calls, 0) / steps}; kernel time ${kernelMs.toFixed(2)} ms; step ${stepMs.toFixed(2)} ms; outside kernels ${(stepMs - kernelMs).toFixed(2)} ms; tensors leaked ${tf.memory().numTensors - before}`);
