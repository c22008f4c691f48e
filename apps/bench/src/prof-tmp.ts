import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@keras-ts/core';
import '@keras-ts/backend-native';
import { loadMnist } from './mnist.js';
import { kerasTsMlp } from './mlp.js';
tf.env().set('PROD', true);
await setBackend('native');
const totals = new Map<string, { calls: number; ms: number }>();
let recording = false;
for (const config of tf.getKernelsForBackend('native')) {
  const inner = config.kernelFunc;
  tf.unregisterKernel(config.kernelName, 'native');
  tf.registerKernel({ ...config, kernelFunc: (args) => {
    if (!recording) return inner(args);
    const start = performance.now(); const out = inner(args);
    const e = totals.get(config.kernelName) ?? { calls: 0, ms: 0 }; e.calls++; e.ms += performance.now() - start; totals.set(config.kernelName, e); return out; } });
}
const { x, y } = await loadMnist();
const run = kerasTsMlp(x, y);
for (let i = 0; i < 30; i++) await run.step(i);
recording = true;
const steps = 300; const t = performance.now();
for (let i = 0; i < steps; i++) await run.step(30 + i);
const stepMs = (performance.now() - t) / steps;
const rows = [...totals.entries()].sort((a, b) => b[1].ms - a[1].ms);
for (const [n, e] of rows.slice(0, 12)) console.log(n.padEnd(34), (e.calls / steps).toFixed(1), (e.ms / steps).toFixed(3));
const k = rows.reduce((s, [, e]) => s + e.ms, 0) / steps;
console.log('step', stepMs.toFixed(2), 'kernels', k.toFixed(2), 'outside', (stepMs - k).toFixed(2));
