// `pnpm bench --vs keras3` (also `pnpm bench:keras3`): ms per training step of keras-ts against
// real Keras 3 on JAX CPU, on issue 17's six workloads (and, with --scaling, the MLP at three
// batch sizes and the LSTM at three lengths). Each round runs one process per side, in an order
// that rotates from round to round, so that load drifting over the run hits every side alike; each
// process times one whole `fit` per workload after a warm-up on the same shapes (each workload's
// `warmupSteps`: long enough for V8 to have optimized keras-ts's per-step JavaScript).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { listed, type Results, type Side, table, toJson } from './report.js';
import { SCALING_WORKLOADS, SEED_WORKLOADS, selectWorkloads, type WorkerLine, type WorkerRequest, type Workload, warmupFits } from './workloads.js';

const USAGE = `pnpm bench --vs keras3 [--rounds 3] [--steps N] [--warmup-steps N] [--workloads seed,scaling,<ids>] [--scaling]
  [--backends native,native-detect,wasm,wasm-relaxed] [--python PATH] [--jit auto|true|false] [--seed 1234] [--json PATH|-]`;

const benchDirectory = fileURLToPath(new URL('../..', import.meta.url));
const REPOSITORY_PYTHON = fileURLToPath(new URL('../../../../.venv-keras/bin/python', import.meta.url));

/** The Python with Keras 3 and JAX: --python, else $KERAS_TS_KERAS_PYTHON, else the repository's .venv-keras, else python3. */
function findKerasPython(explicit: string | undefined, environment: NodeJS.ProcessEnv): { python?: string; detail: string } {
  const candidates = explicit !== undefined ? [explicit] : [REPOSITORY_PYTHON, 'python3'].filter((path) => path === 'python3' || existsSync(path));
  const reasons: string[] = [];
  for (const python of candidates) {
    const probe = spawnSync(python, ['-c', 'import keras, jax; print(keras.__version__, jax.__version__)'], { encoding: 'utf8', env: environment });
    if (probe.status === 0) return { python, detail: `${python}: Keras ${probe.stdout.trim().replace(' ', ', JAX ')}` };
    reasons.push(`${python}: ${probe.error?.message ?? probe.stderr.trim().split('\n').at(-1)}`);
  }
  return {
    detail: `no Python with keras and jax (${reasons.join('; ') || 'none found'}). Install them (python3 -m pip install keras==3.15.1 jax==0.10.2 jaxlib==0.10.2) and pass --python or set KERAS_TS_KERAS_PYTHON.`,
  };
}

/**
 * OpenBLAS's settings that some machines export for every program (an older OpenBLAS build may
 * misdetect a newer processor), which pin the kernels and cache size it would otherwise detect.
 */
const OPENBLAS_OVERRIDES = ['OPENBLAS_CORETYPE', 'OPENBLAS_L2_SIZE', 'KERAS_TS_OPENBLAS_CORETYPE'] as const;

/**
 * The environment of a side's worker: Keras 3's own; for 'native-detect', this process's without
 * OPENBLAS_OVERRIDES, so that 'native''s OpenBLAS detects the processor (the worker prints the
 * kernels it chose); for any other keras-ts side, this process's as it is.
 */
function sideEnvironment(key: string, environment: NodeJS.ProcessEnv, kerasEnvironment: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (key === 'keras3') return kerasEnvironment;
  if (key !== 'native-detect') return environment;
  const detected = { ...environment };
  for (const name of OPENBLAS_OVERRIDES) delete detected[name];
  return detected;
}

/** Runs one worker process; calls `onLine` for each JSON line it prints; rejects with its stderr's tail when it fails. */
function runWorker(command: string, args: string[], environment: NodeJS.ProcessEnv, onLine: (line: WorkerLine) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: benchDirectory, env: environment, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout }).on('line', (text) => {
      if (text.startsWith('{')) onLine(JSON.parse(text) as WorkerLine);
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${command} exited with ${code}: ${stderr.trim().split('\n').slice(-3).join(' / ')}`)),
    );
  });
}

function parseJit(value: string | undefined): WorkerRequest['jitCompile'] {
  if (value === undefined) return undefined;
  if (value === 'auto') return 'auto';
  if (value === 'true' || value === 'false') return value === 'true';
  throw new Error(`--jit expects auto, true or false, got '${value}'.`);
}

/** The side-by-side mode; `args` are the command line's arguments (with or without `--vs keras3`). */
export async function runVsKeras3(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      vs: { type: 'string' },
      rounds: { type: 'string', default: '3' },
      steps: { type: 'string' },
      'warmup-steps': { type: 'string' },
      workloads: { type: 'string', default: 'seed' },
      scaling: { type: 'boolean', default: false },
      backends: { type: 'string', default: 'native,wasm' },
      python: { type: 'string' },
      jit: { type: 'string' },
      seed: { type: 'string', default: '1234' },
      json: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.vs !== undefined && values.vs !== 'keras3') throw new Error(`--vs: the only peer is 'keras3', got '${values.vs}'.\n${USAGE}`);
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const names = [...values.workloads!.split(','), ...(values.scaling ? ['scaling'] : [])].filter(Boolean);
  const workloads = selectWorkloads(names);
  const rounds = Number(values.rounds);
  const steps = values.steps === undefined ? undefined : Number(values.steps);
  const warmupSteps = values['warmup-steps'] === undefined ? undefined : Number(values['warmup-steps']);
  const request: WorkerRequest = {
    workloads: workloads.map((workload) => ({ ...workload, warmup: warmupFits(warmupSteps ?? workload.warmupSteps, steps ?? workload.defaultSteps) })),
    steps,
    seed: Number(values.seed),
    jitCompile: parseJit(values.jit),
  };
  const kerasEnvironment = { ...process.env, KERAS_BACKEND: process.env.KERAS_BACKEND ?? 'jax', TF_CPP_MIN_LOG_LEVEL: '3' };
  const found = findKerasPython(values.python ?? process.env.KERAS_TS_KERAS_PYTHON, kerasEnvironment);
  const backends = values.backends!.split(',').filter(Boolean);
  const sides: Side[] = [
    { key: 'keras3', title: `Keras 3 (${kerasEnvironment.KERAS_BACKEND.toUpperCase()})`, detail: found.detail, skipped: found.python === undefined },
    ...backends.map((backend) => ({ key: backend, title: `keras-ts ${backend}`, detail: '', skipped: false })),
  ];
  if (found.python === undefined) console.log(`Keras 3 column skipped: ${found.detail}`);

  const results: Results = new Map(sides.map((side) => [side.key, new Map()]));
  const record = (side: Side, round: number) => (line: WorkerLine) => {
    if (line.kind === 'info') {
      side.detail = line.detail;
      return;
    }
    const entry = results.get(side.key)!.get(line.id) ?? { rounds: [] };
    results.get(side.key)!.set(line.id, entry);
    if (line.kind === 'error') {
      entry.error ??= line.message;
      console.log(`round ${round + 1}/${rounds}  ${side.title.padEnd(16)} ${line.id.padEnd(10)} failed: ${line.message}`);
      return;
    }
    entry.rounds.push(line.msPerStep);
    entry.note = line.note ?? entry.note;
    const note = line.note === undefined ? '' : `; ${line.note}`;
    console.log(
      `round ${round + 1}/${rounds}  ${side.title.padEnd(16)} ${line.id.padEnd(10)} ${line.msPerStep.toFixed(3).padStart(9)} ms/step  (${line.steps} steps${note})`,
    );
  };
  const requestJson = JSON.stringify(request);
  const active = sides.filter((side) => !side.skipped);
  for (let round = 0; round < rounds; round++) {
    const order = active.map((_, index) => active[(index + round) % active.length]!);
    for (const side of order) {
      const [command, commandArgs] =
        side.key === 'keras3'
          ? [found.python!, [fileURLToPath(new URL('./keras3_worker.py', import.meta.url)), requestJson]]
          : [
              process.execPath,
              ['--conditions=source', '--import', 'tsx/esm', fileURLToPath(new URL('./keras-ts-worker.ts', import.meta.url)), side.key, requestJson],
            ];
      const environment = sideEnvironment(side.key, process.env, kerasEnvironment);
      try {
        await runWorker(command, commandArgs, environment, record(side, round));
      } catch (error) {
        console.log(`round ${round + 1}/${rounds}  ${side.title}: ${(error as Error).message}`);
      }
    }
  }

  console.log(`\nms per training step, median [min–max] over ${rounds} round(s); ratio: keras-ts's median over Keras 3's (below 1: keras-ts is faster)`);
  const warmups = request.workloads.map(({ id, warmup }) => `${id} ${warmup.batches * warmup.epochs}`);
  console.log(`  untimed warm-up steps before each timed fit: ${warmups.join(', ')}`);
  for (const side of sides) console.log(`  ${side.title}: ${side.detail}`);
  // The seed table: what was asked for besides the scaling group and the sizes only it has. The
  // scaling table: the scaling group's sizes that ran, in its order, when any was asked for.
  const isSeed = (workload: Workload) => SEED_WORKLOADS.some((seed) => seed.id === workload.id);
  const seedRows = selectWorkloads(names.filter((name) => name !== 'scaling')).filter(isSeed);
  const ran = new Set(workloads.map((workload) => workload.id));
  const scalingRows =
    workloads.some((workload) => !isSeed(workload)) || names.includes('scaling') ? SCALING_WORKLOADS.filter((workload) => ran.has(workload.id)) : [];
  if (seedRows.length > 0) console.log(`\n${table(results, sides, seedRows, 'seed workload')}`);
  if (scalingRows.length > 0)
    console.log(`\nScaling: time should grow with the arithmetic, not with the op count.\n${table(results, sides, scalingRows, 'size')}`);
  for (const [heading, field] of [
    ['How the keras-ts steps ran', 'note'],
    ['Failures', 'error'],
  ] as const) {
    const lines = listed(results, field);
    if (lines.length > 0) console.log(`\n${heading}:\n${lines.map((line) => `  ${line}`).join('\n')}`);
  }

  const settings = {
    rounds,
    steps: request.steps ?? 'per workload',
    warmupSteps: warmupSteps ?? 'per workload',
    seed: request.seed,
    jitCompile: request.jitCompile ?? null,
  };
  if (values.json !== undefined) {
    const json = JSON.stringify(toJson(results, sides, workloads, settings), null, 2);
    if (values.json === '-') console.log(json);
    else {
      writeFileSync(values.json, `${json}\n`);
      console.log(`\nJSON written to ${values.json}`);
    }
  }
}

/** Whether the command line asks for a `--vs` mode (`--vs keras3` or `--vs=keras3`). */
export const asksForVs = (args: string[]): boolean => args.some((arg) => arg === '--vs' || arg.startsWith('--vs='));
