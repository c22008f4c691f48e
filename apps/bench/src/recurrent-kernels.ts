// The whole-sequence LSTM/GRU kernels against the layers' per-step op chain: ms per trainOnBatch
// and kernels per step on seed 004's stacked LSTM and seed 003's QA model, with the fused kernels
// registered and unregistered, eager and compiled. The modes alternate in chunks so that load
// from other processes hits them alike; prints the median chunk of each.
// Run: node --conditions=source --import tsx/esm src/recurrent-kernels.ts [--backend=native] [--rounds=5]
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, Sequential, setBackend, setRandomSeed } from '@keras-ts/core';
import { concatenate, Dense, Embedding, LSTM } from '@keras-ts/layers';

const option = (name: string, fallback: string) => process.argv.find((arg) => arg.startsWith(`--${name}=`))?.split('=')[1] ?? fallback;
const backend = option('backend', 'native');
const rounds = Number(option('rounds', '5'));
await import(backend === 'wasm' ? '@keras-ts/backend-wasm' : '@keras-ts/backend-native');
await setBackend(backend);

interface Workload {
  name: string;
  build(): Model;
  data(): [tf.Tensor | tf.Tensor[], tf.Tensor];
  chunk: number;
}

const workloads: Workload[] = [
  {
    name: '004 stacked LSTM 3×32 on 8×16, RMSprop, batch 64',
    build: () =>
      new Sequential([
        new LSTM({ units: 32, returnSequences: true, inputShape: [8, 16] }),
        new LSTM({ units: 32, returnSequences: true }),
        new LSTM({ units: 32 }),
        new Dense({ units: 10, activation: 'softmax' }),
      ]),
    data: () => [tf.randomUniform([64, 8, 16]), tf.randomUniform([64, 10])],
    chunk: 20,
  },
  {
    name: '003 two-input QA (Embedding + LSTM, length 100), batch 64',
    build: () => {
      const text = Input({ shape: [null], dtype: 'int32', name: 'text' });
      const question = Input({ shape: [null], dtype: 'int32', name: 'question' });
      const encodedText = new LSTM({ units: 32 }).apply(new Embedding({ inputDim: 10000, outputDim: 64 }).apply(text));
      const encodedQuestion = new LSTM({ units: 16 }).apply(new Embedding({ inputDim: 10000, outputDim: 64 }).apply(question));
      const answer = new Dense({ units: 500, activation: 'softmax' }).apply(concatenate([encodedText, encodedQuestion], { axis: -1 }));
      return new Model({ inputs: [text, question], outputs: answer });
    },
    data: () => [
      [tf.randomUniform([64, 100], 1, 10000, 'int32'), tf.randomUniform([64, 100], 1, 500, 'int32')],
      tf.cast(tf.randomUniform([64, 500], 0, 2, 'int32'), 'float32'),
    ],
    chunk: 4,
  },
];

// The whole-sequence kernels (backend-kit's fused LSTM/GRU ops), found by their registrations.
const fusedConfigs = tf.getKernelsForBackend(backend).filter((config) => /^Keras(LSTM|GRU)Sequence(Grad)?$/.test(config.kernelName));
const setFused = (on: boolean) => {
  for (const config of fusedConfigs) {
    if (tf.getKernel(config.kernelName, backend) !== undefined) tf.unregisterKernel(config.kernelName, backend);
    if (on) tf.registerKernel(config);
  }
};

/** Kernels run by one trainOnBatch, counted by wrapping every kernel the backend registers. */
async function kernelsPerStep(model: Model, x: tf.Tensor | tf.Tensor[], y: tf.Tensor): Promise<number> {
  let count = 0;
  const configs = tf.getKernelsForBackend(backend);
  for (const config of configs) {
    tf.unregisterKernel(config.kernelName, backend);
    tf.registerKernel({
      ...config,
      kernelFunc: (args) => {
        count++;
        return config.kernelFunc(args);
      },
    });
  }
  try {
    await model.trainOnBatch(x, y);
  } finally {
    for (const config of configs) {
      tf.unregisterKernel(config.kernelName, backend);
      tf.registerKernel(config);
    }
  }
  return count;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const modes = [
  { name: 'per-step eager', fused: false, jitCompile: false },
  { name: 'fused eager', fused: true, jitCompile: false },
  { name: 'per-step compiled', fused: false, jitCompile: 'auto' },
  { name: 'fused compiled', fused: true, jitCompile: 'auto' },
] as const;

for (const workload of workloads) {
  setRandomSeed(1);
  const [x, y] = workload.data();
  const models = modes.map((mode) => {
    const model = workload.build();
    model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'], jitCompile: mode.jitCompile });
    return model;
  });
  const counts: number[] = [];
  for (const [index, mode] of modes.entries()) {
    setFused(mode.fused);
    for (let step = 0; step < 5; step++) await models[index]!.trainOnBatch(x, y);
    counts.push(mode.jitCompile === false ? await kernelsPerStep(models[index]!, x, y) : Number.NaN);
  }
  const times: number[][] = modes.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (const [index, mode] of modes.entries()) {
      setFused(mode.fused);
      const start = performance.now();
      for (let step = 0; step < workload.chunk; step++) await models[index]!.trainOnBatch(x, y);
      times[index]!.push((performance.now() - start) / workload.chunk);
    }
  }
  setFused(true);
  console.log(`${backend} ${workload.name}`);
  modes.forEach((mode, index) => {
    const plan = mode.jitCompile === 'auto' ? models[index]!.compiledStepPlans()[0]?.stats : undefined;
    const kernels = plan ? `${plan.tracedKernels} traced → ${plan.replayedKernels} replayed` : Number.isNaN(counts[index]!) ? 'no plan' : `${counts[index]}`;
    console.log(
      `  ${mode.name.padEnd(18)} ${median(times[index]!).toFixed(2).padStart(8)} ms/step  [${Math.min(...times[index]!).toFixed(2)}–${Math.max(...times[index]!).toFixed(2)}]  kernels/step ${kernels}`,
    );
  });
  tf.dispose([x, y].flat());
  for (const model of models) model.dispose();
}
