// Where the time of one keras-ts training step goes on 'native': wraps every kernel registered
// for the backend with a timer, runs trainOnBatch on seed 004's MLP (784-512-512-10,
// relu/relu/softmax, categorical crossentropy, RMSprop, batch 128) and prints, per kernel,
// calls and milliseconds per step, then the kernel total against the whole step (the rest is
// tfjs engine, autodiff tape and keras-ts bookkeeping).
// Run: npx tsx --conditions=source bench/profile-step.ts [--steps=N] [--no-kernels] [--trace]
//   --no-kernels  times the step without the per-kernel wrappers
//   --trace       also lists one step's kernels in order, with input shapes
import * as tf from '@tensorflow/tfjs-core';
import { Sequential, setBackend } from '@keras-ts/core';
import { Dense } from '@keras-ts/layers';
import { blasInfo, getNativeThreads } from '../src/index.js';

const stepsFlag = process.argv.find((arg) => arg.startsWith('--steps='));
const steps = stepsFlag === undefined ? 30 : Number(stepsFlag.slice('--steps='.length));
const wrapKernels = !process.argv.includes('--no-kernels');
const traceStep = process.argv.includes('--trace');
tf.env().set('PROD', true);
await setBackend('native');
console.log(`OpenBLAS kernels ${blasInfo().core}, ${getNativeThreads()} thread(s)`);

const totals = new Map<string, { calls: number; ms: number }>();
const trace: string[] = [];
let recording = false;
if (wrapKernels) {
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
        if (traceStep) {
          const shapes = Object.values(args.inputs).map((info) => `[${(info as tf.TensorInfo | undefined)?.shape ?? ''}]`);
          trace.push(`${config.kernelName}(${shapes.join(', ')})`);
        }
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
const batches = 8;
const x = tf.randomUniform([128 * batches, 784]);
const y = tf.tidy(() => tf.cast(tf.oneHot(tf.randomUniform([128 * batches], 0, 10, 'int32') as tf.Tensor1D, 10), 'float32'));
async function step(index: number): Promise<void> {
  const start = (index % batches) * 128;
  const xb = tf.slice(x, [start, 0], [128, 784]);
  const yb = tf.slice(y, [start, 0], [128, 10]);
  await model.trainOnBatch(xb, yb);
  tf.dispose([xb, yb]);
}

for (let i = 0; i < 5; i++) await step(i);
const tensorsBefore = tf.memory().numTensors;
recording = true;
const start = performance.now();
const cpuStart = process.cpuUsage();
for (let i = 0; i < steps; i++) await step(i);
const stepMs = (performance.now() - start) / steps;
const cpu = process.cpuUsage(cpuStart);
// Process CPU time per step: less sensitive than wall time to other processes on the machine
// (with one OpenBLAS thread it is the step's work; spinning BLAS threads inflate it).
const cpuMs = (cpu.user + cpu.system) / 1000 / steps;
recording = false;

if (traceStep) console.log(trace.slice(0, trace.length / steps).join('\n'));
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
for (const [name, entry] of rows)
  console.log(`${name.padEnd(22)} ${(entry.calls / steps).toFixed(1).padStart(6)} calls  ${(entry.ms / steps).toFixed(3).padStart(8)} ms/step`);
const kernelMs = rows.reduce((sum, [, entry]) => sum + entry.ms, 0) / steps;
const kernelCalls = rows.reduce((sum, [, entry]) => sum + entry.calls, 0) / steps;
console.log(
  `kernels/step ${kernelCalls}; kernel time ${kernelMs.toFixed(2)} ms; step ${stepMs.toFixed(2)} ms (process CPU ${cpuMs.toFixed(2)} ms); outside kernels ${(stepMs - kernelMs).toFixed(2)} ms; tensors leaked ${tf.memory().numTensors - tensorsBefore}`,
);
tf.dispose([x, y]);
model.dispose();
