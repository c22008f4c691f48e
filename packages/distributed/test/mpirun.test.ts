// Two ranks under `mpirun --oversubscribe -np 2` against the one-process reference on the same
// global batches, and what the ranks do when one of them fails. Skipped, with the reason, where
// mpirun or the addon is missing.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeStatus } from '@keras-ts/backend-native';
import { mpirun, mpirunUnavailable, single } from './mpirun.test-utils.js';

const unavailable = mpirunUnavailable();
if (unavailable !== undefined) console.warn(`[distributed] skipping the mpirun tests: ${unavailable}`);

interface RankResult {
  rank: number;
  weights: number[][];
  history: Record<string, number[]>;
  evaluation: number[];
  predictions: number[];
  predictionShape: number[];
  leaked: number;
  progressLines: number;
  /** The compiled plans: signature (with `rank/worldSize`) and how many KerasAllReduceSum kernels each replays. */
  plans: { signature: string; allReduces: number; program?: string; programRuns: number }[];
}

/** max |a − b| / max |b|: the relative error of a whole tensor. */
function relativeError(actual: readonly number[], expected: readonly number[]): number {
  let difference = 0;
  let scale = 0;
  expected.forEach((value, i) => {
    difference = Math.max(difference, Math.abs(actual[i]! - value));
    scale = Math.max(scale, Math.abs(value));
  });
  return scale === 0 ? difference : difference / scale;
}

/** max |a − b| / max(1, max |b|): the relative error, or the absolute one for a tensor near zero. */
function scaledError(actual: readonly number[], expected: readonly number[]): number {
  const scale = Math.max(1, ...expected.map(Math.abs));
  return Math.max(...expected.map((value, i) => Math.abs(actual[i]! - value))) / scale;
}

describe.skipIf(unavailable !== undefined)('2 ranks under mpirun', () => {
  const folder = mkdtempSync(join(tmpdir(), 'distributed-'));
  const read = (name: string, rank: number) => JSON.parse(readFileSync(join(folder, `${name}.rank${rank}.json`), 'utf8')) as RankResult;
  let ranks: RankResult[] = [];
  let reference: RankResult;
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  beforeAll(async () => {
    const [parallel, alone] = await Promise.all([
      mpirun(2, 'train-mlp.ts', [join(folder, 'parallel')]),
      single('train-mlp.ts', [join(folder, 'single'), '--single']),
    ]);
    expect(parallel.code, parallel.output).toBe(0);
    expect(alone.code, alone.output).toBe(0);
    ranks = [read('parallel', 0), read('parallel', 1)];
    reference = read('single', 0);
  }, 120_000);

  it('trains the same weights as one process on the same global batches, identical on both ranks', () => {
    expect(reference.history.loss!.length).toBe(30);
    reference.weights.forEach((expected, i) => {
      expect(relativeError(ranks[0]!.weights[i]!, expected)).toBeLessThanOrEqual(1e-5);
      expect(ranks[1]!.weights[i]).toEqual(ranks[0]!.weights[i]);
    });
    // Training moved the weights far from where they started: the comparison is not vacuous.
    expect(reference.history.loss![29]!).toBeLessThan(reference.history.loss![0]! / 5);
  });

  it('reports the single-process loss and metrics in History, evaluate and validation, the same on both ranks', () => {
    for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
      expect(relativeError(ranks[0]!.history[key]!, reference.history[key]!), key).toBeLessThanOrEqual(1e-5);
      expect(ranks[1]!.history[key], key).toEqual(ranks[0]!.history[key]);
    }
    expect(relativeError(ranks[0]!.evaluation, reference.evaluation)).toBeLessThanOrEqual(1e-5);
    expect(ranks[1]!.evaluation).toEqual(ranks[0]!.evaluation);
  });

  it('compiles the steps with jitCompile: true (240 train steps replaying the all-reduce kernel), training as the eager 2-rank run and as one process', async () => {
    const [compiledRun, eagerRun] = await Promise.all([
      mpirun(2, 'train-mlp.ts', [join(folder, 'jit'), '--jit-compile=true']),
      mpirun(2, 'train-mlp.ts', [join(folder, 'eager'), '--jit-compile=false']),
    ]);
    // A step that could not be compiled would have thrown a JitCompileError.
    expect(compiledRun.code, compiledRun.output).toBe(0);
    expect(eagerRun.code, eagerRun.output).toBe(0);
    const compiled = [read('jit', 0), read('jit', 1)];
    const eager = [read('eager', 0), read('eager', 1)];
    compiled.forEach((result, rank) => {
      // Train steps of 32 and of the last 25 rows; validation steps of 32 and 29 rows; evaluate's of 50.
      const kindWorldRows = result.plans.map(({ signature }) => {
        const [kind, , world] = signature.split('|');
        return `${kind} ${world} ${signature.match(/float32\[(\d+),/)?.[1]}`;
      });
      expect(kindWorldRows).toEqual([`train ${rank}/2 32`, `train ${rank}/2 25`, `test ${rank}/2 32`, `test ${rank}/2 29`, `test ${rank}/2 50`]);
      for (const plan of result.plans) expect(plan.allReduces, plan.signature).toBe(1);
      expect(result.leaked).toBe(0);
      // The compiled steps are the eager steps, bit for bit.
      expect(result.weights).toEqual(eager[rank]!.weights);
      expect(result.history).toEqual(eager[rank]!.history);
      expect(result.evaluation).toEqual(eager[rank]!.evaluation);
      expect(result.predictions).toEqual(eager[rank]!.predictions);
      expect(eager[rank]!.plans).toEqual([]);
    });
    expect(reference.history.loss!.length).toBe(30);
    reference.weights.forEach((expected, i) => {
      expect(relativeError(compiled[0]!.weights[i]!, expected)).toBeLessThanOrEqual(1e-5);
      expect(compiled[1]!.weights[i]).toEqual(compiled[0]!.weights[i]);
    });
    for (const key of ['loss', 'accuracy', 'val_loss', 'val_accuracy']) {
      expect(relativeError(compiled[0]!.history[key]!, reference.history[key]!), key).toBeLessThanOrEqual(1e-5);
      expect(compiled[1]!.history[key], key).toEqual(compiled[0]!.history[key]);
    }
  }, 120_000);

  it.skipIf(!nativeStatus.available)(
    "on 'native', runs the compiled steps as step programs with the all-reduce inside, as the eager steps",
    async () => {
      const [compiledRun, eagerRun] = await Promise.all([
        mpirun(2, 'train-mlp.ts', [join(folder, 'native-jit'), '--jit-compile=true', '--backend=native', '--epochs=8']),
        mpirun(2, 'train-mlp.ts', [join(folder, 'native-eager'), '--jit-compile=false', '--backend=native', '--epochs=8']),
      ]);
      expect(compiledRun.code, compiledRun.output).toBe(0);
      expect(eagerRun.code, eagerRun.output).toBe(0);
      for (const rank of [0, 1]) {
        const compiled = read('native-jit', rank);
        const eager = read('native-eager', rank);
        const train = compiled.plans.find((plan) => plan.signature.startsWith('train') && plan.signature.includes('float32[32,'))!;
        expect(train.program, JSON.stringify(compiled.plans)).toBe('recorded');
        expect(train.programRuns).toBeGreaterThan(40);
        expect(train.allReduces).toBe(1);
        expect(compiled.leaked).toBe(0);
        expect(compiled.weights).toEqual(eager.weights);
        expect(compiled.history).toEqual(eager.history);
        expect(compiled.evaluation).toEqual(eager.evaluation);
      }
    },
    120_000,
  );

  it('prints progress and writes CSV logs on rank 0 only', () => {
    expect(ranks[0]!.progressLines).toBeGreaterThanOrEqual(30);
    expect(ranks[1]!.progressLines).toBe(0);
    expect(existsSync(join(folder, 'parallel.rank0.csv'))).toBe(true);
    expect(readFileSync(join(folder, 'parallel.rank0.csv'), 'utf8').trim().split('\n')).toHaveLength(31);
    expect(existsSync(join(folder, 'parallel.rank1.csv'))).toBe(false);
  });

  it('gathers predict rows in order and leaks no tensors', () => {
    expect(ranks[0]!.predictionShape).toEqual([249, 4]);
    expect(relativeError(ranks[0]!.predictions, reference.predictions)).toBeLessThanOrEqual(1e-5);
    expect(ranks[1]!.predictions).toEqual(ranks[0]!.predictions);
    for (const rank of ranks) expect(rank.leaked).toBe(0);
  });

  it('resumes a one-process BackupAndRestore backup on 2 ranks, as one process resumes it', async () => {
    const backup = join(folder, 'backup');
    const made = await single('resume.ts', [join(folder, 'unused'), backup, '--phase=backup']);
    expect(made.code, made.output).toBe(0);
    // Each resume gets its own copy: rank 0 writes new backups into the one it resumes from.
    cpSync(backup, `${backup}-parallel`, { recursive: true });
    const [parallel, alone] = await Promise.all([
      mpirun(2, 'resume.ts', [join(folder, 'resumed'), `${backup}-parallel`, '--phase=resume']),
      single('resume.ts', [join(folder, 'resumed-single'), backup, '--phase=resume', '--single']),
    ]);
    expect(parallel.code, parallel.output).toBe(0);
    expect(alone.code, alone.output).toBe(0);
    type Resumed = { epochs: number[]; loss: number[]; weights: number[][] };
    const load = (name: string, rank: number) => JSON.parse(readFileSync(join(folder, `${name}.rank${rank}.json`), 'utf8')) as Resumed;
    const [rank0, rank1, reference] = [load('resumed', 0), load('resumed', 1), load('resumed-single', 0)];
    // Both ranks continue at epoch 2, though only rank 0 read the backup.
    expect(reference.epochs).toEqual([2, 3]);
    expect(rank0.epochs).toEqual([2, 3]);
    expect(rank1.epochs).toEqual([2, 3]);
    expect(relativeError(rank0.loss, reference.loss)).toBeLessThanOrEqual(1e-5);
    reference.weights.forEach((expected, i) => {
      expect(relativeError(rank0.weights[i]!, expected)).toBeLessThanOrEqual(1e-5);
      expect(rank1.weights[i]).toEqual(rank0.weights[i]);
    });
  }, 90_000);

  it('normalizes with the global batch statistics with BatchNormalization({ synchronized: true }), as one process does', async () => {
    const [parallel, alone] = await Promise.all([
      mpirun(2, 'sync-bn.ts', [join(folder, 'sync-bn'), '--jit-compile=false']),
      single('sync-bn.ts', [join(folder, 'sync-bn-single'), '--single']),
    ]);
    // Compiled (jitCompile: true throws if a step cannot compile), after the eager pair: 2 processes at a time.
    const compiledRun = await mpirun(2, 'sync-bn.ts', [join(folder, 'sync-bn-jit'), '--jit-compile=true']);
    expect(parallel.code, parallel.output).toBe(0);
    expect(alone.code, alone.output).toBe(0);
    expect(compiledRun.code, compiledRun.output).toBe(0);
    type Trained = { loss: number[]; weights: number[][]; plans: string[] };
    const load = (name: string, rank: number) => JSON.parse(readFileSync(join(folder, `${name}.rank${rank}.json`), 'utf8')) as Trained;
    const [rank0, rank1, reference] = [load('sync-bn', 0), load('sync-bn', 1), load('sync-bn-single', 0)];
    expect(relativeError(rank0.loss, reference.loss)).toBeLessThanOrEqual(1e-5);
    // Kernel, bias, gamma, beta, moving mean and variance, kernel, bias. The bias before the
    // normalization has a zero gradient (only rounding moves it): its error is measured absolutely.
    expect(reference.weights.length).toBe(8);
    reference.weights.forEach((expected, i) => {
      expect(scaledError(rank0.weights[i]!, expected), `weight ${i}`).toBeLessThanOrEqual(1e-5);
      expect(rank1.weights[i]).toEqual(rank0.weights[i]);
    });
    // The synchronized statistics' all-reduces (forward and gradient) replay inside the compiled steps.
    for (const rank of [0, 1]) {
      const compiled = load('sync-bn-jit', rank);
      expect(compiled.plans.some((signature) => signature.startsWith('train'))).toBe(true);
      expect(compiled.weights).toEqual(load('sync-bn', rank).weights);
      expect(compiled.loss).toEqual(load('sync-bn', rank).loss);
    }
  }, 120_000);

  it('explains under mpirun what is missing when libmpi cannot be loaded', async () => {
    const launch = await mpirun(2, 'smoke.ts', [], { KERAS_TS_MPI_LIBRARY: '/nowhere/libmpi.so.40' });
    expect(launch.code).not.toBe(0);
    expect(launch.output).toMatch(
      /DistributedError: initialize: this process was started by an MPI launcher \(OMPI_COMM_WORLD_SIZE is set\), but OpenMPI's libmpi\.so\.40 could not be loaded \(.*\)\. To fix it, install OpenMPI: apt-get install openmpi-bin libopenmpi-dev/,
    );
  }, 60_000);

  it('refuses a global batch size that does not divide by the world size, naming the fix', async () => {
    const launch = await mpirun(2, 'train-mlp.ts', [join(folder, 'odd'), '--batch-size=33', '--epochs=1']);
    expect(launch.code).not.toBe(0);
    expect(launch.output).toMatch(
      /ValueError: fit: under DataParallel `batchSize` is the global batch and must divide by the world size 2, got 33\. Use batchSize 32 or 34/,
    );
  }, 60_000);

  it.each(['false', 'true'])('ends the job within seconds when a rank is killed mid-epoch, naming it (jitCompile: %s)', async (jitCompile) => {
    const launch = await mpirun(2, 'train-mlp.ts', [join(folder, 'kill'), '--fault=kill', `--jit-compile=${jitCompile}`]);
    expect(launch.code).not.toBe(0);
    expect(launch.output).toMatch(/rank 1 .*exited on signal 9|Process name: \[\[\d+,1\],1\]/s);
    expect(launch.output).toMatch(/\[keras-ts distributed\] rank 0: the launcher is ending this process/);
    expect(launch.seconds).toBeLessThan(30);
  }, 60_000);

  it('aborts every rank when one throws, printing its error', async () => {
    const launch = await mpirun(2, 'train-mlp.ts', [join(folder, 'throw'), '--fault=throw']);
    expect(launch.code).not.toBe(0);
    expect(launch.output).toMatch(/\[keras-ts distributed\] rank 1 failed; aborting the job \(MPI_Abort\):\nError: rank 1 failed on purpose/);
    expect(launch.seconds).toBeLessThan(30);
  }, 60_000);

  it.each([
    'false',
    'true',
  ])('times out a collective a hung rank never joins, with a DistributedError naming that rank (jitCompile: %s)', async (jitCompile) => {
    // With jitCompile: true the steps replay their plans by then: the all-reduce kernel times out.
    const launch = await mpirun(2, 'train-mlp.ts', [join(folder, 'hang'), '--fault=hang', `--jit-compile=${jitCompile}`]);
    expect(launch.code).not.toBe(0);
    expect(launch.output).toMatch(/DistributedError: MPI_Allreduce on rank 0 of 2 waited 3 s for the other ranks and gave up: rank 1 most likely failed/);
    expect(launch.seconds).toBeLessThan(30);
  }, 60_000);
});
