// Eager against compiled training steps (compile({ jitCompile })): ms per trainOnBatch on seed
// 001's Fashion model and seed 004's stacked LSTM, per backend. The two modes alternate in chunks
// so that load from other processes hits both alike; prints the median chunk of each.
// Run: node --conditions=source --import tsx/esm src/compiled-steps.ts [--backends=native,wasm] [--rounds=5]
import * as tf from '@tensorflow/tfjs-core';
import { Sequential, setBackend, setRandomSeed } from '@keras-ts/core';
import { Dense, Flatten, LSTM } from '@keras-ts/layers';

const option = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const backends = option('backends', 'native,wasm').split(',');
const rounds = Number(option('rounds', '5'));

interface Workload {
  name: string;
  build(): Sequential;
  data(): [tf.Tensor, tf.Tensor];
  chunk: number;
}

const workloads: Workload[] = [
  {
    name: '001 Fashion Flatten-4-4-10, Adam, batch 32',
    build: () => {
      const model = new Sequential([
        new Flatten({ inputShape: [28, 28] }),
        new Dense({ units: 4, activation: 'relu' }),
        new Dense({ units: 4, activation: 'relu' }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]);
      return model;
    },
    data: () => [tf.randomUniform([32, 28, 28]), tf.randomUniform([32], 0, 10, 'int32')],
    chunk: 100,
  },
  {
    name: '004 stacked LSTM 3×32 on 8×16, Adam, batch 64',
    build: () =>
      new Sequential([
        new LSTM({ units: 32, returnSequences: true, inputShape: [8, 16] }),
        new LSTM({ units: 32, returnSequences: true }),
        new LSTM({ units: 32 }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]),
    data: () => [tf.randomUniform([64, 8, 16]), tf.oneHot(tf.randomUniform([64], 0, 10, 'int32'), 10)],
    chunk: 20,
  },
];

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

for (const backend of backends) {
  try {
    await import(backend === 'wasm' ? '@keras-ts/backend-wasm' : '@keras-ts/backend-native');
    await setBackend(backend);
  } catch (error) {
    console.log(`skipping backend '${backend}': ${(error as Error).message}`);
    continue;
  }
  for (const workload of workloads) {
    setRandomSeed(1);
    const [x, y] = workload.data();
    const loss = workload.name.startsWith('001') ? 'sparseCategoricalCrossentropy' : 'categoricalCrossentropy';
    const models = ([false, 'auto'] as const).map((jitCompile) => {
      const model = workload.build();
      model.compile({ optimizer: 'adam', loss, metrics: ['accuracy'], jitCompile });
      return model;
    });
    const times: number[][] = [[], []];
    for (const model of models) for (let step = 0; step < 10; step++) await model.trainOnBatch(x, y);
    for (let round = 0; round < rounds; round++) {
      for (const [index, model] of models.entries()) {
        const start = performance.now();
        for (let step = 0; step < workload.chunk; step++) await model.trainOnBatch(x, y);
        times[index]!.push((performance.now() - start) / workload.chunk);
      }
    }
    const [eager, compiled] = times.map(median) as [number, number];
    const stats = models[1]!.compiledStepPlans()[0]?.stats;
    console.log(
      `${backend.padEnd(6)} ${workload.name.padEnd(48)} eager ${eager.toFixed(2)} ms/step, compiled ${compiled.toFixed(2)} ms/step (${(eager / compiled).toFixed(2)}×); kernels per step ${stats ? `${stats.tracedKernels} → ${stats.replayedKernels}` : 'no plan'}; program: ${stats?.program ?? 'none'}${
        stats?.programStats ? ` (${stats.programStats.calls} addon calls, run the plan's way: ${stats.programStats.slowKernels.join(', ') || 'none'})` : ''
      }`,
    );
    for (const model of models) model.dispose();
    tf.dispose([x, y]);
  }
}
