import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, type SymbolicTensor } from '@keras-ts/core';
import { Conv1D, Conv2D, Dense, Embedding, Flatten, GlobalAveragePooling1D, GlobalMaxPooling1D, GRU, LSTM, MaxPooling2D } from '@keras-ts/layers';
import { type Optimizer, RMSprop } from '@keras-ts/optimizers';
import { seededRandom, seedFromName } from '../check/seeded-random.js';

/** A short training run whose per-epoch losses a backend must reproduce. */
export interface FitCase {
  name: string;
  /** Builds the model (weights are then overwritten with shared initial values). */
  build(): Model;
  /** Input shape without the batch dimension, and dtype. */
  input: { shape: number[]; dtype: 'float32' | 'int32'; vocabulary?: number };
  /** Number of classes of the targets (1: binary targets). */
  classes: number;
  loss: string;
  /**
   * The optimizer, by name or built fresh per run. The cases use RMSprop and Adam, whose updates
   * backends fuse or amplify small differences in, so a fused path cannot drift unchecked.
   */
  optimizer: string | (() => Optimizer);
}

const apply = (input: SymbolicTensor, ...layers: { apply(x: SymbolicTensor): unknown }[]) =>
  layers.reduce<SymbolicTensor>((x, layer) => layer.apply(x) as SymbolicTensor, input);

function model(name: string, shape: number[], dtype: 'float32' | 'int32', body: (input: SymbolicTensor) => SymbolicTensor): Model {
  const input = Input({ shape, dtype });
  return new Model({ inputs: input, outputs: body(input), name });
}

/** Dense (every fused activation), Conv1D, Conv2D, LSTM, GRU and Embedding models, as issue 8 lists. */
export const fitCases: readonly FitCase[] = [
  {
    name: 'fit/dense',
    build: () =>
      model('dense_model', [8], 'float32', (x) => apply(x, new Dense({ units: 16, activation: 'relu' }), new Dense({ units: 3, activation: 'softmax' }))),
    input: { shape: [8], dtype: 'float32' },
    classes: 3,
    loss: 'categoricalCrossentropy',
    optimizer: 'rmsprop',
  },
  {
    name: 'fit/dense-activations',
    build: () =>
      model('dense_activations_model', [8], 'float32', (x) =>
        apply(
          x,
          new Dense({ units: 12, activation: 'tanh' }),
          new Dense({ units: 10, activation: 'sigmoid', useBias: false }),
          new Dense({ units: 8 }),
          new Dense({ units: 3, activation: 'softmax' }),
        ),
      ),
    input: { shape: [8], dtype: 'float32' },
    classes: 3,
    loss: 'categoricalCrossentropy',
    optimizer: 'adam',
  },
  {
    name: 'fit/conv1d',
    build: () =>
      model('conv1d_model', [12, 4], 'float32', (x) =>
        apply(x, new Conv1D({ filters: 6, kernelSize: 3, activation: 'relu' }), new GlobalMaxPooling1D(), new Dense({ units: 2, activation: 'softmax' })),
      ),
    input: { shape: [12, 4], dtype: 'float32' },
    classes: 2,
    loss: 'categoricalCrossentropy',
    optimizer: 'adam',
  },
  {
    name: 'fit/conv2d',
    build: () =>
      model('conv2d_model', [8, 8, 2], 'float32', (x) =>
        apply(
          x,
          new Conv2D({ filters: 4, kernelSize: 3, activation: 'relu' }),
          new MaxPooling2D({ poolSize: 2 }),
          new Flatten(),
          new Dense({ units: 3, activation: 'softmax' }),
        ),
      ),
    input: { shape: [8, 8, 2], dtype: 'float32' },
    classes: 3,
    loss: 'categoricalCrossentropy',
    optimizer: 'rmsprop',
  },
  {
    name: 'fit/lstm',
    build: () => model('lstm_model', [6, 3], 'float32', (x) => apply(x, new LSTM({ units: 5 }), new Dense({ units: 2, activation: 'softmax' }))),
    input: { shape: [6, 3], dtype: 'float32' },
    classes: 2,
    loss: 'categoricalCrossentropy',
    optimizer: 'adam',
  },
  {
    name: 'fit/gru',
    build: () => model('gru_model', [6, 3], 'float32', (x) => apply(x, new GRU({ units: 5 }), new Dense({ units: 1, activation: 'sigmoid' }))),
    input: { shape: [6, 3], dtype: 'float32' },
    classes: 1,
    loss: 'binaryCrossentropy',
    // RMSprop's momentum and centered variants are not fused anywhere: their op chain is checked here.
    optimizer: () => new RMSprop({ momentum: 0.5, centered: true }),
  },
  {
    name: 'fit/embedding',
    build: () =>
      model('embedding_model', [7], 'int32', (x) =>
        apply(x, new Embedding({ inputDim: 20, outputDim: 4 }), new GlobalAveragePooling1D(), new Dense({ units: 2, activation: 'softmax' })),
      ),
    input: { shape: [7], dtype: 'int32', vocabulary: 20 },
    classes: 2,
    loss: 'categoricalCrossentropy',
    optimizer: 'rmsprop',
  },
];

/** Deterministic data for a fit case: 32 samples and their targets, as plain arrays. */
export function fitData(fitCase: FitCase): { x: number[]; y: number[]; samples: number } {
  const random = seededRandom(seedFromName(fitCase.name));
  const samples = 32;
  const perSample = fitCase.input.shape.reduce((a, b) => a * b, 1);
  const x = Array.from({ length: samples * perSample }, () =>
    fitCase.input.vocabulary === undefined ? random() * 2 - 1 : Math.floor(random() * fitCase.input.vocabulary),
  );
  const width = Math.max(fitCase.classes, 1);
  const y: number[] = [];
  for (let i = 0; i < samples; i++) {
    const label = Math.floor(random() * Math.max(fitCase.classes, 2));
    if (fitCase.classes === 1) y.push(label);
    else for (let c = 0; c < width; c++) y.push(c === label ? 1 : 0);
  }
  return { x, y, samples };
}

/** Trains the case for 3 epochs on the active backend from the given initial weights; returns the epoch losses. */
export async function trainFitCase(fitCase: FitCase, initialWeights: Float32Array[] | undefined): Promise<{ losses: number[]; weights: Float32Array[] }> {
  const built = fitCase.build();
  if (initialWeights !== undefined) {
    built.setWeights(built.weights.map((w, i) => tf.tensor(initialWeights[i]!, w.shape, w.dtype)));
  }
  const initial = built.getWeights().map((t) => {
    const values = t.dataSync() as Float32Array;
    t.dispose();
    return Float32Array.from(values);
  });
  const { x, y, samples } = fitData(fitCase);
  const xs = tf.tensor(x, [samples, ...fitCase.input.shape], fitCase.input.dtype);
  const ys = tf.tensor(y, [samples, Math.max(fitCase.classes, 1)]);
  const optimizer = typeof fitCase.optimizer === 'string' ? fitCase.optimizer : fitCase.optimizer();
  built.compile({ optimizer, loss: fitCase.loss });
  const history = await built.fit(xs, ys, { epochs: 3, batchSize: 8, shuffle: false, verbose: 0 });
  tf.dispose([xs, ys]);
  built.dispose();
  return { losses: history.history.loss!, weights: initial };
}
