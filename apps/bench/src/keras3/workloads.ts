// The workloads `pnpm bench --vs keras3` times, described as plain data so that the keras-ts
// worker (keras-ts-models.ts) and the Keras 3 worker (keras3_worker.py) build the same model,
// data shapes, optimizer and batch size from one description.

/** The model families of issue 17's side-by-side table; both workers switch on these names. */
export type ModelName = 'mlp-dropout' | 'mlp-tanh' | 'fashion' | 'stacked-lstm' | 'qa' | 'convnet';

/** One timed workload: a model at one batch size (and, for the LSTM, one sequence length). */
export interface Workload {
  /** Stable key, used by `--workloads` and in the JSON output. */
  id: string;
  /** The row label of the printed table. */
  label: string;
  model: ModelName;
  batchSize: number;
  /** Timesteps of the stacked LSTM's inputs (the other models ignore it). */
  timesteps?: number;
  /** Timed steps per `fit` unless `--steps` says otherwise: more for the fast models, so that one `fit` lasts long enough to time. */
  defaultSteps: number;
  /**
   * Steps of the untimed warm-up before the timed `fit` unless `--warmup-steps` says otherwise.
   * JAX compiles the step in the first one; V8 optimizes keras-ts's per-step JavaScript only after
   * hundreds of calls, on background threads that share the cores with the timed steps (on two
   * cores they displace the product's helper thread), so the fast models warm up for hundreds of
   * steps and the slow ones, where that work is a small part of a step, for a few.
   */
  warmupSteps: number;
}

/** How a warm-up of `warmupSteps` steps runs: `epochs` epochs of the timed data's first `batches` batches (at least `warmupSteps` in all). */
export interface Warmup {
  batches: number;
  epochs: number;
}

/** Warm-up `fit`s over at most the `steps` batches the timed `fit` has data for, repeated until `warmupSteps` steps have run. */
export function warmupFits(warmupSteps: number, steps: number): Warmup {
  const batches = Math.max(1, Math.min(warmupSteps, steps));
  return { batches, epochs: Math.max(1, Math.ceil(warmupSteps / batches)) };
}

const mlp = (batchSize: number, defaultSteps: number, warmupSteps: number): Workload => ({
  id: batchSize === 128 ? 'mlp' : `mlp-b${batchSize}`,
  label: `004 MLP 784-512-512-10 + Dropout, RMSprop, batch ${batchSize}`,
  model: 'mlp-dropout',
  batchSize,
  defaultSteps,
  warmupSteps,
});

const lstm = (timesteps: number, defaultSteps: number, warmupSteps: number): Workload => ({
  id: timesteps === 8 ? 'lstm' : `lstm-t${timesteps}`,
  label: `004 stacked LSTM 3×32 on ${timesteps}×16, batch 64`,
  model: 'stacked-lstm',
  batchSize: 64,
  timesteps,
  defaultSteps,
  warmupSteps,
});

/** Issue 17's six workloads, in the order of its table. */
export const SEED_WORKLOADS: readonly Workload[] = [
  mlp(128, 100, 500),
  { id: 'mlp-tanh', label: '002 MLP 784-50-50-10 tanh, SGD, batch 64', model: 'mlp-tanh', batchSize: 64, defaultSteps: 300, warmupSteps: 900 },
  { id: 'fashion', label: '001 Fashion Flatten-4-4-10, Adam, batch 32', model: 'fashion', batchSize: 32, defaultSteps: 300, warmupSteps: 900 },
  lstm(8, 100, 500),
  { id: 'qa', label: '003 two-input QA (Embedding + LSTM, length 100), batch 64', model: 'qa', batchSize: 64, defaultSteps: 20, warmupSteps: 100 },
  { id: 'convnet', label: 'MNIST convnet Conv2D 32 → pool → Dense, batch 128', model: 'convnet', batchSize: 128, defaultSteps: 20, warmupSteps: 5 },
];

/** How cost grows with the work: the MLP at batch 32, 128, 512 and the LSTM at length 8, 32, 128. */
export const SCALING_WORKLOADS: readonly Workload[] = [
  mlp(32, 200, 600),
  mlp(128, 100, 500),
  mlp(512, 40, 120),
  lstm(8, 100, 500),
  lstm(32, 50, 200),
  lstm(128, 20, 20),
];

/**
 * The workloads named by `--workloads`: ids, or the groups 'seed' (the six) and 'scaling', in
 * the order given, each once. Throws on an unknown name, listing the known ones.
 */
export function selectWorkloads(names: string[]): Workload[] {
  const known = new Map([...SEED_WORKLOADS, ...SCALING_WORKLOADS].map((workload) => [workload.id, workload]));
  const selected = new Map<string, Workload>();
  for (const name of names) {
    const group = name === 'seed' ? SEED_WORKLOADS : name === 'scaling' ? SCALING_WORKLOADS : undefined;
    const found = group ?? (known.has(name) ? [known.get(name)!] : undefined);
    if (found === undefined) {
      throw new Error(`--workloads: unknown workload '${name}'. Expected 'seed', 'scaling' or ids among: ${[...known.keys()].join(', ')}.`);
    }
    for (const workload of found) selected.set(workload.id, workload);
  }
  return [...selected.values()];
}

/** The settings a worker process receives as its one JSON argument. */
export interface WorkerRequest {
  /** The workloads, each with its warm-up resolved (`--warmup-steps` or its own `warmupSteps`). */
  workloads: (Workload & { warmup: Warmup })[];
  /** Timed steps per `fit`; undefined: each workload's `defaultSteps`. */
  steps?: number;
  /** Seed of weights, dropout and the synthetic data. */
  seed: number;
  /** keras-ts only: the `jitCompile` compile option; undefined: not passed (compile's default). */
  jitCompile?: 'auto' | boolean;
}

/** What a worker prints, one JSON line per workload after one line describing itself. */
export type WorkerLine =
  | { kind: 'info'; framework: string; detail: string }
  | { kind: 'result'; id: string; steps: number; msPerStep: number; note?: string }
  | { kind: 'error'; id: string; message: string };
