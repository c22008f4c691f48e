// keras-ts on 'native' against PyTorch (one thread) on seed 004's MLP, timed in alternating
// chunks of steps so that load from other processes hits both sides alike; prints the median
// seconds per 469-step epoch of each and the median of the per-round ratios.
// Run: pnpm paired [--rounds=15] [--chunk=20] [--gap-ms=200] [--blas-threads=N]
//   --gap-ms        idle time after each chunk (default 200): OpenBLAS worker threads spin for
//                   about 0.1 s after their last product, and must not steal the other side's core
//   --blas-threads  the OpenBLAS thread count of both sides (default: keras-ts's default, and
//                   whatever PyTorch's OpenBLAS picks: torch.set_num_threads(1) does not limit it)
// Needs python3 with torch (KERAS_TS_PYTHON names another interpreter).
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@keras-ts/core';
import { blasInfo, getNativeThreads, setNativeThreads } from '@keras-ts/backend-native';
import { compiledKerasTsMlp } from './mlp.js';

const flag = (name: string, fallback: number) => Number(process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const rounds = flag('rounds', 15);
const chunk = flag('chunk', 20);
const blasThreads = flag('blas-threads', 0);
const gapMs = flag('gap-ms', 200);
const pause = () => new Promise((resolve) => setTimeout(resolve, gapMs));
const STEPS_PER_EPOCH = 469;
tf.env().set('PROD', true);
await setBackend('native');
if (blasThreads > 0) setNativeThreads(blasThreads);

const worker = spawn(process.env.KERAS_TS_PYTHON ?? 'python3', [new URL('./torch_worker.py', import.meta.url).pathname], {
  stdio: ['pipe', 'pipe', 'inherit'],
  env: blasThreads > 0 ? { ...process.env, OPENBLAS_NUM_THREADS: String(blasThreads) } : process.env,
});
const lines = createInterface({ input: worker.stdout! })[Symbol.asyncIterator]();
const nextLine = async () => {
  const { value, done } = await lines.next();
  if (done) throw new Error('the PyTorch worker exited; is torch installed for python3?');
  return value as string;
};
const torchBlasThreads = (await nextLine()).split(' ')[1] ?? '?';

const model = compiledKerasTsMlp();
const x = tf.randomUniform([60000, 784]);
const y = tf.tidy(() => tf.cast(tf.oneHot(tf.randomUniform([60000], 0, 10, 'int32') as tf.Tensor1D, 10), 'float32'));
let index = 0;
async function kerasSteps(steps: number): Promise<number> {
  const began = performance.now();
  for (let i = 0; i < steps; i++, index++) {
    const start = (index * 128) % (60000 - 128);
    const xb = tf.slice(x, [start, 0], [128, 784]);
    const yb = tf.slice(y, [start, 0], [128, 10]);
    await model.trainOnBatch(xb, yb);
    tf.dispose([xb, yb]);
  }
  return (performance.now() - began) / 1000;
}
async function torchSteps(steps: number): Promise<number> {
  worker.stdin!.write(`${steps}\n`);
  return Number(await nextLine());
}

await kerasSteps(5);
const keras: number[] = [];
const torch: number[] = [];
for (let round = 0; round < rounds; round++) {
  keras.push(((await kerasSteps(chunk)) / chunk) * STEPS_PER_EPOCH);
  await pause();
  torch.push(((await torchSteps(chunk)) / chunk) * STEPS_PER_EPOCH);
  await pause();
}
worker.stdin!.end();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;
const ratios = keras.map((k, i) => k / (torch[i] ?? Number.NaN));
console.log(`OpenBLAS ${blasInfo().core}, ${getNativeThreads()} thread(s); ${rounds} rounds of ${chunk} steps each`);
console.log(`keras-ts native  ${median(keras).toFixed(2)} s/epoch (median; rounds ${Math.min(...keras).toFixed(2)}–${Math.max(...keras).toFixed(2)})`);
console.log(
  `PyTorch (torch.set_num_threads(1), OpenBLAS ${torchBlasThreads} thread(s)) ${median(torch).toFixed(2)} s/epoch (median; rounds ${Math.min(...torch).toFixed(2)}–${Math.max(...torch).toFixed(2)})`,
);
console.log(`ratio keras-ts / PyTorch: median of rounds ${median(ratios).toFixed(2)}×`);
tf.dispose([x, y]);
model.dispose();
