// Benchmarks keras-ts against tfjs-layers (and PyTorch when python3 has torch) in one run.
//   pnpm bench [--backends cpu,wasm,native] [--steps N] [--torch-steps N] [--load N]
//   pnpm bench --vs keras3 [--rounds 3] [--scaling] [--jit auto|true|false] [--json PATH]  (src/keras3/)
// Each row trains seed 004's MLP (784-512-512-10, batch 128, RMSprop) for N timed steps after a
// warm-up and reports seconds per 469-step MNIST epoch; ratios compare rows on the same backend.
// On 'native' and 'cuda' a 'keras-ts fit MLP' row also times one whole `fit` epoch.
// `--load N` runs N busy processes (one core each) for the whole run: the machine under load from
// other programs, where threads that expect every core wait on each other.
import { spawn, spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs-core';
import { setBackend } from '@keras-ts/core';
import { loadMnist } from './mnist.js';
import { kerasTsConv, kerasTsLstm } from './extra-models.js';
import { kerasTsMlp, kerasTsMlpFitEpoch, tfjsLayersMlp } from './mlp.js';
import { type Timing, timeSteps } from './timing.js';
import { asksForVs, runVsKeras3 } from './keras3/compare.js';

// `pnpm bench --vs keras3 …`: the side-by-side mode against real Keras 3 (src/keras3/compare.ts).
if (asksForVs(process.argv.slice(2))) {
  await runVsKeras3(process.argv.slice(2));
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    backends: { type: 'string', default: 'cpu,wasmstock,wasm,native' },
    steps: { type: 'string', default: '20' },
    'torch-steps': { type: 'string', default: '100' },
    'cpu-steps': { type: 'string', default: '5' },
    models: { type: 'string', default: 'mlp,lstm,conv' },
    load: { type: 'string', default: '0' },
  },
});
const load = Number(values.load);
if (!Number.isInteger(load) || load < 0) throw new Error(`--load: expected a whole number of busy processes, got '${values.load}'.`);
const loadProcesses = Array.from({ length: load }, () => {
  const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  busy.unref();
  return busy;
});
process.on('exit', () => {
  for (const busy of loadProcesses) busy.kill('SIGKILL');
});
if (load > 0) console.log(`under load: ${load} busy process${load === 1 ? '' : 'es'} for the whole run`);
tf.env().set('PROD', true);
const STEPS_PER_EPOCH = 469;
const backends = values.backends!.split(',').filter(Boolean);
const results: Timing[] = [];

// 'wasmstock': tfjs-backend-wasm exactly as published (issue 8's baseline), registered under its
// own name before @keras-ts/backend-wasm replaces kernels on 'wasm'.
if (backends.includes('wasmstock')) {
  await import('@tensorflow/tfjs-backend-wasm');
  const stockFactory = tf.findBackendFactory('wasm');
  if (stockFactory !== null) {
    tf.copyRegisteredKernels('wasm', 'wasmstock');
    tf.registerBackend('wasmstock', stockFactory, 0);
  }
}

const loaders: Record<string, () => Promise<unknown>> = {
  wasm: () => import('@keras-ts/backend-wasm'),
  native: () => import('@keras-ts/backend-native'),
  cuda: () => import('@keras-ts/backend-cuda'),
};

for (const backend of backends) {
  try {
    await loaders[backend]?.();
    await setBackend(backend);
  } catch (error) {
    console.log(`skipping backend '${backend}': ${(error as Error).message}`);
    continue;
  }
  // The JS cpu backend needs minutes per epoch: time fewer steps there.
  const steps = Number(backend === 'cpu' || backend === 'wasmstock' ? values['cpu-steps'] : values.steps);
  const { x, y } = await loadMnist();
  const models = values.models!.split(',');
  const contenders = !models.includes('mlp')
    ? []
    : backend === 'native' || backend === 'cuda'
      ? ([['keras-ts', kerasTsMlp]] as const)
      : backend === 'wasmstock'
        ? ([['tfjs-layers', tfjsLayersMlp]] as const)
        : ([
            ['keras-ts', kerasTsMlp],
            ['tfjs-layers', tfjsLayersMlp],
          ] as const);
  for (const [label, make] of contenders) {
    const run = make(x, y);
    const perStep = await timeSteps(run.step, steps);
    run.dispose();
    const timing = { label: `${label} MLP`, backend, secondsPerEpoch: perStep * STEPS_PER_EPOCH, stepsTimed: steps, stepsPerEpoch: STEPS_PER_EPOCH };
    results.push(timing);
    console.log(`${timing.label.padEnd(18)} ${backend.padEnd(7)} ${timing.secondsPerEpoch.toFixed(2).padStart(8)} s/epoch  (${steps} steps timed)`);
  }
  // Where an epoch takes seconds, also time a whole `fit` epoch (shuffling, batching, metrics):
  // the figure a Keras user sees.
  if (models.includes('mlp') && (backend === 'native' || backend === 'cuda')) {
    const seconds = await kerasTsMlpFitEpoch(x, y);
    const timing = { label: 'keras-ts fit MLP', backend, secondsPerEpoch: seconds, stepsTimed: STEPS_PER_EPOCH, stepsPerEpoch: STEPS_PER_EPOCH };
    results.push(timing);
    console.log(`${timing.label.padEnd(18)} ${backend.padEnd(7)} ${seconds.toFixed(2).padStart(8)} s/epoch  (one whole fit epoch)`);
  }
  // keras-ts alone: tfjs-layers cannot train these on stock tfjs-backend-wasm.
  const extras = [
    ['keras-ts LSTM', 'lstm', () => kerasTsLstm()],
    ['keras-ts Conv', 'conv', () => kerasTsConv(x, y)],
  ] as const;
  for (const [label, key, make] of extras) {
    if (!models.includes(key) || backend === 'cpu' || backend === 'wasmstock') continue;
    const run = make();
    const perStep = await timeSteps(run.step, steps);
    run.dispose();
    const timing = { label, backend, secondsPerEpoch: perStep * run.stepsPerEpoch, stepsTimed: steps, stepsPerEpoch: run.stepsPerEpoch };
    results.push(timing);
    console.log(
      `${label.padEnd(18)} ${backend.padEnd(7)} ${timing.secondsPerEpoch.toFixed(2).padStart(8)} s/epoch  (${steps} steps timed, ${run.stepsPerEpoch} per epoch)`,
    );
  }
  tf.dispose([x, y]);
}

function findTorchPython(): string | undefined {
  for (const candidate of [process.env.KERAS_TS_PYTHON, 'python3', '/usr/bin/python3'].filter(Boolean) as string[]) {
    const probe = spawnSync(candidate, ['-c', 'import torch'], { stdio: 'ignore' });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}
const python = findTorchPython();
if (python !== undefined) {
  const script = new URL('./pytorch_mlp.py', import.meta.url).pathname;
  const out = spawnSync(python, [script, values['torch-steps']!, '1'], { encoding: 'utf8' });
  const line = out.stdout.trim().split('\n').pop();
  if (out.status === 0 && line) {
    const timing = JSON.parse(line) as Timing;
    results.push(timing);
    console.log(`${timing.label.padEnd(18)} torch   ${timing.secondsPerEpoch.toFixed(2).padStart(8)} s/epoch  (${timing.backend})`);
  } else console.log(`PyTorch run failed: ${out.stderr}`);
} else {
  console.log('PyTorch: no python3 with torch found (set KERAS_TS_PYTHON, or apt-get install python3-torch); skipped.');
}

console.log('\n| run | backend | s / epoch | ratio |');
console.log('| --- | --- | --- | --- |');
const torch = results.find((r) => r.label.startsWith('PyTorch'));
for (const r of results) {
  const model = r.label.split(' ').pop();
  const peer = results.find((other) => other.backend === r.backend && other.label === `tfjs-layers ${model}`);
  const ratios: string[] = [];
  if (peer && peer !== r && r.label.startsWith('keras-ts')) ratios.push(`${(peer.secondsPerEpoch / r.secondsPerEpoch).toFixed(1)}× faster than tfjs-layers`);
  const stock = results.find((other) => other.backend === 'wasmstock');
  if (stock && r.backend === 'wasm' && r.label === 'keras-ts MLP')
    ratios.push(`${(stock.secondsPerEpoch / r.secondsPerEpoch).toFixed(1)}× faster than tfjs-layers on stock tfjs-backend-wasm`);
  if (torch && r !== torch && model === 'MLP') ratios.push(`${(r.secondsPerEpoch / torch.secondsPerEpoch).toFixed(2)}× PyTorch's time`);
  console.log(`| ${r.label} | ${r.backend} | ${r.secondsPerEpoch.toFixed(2)} | ${ratios.join('; ') || '—'} |`);
}
