// Kernel benchmark for the 'native' backend: sgemm GFLOP/s at the seed-004 MLP's shapes
// (784-512-512-10, batch 128; forward and both backward products) against tfjs-backend-cpu,
// and the time of one MLP training step (forward, gradients, RMSprop) written with tfjs ops.
// Run: npx tsx bench/matmul.ts   (KERAS_TS_NATIVE_THREADS or --threads=N sets OpenBLAS threads)
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import * as tf from '@tensorflow/tfjs-core';
import { blasInfo, getNativeThreads, nativeStatus, setNativeThreads } from '../src/index.js';

if (!nativeStatus.available) {
  console.error(`The native backend is unavailable: ${nativeStatus.reason}`);
  process.exit(1);
}
const threadsFlag = process.argv.find((arg) => arg.startsWith('--threads='));
if (threadsFlag !== undefined) setNativeThreads(Number(threadsFlag.slice('--threads='.length)));

const batch = 128;
const products: Array<{ name: string; a: [number, number]; b: [number, number]; transposeA: boolean; transposeB: boolean }> = [
  { name: 'x·W1      [128,784]x[784,512]', a: [batch, 784], b: [784, 512], transposeA: false, transposeB: false },
  { name: 'h1·W2     [128,512]x[512,512]', a: [batch, 512], b: [512, 512], transposeA: false, transposeB: false },
  { name: 'h2·W3     [128,512]x[512,10]', a: [batch, 512], b: [512, 10], transposeA: false, transposeB: false },
  { name: 'dW1=xᵀ·dy [784,128]x[128,512]', a: [batch, 784], b: [batch, 512], transposeA: true, transposeB: false },
  { name: 'dx=dy·W2ᵀ [128,512]x[512,512]ᵀ', a: [batch, 512], b: [512, 512], transposeA: false, transposeB: true },
];

function seconds(run: () => void, minimumSeconds: number): number {
  run();
  let repetitions = 0;
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    run();
    repetitions++;
    elapsed = Number(process.hrtime.bigint() - start) / 1e9;
  } while (elapsed < minimumSeconds);
  return elapsed / repetitions;
}

function gemmRate(backend: string, product: (typeof products)[number]): number {
  tf.setBackend(backend);
  const a = tf.randomUniform(product.a);
  const b = tf.randomUniform(product.b);
  const m = product.transposeA ? product.a[1] : product.a[0];
  const k = product.transposeA ? product.a[0] : product.a[1];
  const n = product.transposeB ? product.b[0] : product.b[1];
  const time = seconds(() => tf.matMul(a, b, product.transposeA, product.transposeB).dispose(), backend === 'cpu' ? 1 : 0.5);
  tf.dispose([a, b]);
  return (2 * m * n * k) / time / 1e9;
}

function mlpStep(backend: string, minimumSeconds: number): number {
  tf.setBackend(backend);
  const shapes: Array<[number, number]> = [
    [784, 512],
    [512, 512],
    [512, 10],
  ];
  const weights = shapes.map(([i, o]) => tf.variable(tf.randomUniform([i, o], -0.05, 0.05)));
  const biases = shapes.map(([, o]) => tf.variable(tf.zeros([o])));
  const variables = [...weights, ...biases];
  const accumulators = variables.map((v) => tf.variable(tf.zerosLike(v), false));
  const x = tf.randomUniform([batch, 784]);
  const y = tf.oneHot(tf.randomUniform([batch], 0, 10, 'int32'), 10);
  const step = () =>
    tf.tidy(() => {
      const { grads } = tf.variableGrads(() => {
        let h: tf.Tensor = x;
        weights.forEach((w, index) => {
          h = tf.add(tf.matMul(h, w), biases[index] as tf.Variable);
          if (index < 2) h = tf.relu(h);
        });
        return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(h)), -1)));
      }, variables);
      variables.forEach((v, index) => {
        const grad = grads[v.name] as tf.Tensor;
        const accumulator = accumulators[index] as tf.Variable;
        accumulator.assign(tf.add(tf.mul(accumulator, 0.9), tf.mul(tf.square(grad), 0.1)));
        v.assign(tf.sub(v, tf.div(tf.mul(grad, 0.001), tf.add(tf.sqrt(accumulator), 1e-7))));
      });
    });
  const time = seconds(step, minimumSeconds);
  tf.dispose([...variables, ...accumulators, x, y]);
  return time;
}

console.log(`OpenBLAS: ${blasInfo().config} (kernel set ${blasInfo().core}); native threads: ${getNativeThreads()}`);
console.log('sgemm GFLOP/s            native    cpu   speed-up');
for (const product of products) {
  const native = gemmRate('native', product);
  const cpu = gemmRate('cpu', product);
  console.log(`${product.name.padEnd(32)} ${native.toFixed(1).padStart(7)} ${cpu.toFixed(2).padStart(6)} ${(native / cpu).toFixed(0).padStart(6)}x`);
}
const nativeStep = mlpStep('native', 2);
const cpuStep = mlpStep('cpu', 3);
console.log(
  `MLP training step (batch ${batch}): native ${(nativeStep * 1000).toFixed(1)} ms, cpu ${(cpuStep * 1000).toFixed(0)} ms (${(cpuStep / nativeStep).toFixed(0)}x)`,
);
console.log(`≈ one MNIST epoch (469 steps): native ${(nativeStep * 469).toFixed(1)} s, cpu ${(cpuStep * 469).toFixed(0)} s`);
