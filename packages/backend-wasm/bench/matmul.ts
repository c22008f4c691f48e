/**
 * Kernel benchmark: GFLOP/s of matMul for every transpose combination at the shapes of the
 * seed-004 MLP (784-512-512-10, batch 128), stock tfjs-backend-wasm against @keras-ts/backend-wasm
 * (one thread and the default thread count). Each variant runs in its own process, since both
 * register 'wasm'. Run: `npx tsx bench/matmul.ts` from packages/backend-wasm.
 */
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';

const shapes: [string, number, number, number][] = [
  ['forward  x·W1     128×784·784×512', 128, 784, 512],
  ['backward dW1=xᵀ·dy 784×128·128×512', 784, 128, 512],
  ['backward dx=dy·W2ᵀ 128×512·512×784', 128, 512, 784],
  ['layer 2  h·W2     128×512·512×512', 128, 512, 512],
];
const combinations: [boolean, boolean][] = [
  [false, false],
  [true, false],
  [false, true],
  [true, true],
];
const iterations = Number(process.env.BENCH_ITERATIONS ?? 30);

/** Median seconds of one matMul, with operands rebuilt before every call as in training. */
function timeMatMul(m: number, k: number, n: number, transposeA: boolean, transposeB: boolean, run?: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): number {
  const aSource = tf.randomNormal(transposeA ? [k, m] : [m, k]);
  const bSource = tf.randomNormal(transposeB ? [n, k] : [k, n]);
  const multiply = run ?? ((a: tf.Tensor, b: tf.Tensor) => tf.matMul(a, b, transposeA, transposeB));
  const times: number[] = [];
  for (let i = 0; i < iterations + 3; i++) {
    // Fresh tensors each call: weights change every training step, so no cached packing helps.
    const a = tf.add(aSource, 0);
    const b = tf.add(bSource, 0);
    const start = performance.now();
    const product = multiply(a, b);
    product.dataSync();
    const elapsed = performance.now() - start;
    if (i >= 3) times.push(elapsed);
    tf.dispose([a, b, product]);
  }
  tf.dispose([aSource, bSource]);
  times.sort((x, y) => x - y);
  return times[Math.floor(times.length / 2)]! / 1000;
}

async function measure(variant: string): Promise<void> {
  if (variant === 'stock') {
    await import('@tensorflow/tfjs-backend-wasm');
  } else {
    const wasm = await import('../src/index.js');
    wasm.setThreadsCount(variant === 'ours-1' ? 1 : Math.min(availableParallelism(), 8));
  }
  await tf.setBackend('wasm');
  const rows: Record<string, number> = {};
  for (const [label, m, k, n] of shapes) {
    for (const [transposeA, transposeB] of combinations) {
      const seconds = timeMatMul(m, k, n, transposeA, transposeB);
      rows[`${label} tA=${transposeA ? 1 : 0} tB=${transposeB ? 1 : 0}`] = (2 * m * k * n) / seconds / 1e9;
    }
  }
  if (variant === 'ours-1') {
    const { batchMatMulWithPlan } = await import('../src/kernels/BatchMatMul.js');
    const backend = tf.backend() as Parameters<typeof batchMatMulWithPlan>[0];
    for (const [label, m, k, n] of shapes) {
      for (const [transposeA, transposeB] of combinations.slice(1)) {
        for (const plan of ['direct', 'swapped'] as const) {
          const seconds = timeMatMul(m, k, n, transposeA, transposeB, (a, b) => {
            const info = batchMatMulWithPlan(backend, a, b, transposeA, transposeB, plan);
            return tf.engine().makeTensorFromTensorInfo(info);
          });
          rows[`plan ${plan.padEnd(7)} ${label} tA=${transposeA ? 1 : 0} tB=${transposeB ? 1 : 0}`] = (2 * m * k * n) / seconds / 1e9;
        }
      }
    }
  }
  process.stdout.write(JSON.stringify(rows));
}

function runVariant(variant: string): Record<string, number> {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), variant], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  const lastLine = child.stdout.trim().split('\n').at(-1) ?? '';
  if (child.status !== 0 || !lastLine.startsWith('{')) {
    throw new Error(`bench variant '${variant}' failed (exit ${child.status}): ${child.stderr.slice(-2000)}`);
  }
  return JSON.parse(lastLine) as Record<string, number>;
}

const variant = process.argv[2];
if (variant !== undefined) {
  await measure(variant);
} else {
  const threads = Math.min(availableParallelism(), 8);
  const stock = runVariant('stock');
  const oneThread = runVariant('ours-1');
  const threaded = runVariant('ours-n');
  const format = (value: number | undefined) => (value === undefined ? '' : value.toFixed(1)).padStart(8);
  console.log(`matMul GFLOP/s, median of ${iterations}, fresh operands per call (Node ${process.version})`);
  console.log(`${'shape / transposes'.padEnd(48)}${'stock'.padStart(8)}${'ours×1'.padStart(8)}${`ours×${threads}`.padStart(8)}`);
  for (const key of Object.keys(stock)) {
    console.log(`${key.padEnd(48)}${format(stock[key])}${format(oneThread[key])}${format(threaded[key])}`);
  }
  console.log('\nours×1, transposed cases by plan (the kernel picks the plan moving fewer elements):');
  for (const [key, value] of Object.entries(oneThread)) if (key.startsWith('plan')) console.log(`${key.padEnd(60)}${format(value)}`);
}
