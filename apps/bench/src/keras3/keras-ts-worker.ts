// The keras-ts process of `pnpm bench --vs keras3`: on one backend, for each workload of the
// request, a warm-up `fit` then one timed `fit` on the same shapes; prints one JSON line per
// workload (see WorkerLine). Run by compare.ts as
//   node --conditions=source --import tsx/esm keras-ts-worker.ts <native|native-detect|wasm|wasm-relaxed|cuda> '<WorkerRequest JSON>'
import v8 from 'node:v8';
import * as tf from '@tensorflow/tfjs-core';
import { type Model, setBackend, setRandomSeed } from '@keras-ts/core';
import { head, prepare } from './keras-ts-models.js';
import type { WorkerLine, WorkerRequest } from './workloads.js';

const print = (line: WorkerLine) => console.log(JSON.stringify(line));
const [side = 'native', requestJson = '{}'] = process.argv.slice(2);
// 'wasm-relaxed': 'wasm' where WebAssembly has relaxed SIMD, as in Chrome and Node ≥ 22 (the heap
// product then uses fused multiply-adds); Node 20 has it behind a V8 flag, read whenever a module compiles.
if (side === 'wasm-relaxed') v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
// 'native-detect': 'native' started by compare.ts without OPENBLAS_CORETYPE, OPENBLAS_L2_SIZE and
// KERAS_TS_OPENBLAS_CORETYPE, so that OpenBLAS picks its kernels for this CPU itself.
/** The backend of each side that is a variant of another; every other side is its backend's name. */
const VARIANT_BACKENDS: Readonly<Record<string, string>> = { 'wasm-relaxed': 'wasm', 'native-detect': 'native' };
const backend = VARIANT_BACKENDS[side] ?? side;
const request = JSON.parse(requestJson) as WorkerRequest;
tf.env().set('PROD', true);

async function describeBackend(): Promise<string> {
  if (backend === 'native') {
    const { blasInfo, getNativeThreads } = await import('@keras-ts/backend-native');
    return `OpenBLAS ${blasInfo().core}, ${getNativeThreads()} thread(s)`;
  }
  if (backend === 'wasm') {
    const { wasmBackendInfo } = await import('@keras-ts/backend-wasm');
    const info = wasmBackendInfo();
    return info === undefined ? 'wasm' : `${info.binary} binary, ${info.threads} thread(s), ${info.fusedMultiplyAdd ? 'fused' : 'separate'} multiply-adds`;
  }
  return backend;
}

const loaders: Record<string, () => Promise<unknown>> = {
  native: () => import('@keras-ts/backend-native'),
  wasm: () => import('@keras-ts/backend-wasm'),
  cuda: () => import('@keras-ts/backend-cuda'),
};
await loaders[backend]?.();
await setBackend(backend);
const jit = request.jitCompile === undefined ? "jitCompile not passed (compile's default)" : `jitCompile: ${request.jitCompile}`;
print({ kind: 'info', framework: `keras-ts ${side}`, detail: `${await describeBackend()}; ${jit}` });

// compile's jitCompile 'auto' says with one console warning when a step runs eagerly: keep it for the report.
const warnings: string[] = [];
const warn = console.warn.bind(console);
console.warn = (...parts: unknown[]) => {
  warnings.push(parts.map(String).join(' '));
  warn(...parts);
};

/** How the timed fit ran: the compiled train step's kernels per step (traced → replayed), or why it ran eagerly. */
function stepMode(model: Model): string | undefined {
  const eager = warnings.find((warning) => warning.includes('step eagerly'));
  if (eager !== undefined) return `eager: ${eager.replace(/^keras-ts: /, '')}`;
  // `compiledStepPlans` is how core reports its plans to benchmarks; looked up so that a model without it still runs.
  const plans = (
    model as Partial<{ compiledStepPlans(): { signature: string; stats: { tracedKernels: number; replayedKernels: number } }[] }>
  ).compiledStepPlans?.();
  const train = plans?.filter((plan) => plan.signature.startsWith('train|')).at(-1);
  if (train !== undefined) return `compiled: ${train.stats.tracedKernels} → ${train.stats.replayedKernels} kernels per step`;
  return request.jitCompile === false ? 'eager: jitCompile false' : undefined;
}

for (const workload of request.workloads) {
  warnings.length = 0;
  const steps = request.steps ?? workload.defaultSteps;
  // The warm-up runs over the timed data's first batches (warmupFits: never more than `steps`).
  const { batches, epochs } = workload.warmup;
  const samples = steps * workload.batchSize;
  try {
    setRandomSeed(request.seed);
    const { model, x, y } = prepare(workload, samples, request.seed, request.jitCompile);
    const fitOptions = { batchSize: workload.batchSize, epochs: 1, verbose: 0 } as const;
    const [xWarm, yWarm] = [head(x, batches * workload.batchSize), head(y, batches * workload.batchSize)];
    await model.fit(xWarm, yWarm, { ...fitOptions, epochs });
    const [xTimed, yTimed] = [head(x, steps * workload.batchSize), head(y, steps * workload.batchSize)];
    const began = performance.now();
    await model.fit(xTimed, yTimed, fitOptions);
    // Reading the last weight waits for the last update on a backend that runs asynchronously.
    await model.trainableWeights.at(-1)?.variable.data();
    const milliseconds = performance.now() - began;
    print({ kind: 'result', id: workload.id, steps, msPerStep: milliseconds / steps, note: stepMode(model) });
    tf.dispose([xWarm, yWarm, xTimed, yTimed, x, y] as tf.TensorContainer);
    model.dispose();
  } catch (error) {
    print({ kind: 'error', id: workload.id, message: (error as Error).message.split('\n')[0] ?? String(error) });
  }
}
