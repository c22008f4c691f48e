// Data-parallel throughput of seed 004's MLP (784-512-512-10, RMSprop, global batch 128) on
// @keras-ts/distributed: samples/s of a fit epoch with 1 and 2 ranks under mpirun, one thread per
// rank, the scaling efficiency, the all-reduce time per byte, and a ring all-reduce estimate of
// the efficiency at 8 and 64 ranks.
//   pnpm --filter @keras-ts/bench bench:distributed [--backend native] [--samples 12800] [--ranks 1,2]
// Each rank is this script with --worker (mpirun -np N node … --worker); rank 0 prints one
// `RESULT {json}` line the launcher reads.
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { Callback, Sequential, setBackend, setRandomSeed } from '@keras-ts/core';
import { DataParallel, finalize, getRank, initialize, setDistribution } from '@keras-ts/distributed';
import { Dense } from '@keras-ts/layers';
import { RMSprop } from '@keras-ts/optimizers';
import * as tf from '@tensorflow/tfjs-core';

const { values } = parseArgs({
  options: {
    worker: { type: 'boolean', default: false },
    backend: { type: 'string', default: 'native' },
    samples: { type: 'string', default: '12800' },
    ranks: { type: 'string', default: '1,2' },
    independent: { type: 'boolean', default: false },
  },
});
const BATCH = 128;
const PARAMETERS = 784 * 512 + 512 + 512 * 512 + 512 + 512 * 10 + 10;

interface RankResult {
  ranks: number;
  samplesPerSecond: number;
  secondsPerStep: number;
  /** All-reduce seconds per train step inside fit (flatten, host copy, MPI, unflatten). */
  allReduceSecondsPerStep: number;
  /** MPI_Allreduce alone on a gradient-sized vector, seconds per call. */
  mpiSecondsPerCall: number;
  /** MPI_Allreduce of one float, seconds per call (the latency term). */
  mpiLatencySeconds: number;
}

/** Times the second epoch of a fit (the first one warms up kernels and allocations). */
class EpochTimer extends Callback {
  started = 0;
  seconds = 0;
  override onEpochBegin(): void {
    this.started = performance.now();
  }
  override onEpochEnd(): void {
    this.seconds = (performance.now() - this.started) / 1000;
  }
}

async function worker(): Promise<void> {
  if (values.backend === 'native') await import('@keras-ts/backend-native');
  await setBackend(values.backend!);
  const world = await initialize();
  const parallel = new DataParallel();
  // --independent: the same processes train alone, without collectives, to measure what the
  // machine's cores give N concurrent processes (the bound data parallelism can reach here).
  if (!values.independent) setDistribution(parallel);
  setRandomSeed(4);
  const samples = Number(values.samples);
  const x = tf.randomUniform([samples, 784], 0, 1, 'float32', 1);
  const y = tf.oneHot(tf.randomUniform([samples], 0, 10, 'int32', 2), 10);
  const model = new Sequential([
    new Dense({ units: 512, activation: 'relu', inputShape: [784] }),
    new Dense({ units: 512, activation: 'relu' }),
    new Dense({ units: 10, activation: 'softmax' }),
  ]);
  // Eager steps in every run: under a distribution compiled steps fall back to eager ones.
  model.compile({ optimizer: new RMSprop(), loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile: false });
  const timer = new EpochTimer();
  let before = parallel.statistics;
  const warmUp = new (class extends Callback {
    override onEpochEnd(epoch: number): void {
      if (epoch === 0) before = parallel.statistics;
    }
  })();
  await model.fit(x, y, { batchSize: BATCH, epochs: 2, verbose: 0, shuffle: true, callbacks: [warmUp, timer] });
  const after = parallel.statistics;
  const steps = Math.ceil(samples / BATCH);
  const timeAllReduce = (length: number, calls: number) => {
    if (world.size === 1) return 0;
    const vector = tf.zeros([length]) as tf.Tensor1D;
    parallel.allReduceSum(vector).dispose();
    const started = performance.now();
    for (let i = 0; i < calls; i++) parallel.allReduceSum(vector).dispose();
    vector.dispose();
    return (performance.now() - started) / 1000 / calls;
  };
  const result: RankResult = {
    ranks: world.size,
    samplesPerSecond: samples / timer.seconds,
    secondsPerStep: timer.seconds / steps,
    allReduceSecondsPerStep: (after.seconds - before.seconds) / steps,
    mpiSecondsPerCall: timeAllReduce(PARAMETERS, 20),
    mpiLatencySeconds: timeAllReduce(1, 200),
  };
  if (getRank() === 0) console.log(`RESULT ${JSON.stringify(result)}`);
  await finalize();
}

function launch(ranks: number, independent = false): RankResult {
  const outcome = spawnSync(
    'mpirun',
    [
      '--allow-run-as-root',
      '--oversubscribe',
      '--bind-to',
      'core',
      '--mca',
      'btl',
      'self,vader',
      '-np',
      String(ranks),
      '-x',
      'KERAS_TS_NATIVE_THREADS=1',
      '-x',
      'OMP_NUM_THREADS=1',
      '-x',
      'OPENBLAS_NUM_THREADS=1',
      process.execPath,
      '--conditions=source',
      '--import',
      'tsx/esm',
      'src/distributed.ts',
      '--worker',
      '--backend',
      values.backend!,
      '--samples',
      values.samples!,
    ],
    { encoding: 'utf8', env: { ...process.env, OMPI_ALLOW_RUN_AS_ROOT: '1', OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: '1' } },
  );
  const line = outcome.stdout.split('\n').find((text) => text.startsWith('RESULT '));
  if (outcome.status !== 0 || line === undefined) throw new Error(`mpirun -np ${ranks} failed:\n${outcome.stdout}\n${outcome.stderr}`);
  const result = JSON.parse(line.slice('RESULT '.length)) as RankResult;
  // Rank 0's throughput alone; N independent ranks together train N times as many samples.
  return independent ? { ...result, samplesPerSecond: result.samplesPerSecond * ranks } : result;
}

/** Ring all-reduce: 2(N−1) steps of latency α, each rank sends and receives 2(N−1)/N of the bytes at β s/byte. */
function ringSeconds(ranks: number, bytes: number, alpha: number, beta: number): number {
  return 2 * (ranks - 1) * alpha + ((2 * (ranks - 1)) / ranks) * bytes * beta;
}

function report(results: RankResult[], bounds: Map<number, RankResult>): void {
  const one = results.find((r) => r.ranks === 1);
  console.log(
    '| ranks | samples/s | s/step | all-reduce ms/step in fit | lock-step all-reduce ms (2.68 MB) | speedup | efficiency | N independent processes, samples/s |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of results) {
    const speedup = one === undefined ? Number.NaN : r.samplesPerSecond / one.samplesPerSecond;
    const bound = bounds.get(r.ranks);
    console.log(
      `| ${r.ranks} | ${r.samplesPerSecond.toFixed(0)} | ${r.secondsPerStep.toFixed(4)} | ${(r.allReduceSecondsPerStep * 1000).toFixed(2)} | ${(r.mpiSecondsPerCall * 1000).toFixed(2)} | ${speedup.toFixed(2)}× | ${((speedup / r.ranks) * 100).toFixed(0)} % | ${bound === undefined ? '' : bound.samplesPerSecond.toFixed(0)} |`,
    );
  }
  const two = results.find((r) => r.ranks === 2);
  if (one === undefined || two === undefined) return;
  const bytes = PARAMETERS * 4;
  // Lock-step calls of DataParallel.allReduceSum (host read and copy included): 1 float gives the
  // latency (2 ring steps for N = 2), the gradient vector the time per byte (moved once for N = 2).
  const alpha = two.mpiLatencySeconds / 2;
  const beta = Math.max(0, two.mpiSecondsPerCall - 2 * alpha) / bytes;
  console.log(
    `\nall-reduce per byte (lock-step, host copy included): ${(beta * 1e9).toFixed(3)} ns/byte (${(1 / beta / 1e9).toFixed(2)} GB/s), latency α ≈ ${(alpha * 1e6).toFixed(1)} µs; ` +
      `in fit ${((two.allReduceSecondsPerStep / bytes) * 1e9).toFixed(3)} ns/byte, the difference being time one rank waits for the other`,
  );
  console.log('\nestimate (ring all-reduce with the α and β above, a dedicated core per rank, compute time of the 1-rank run):');
  console.log('| ranks | strong scaling (global batch 128) | weak scaling (128 rows per rank) |');
  console.log('| --- | --- | --- |');
  for (const ranks of [2, 8, 64]) {
    const communication = ringSeconds(ranks, bytes, alpha, beta);
    const strong = one.secondsPerStep / ranks / (one.secondsPerStep / ranks + communication);
    const weak = one.secondsPerStep / (one.secondsPerStep + communication);
    console.log(`| ${ranks} | ${(strong * 100).toFixed(0)} % | ${(weak * 100).toFixed(0)} % |`);
  }
}

if (values.worker) await worker();
else {
  const counts = values.ranks!.split(',').map(Number);
  const results = counts.map((ranks) => launch(ranks));
  const bounds = new Map(counts.filter((ranks) => ranks > 1).map((ranks) => [ranks, launch(ranks, true)] as const));
  console.log(
    `seed 004 MLP (${PARAMETERS} parameters, ${((PARAMETERS * 4) / 1e6).toFixed(2)} MB of gradients), backend '${values.backend}', ${values.samples} samples, one thread per rank\n`,
  );
  report(results, bounds);
}
