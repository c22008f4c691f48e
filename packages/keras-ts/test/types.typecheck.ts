// Type-level tests: Keras-style code that must compile without casts, and the exact types it
// gets. `tsc --noEmit` (the package's typecheck task) checks this file; nothing runs it. A type
// that regresses — `apply` widening back to `SymbolicTensor | SymbolicTensor[]`, `predict` to
// `Tensor | Tensor[]` — fails one of the `Equal` checks or the `@ts-expect-error` lines.
import * as tf from '@tensorflow/tfjs-core';
import { Input, type Layer, type Logs, Model, type Scores, Sequential, type SymbolicTensor, layers } from '../src/index.js';

/** True when A and B are the same type (not merely assignable). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/**
 * Compiles only when `Actual` is exactly `Expected`; otherwise tsc reports "Expected 2 arguments,
 * but got 1" at the call (the mismatch demands a second, impossible argument).
 */
function expectType<Expected>() {
  return <Actual>(_value: Actual, ..._exact: Equal<Actual, Expected> extends true ? [] : [never]): void => {};
}

export async function sequentialModel(x: tf.Tensor, y: tf.Tensor): Promise<void> {
  const model = new Sequential([
    new layers.Dense({ units: 64, activation: 'relu', inputShape: [20] }),
    new layers.Dropout({ rate: 0.5 }),
    new layers.Dense({ units: 10, activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  await model.fit(x, y, { epochs: 1 });

  const predictions = model.predict(x);
  expectType<tf.Tensor>()(predictions);
  const labels: tf.Tensor = tf.argMax(model.predict(x), 1);
  expectType<tf.Tensor>()(model.predictOnBatch(x));
  // @ts-expect-error a Sequential has one output: predict returns a Tensor, not a list.
  const [_first] = model.predict(x);

  const [loss, accuracy] = await model.evaluate(x, y);
  expectType<number>()(loss);
  expectType<number>()(accuracy);
  const score = await model.evaluate(x, y, { verbose: 0 });
  expectType<Scores>()(score);
  const lossOnly: number = await model.evaluate(x, y);
  expectType<Logs>()(await model.evaluate(x, y, { returnDict: true }));
  const [batchLoss, batchAccuracy] = await model.trainOnBatch(x, y);
  const batchLossOnly: number = model.testOnBatch(x, y);
  expectType<Logs>()(await model.trainOnBatch(x, y, { returnDict: true }));
  expectType<Logs>()(model.testOnBatch(x, y, { returnDict: true }));
  tf.dispose([predictions, labels]);
  void [loss, accuracy, lossOnly, batchLoss, batchAccuracy, batchLossOnly];
}

export function functionalChaining(): void {
  const inputs = Input({ shape: [784] });
  let x = new layers.Dense({ units: 64, activation: 'relu' }).apply(inputs);
  x = new layers.Dense({ units: 64, activation: 'relu' }).apply(x);
  const outputs = new layers.Dense({ units: 10, activation: 'softmax' }).apply(new layers.Dropout({ rate: 0.2 }).apply(x));
  expectType<SymbolicTensor>()(outputs);

  const model = new Model({ inputs, outputs });
  expectType<Model<SymbolicTensor>>()(model);
  const data = tf.zeros([4, 784]);
  expectType<tf.Tensor>()(model.predict(data));
  const classes = tf.argMax(model.predict(data), 1);

  // A model used as a layer returns what its outputs say.
  const reused = model.apply(Input({ shape: [784] }));
  expectType<SymbolicTensor>()(reused);
  const frames = new layers.TimeDistributed({ layer: model }).apply(Input({ shape: [20, 784] }));
  expectType<SymbolicTensor>()(frames);

  // Eager calls return Tensors.
  expectType<tf.Tensor>()(new layers.Dense({ units: 3 }).apply(data));
  expectType<tf.Tensor>()(model.apply(data));
  tf.dispose([data, classes]);
}

export function mergeHelpers(a: tf.Tensor, b: tf.Tensor): void {
  const left = Input({ shape: [8] });
  const right = Input({ shape: [8] });
  expectType<SymbolicTensor>()(layers.concatenate([left, right], { axis: -1 }));
  expectType<SymbolicTensor>()(layers.add([left, right]));
  expectType<SymbolicTensor>()(layers.subtract([left, right]));
  expectType<SymbolicTensor>()(layers.multiply([left, right]));
  expectType<SymbolicTensor>()(layers.average([left, right]));
  expectType<SymbolicTensor>()(layers.maximum([left, right]));
  expectType<SymbolicTensor>()(layers.minimum([left, right]));
  expectType<SymbolicTensor>()(layers.dot([left, right], { axes: 1 }));
  expectType<tf.Tensor>()(layers.concatenate([a, b]));
  expectType<tf.Tensor>()(layers.add([a, b]));
  // @ts-expect-error symbolic and real tensors do not mix.
  layers.add([left, a]);
}

export function recurrentLayers(): void {
  const sequence = Input({ shape: [10, 4] });
  expectType<SymbolicTensor>()(new layers.LSTM({ units: 8 }).apply(sequence));
  expectType<SymbolicTensor>()(new layers.GRU({ units: 8, returnSequences: true }).apply(sequence));

  const [output, hiddenState, cellState] = new layers.LSTM({ units: 8, returnState: true }).apply(sequence);
  expectType<SymbolicTensor>()(output);
  expectType<SymbolicTensor>()(hiddenState);
  expectType<SymbolicTensor>()(cellState);
  // The states feed another LSTM's initial state: the encoder–decoder spelling.
  const decoded = new layers.LSTM({ units: 8 }).apply(sequence, { initialState: [hiddenState, cellState] });
  expectType<SymbolicTensor>()(decoded);
  expectType<[SymbolicTensor, SymbolicTensor]>()(new layers.GRU({ units: 8, returnState: true }).apply(sequence));
  expectType<[SymbolicTensor, SymbolicTensor]>()(new layers.SimpleRNN({ units: 8, returnState: true }).apply([sequence]));

  const encoded = new layers.Bidirectional({ layer: new layers.LSTM({ units: 8 }) }).apply(sequence);
  expectType<SymbolicTensor>()(encoded);
  const [merged, forwardH, forwardC, backwardH, backwardC] = new layers.Bidirectional({ layer: new layers.LSTM({ units: 8, returnState: true }) }).apply(
    sequence,
  );
  expectType<SymbolicTensor>()(merged);
  void [forwardH, forwardC, backwardH, backwardC];
  expectType<[SymbolicTensor, SymbolicTensor]>()(new layers.Bidirectional({ layer: new layers.GRU({ units: 8 }), mergeMode: null }).apply(sequence));

  // A returnState flag only known at run time gives the union, as it must.
  const flag: boolean = Math.random() > 0.5;
  expectType<SymbolicTensor | [SymbolicTensor, SymbolicTensor, SymbolicTensor]>()(new layers.LSTM({ units: 8, returnState: flag }).apply(sequence));
  // Eager: the same structure of Tensors.
  const [eagerOutput, ...eagerStates] = new layers.LSTM({ units: 2, returnState: true }).apply(tf.zeros([1, 3, 4]));
  expectType<tf.Tensor>()(eagerOutput);
  expectType<[tf.Tensor, tf.Tensor]>()(eagerStates);
}

export async function multiInputMultiOutput(headlines: tf.Tensor, extra: tf.Tensor, y1: tf.Tensor, y2: tf.Tensor): Promise<void> {
  const mainInput = Input({ shape: [100], dtype: 'int32', name: 'main_input' });
  const lstmOut = new layers.LSTM({ units: 32 }).apply(new layers.Embedding({ inputDim: 10000, outputDim: 512 }).apply(mainInput));
  const auxiliaryOutput = new layers.Dense({ units: 1, activation: 'sigmoid', name: 'aux_output' }).apply(lstmOut);
  const auxiliaryInput = Input({ shape: [5], name: 'aux_input' });
  const x = new layers.Dense({ units: 64, activation: 'relu' }).apply(layers.concatenate([lstmOut, auxiliaryInput]));
  const mainOutput = new layers.Dense({ units: 1, activation: 'sigmoid', name: 'main_output' }).apply(x);

  const model = new Model({ inputs: [mainInput, auxiliaryInput], outputs: [mainOutput, auxiliaryOutput] });
  model.compile({ optimizer: 'rmsprop', loss: 'binaryCrossentropy', lossWeights: [1, 0.2] });
  await model.fit([headlines, extra], [y1, y2], { epochs: 1 });

  const predictions = model.predict([headlines, extra]);
  expectType<[tf.Tensor, tf.Tensor]>()(predictions);
  const asList: tf.Tensor[] = model.predict({ main_input: headlines, aux_input: extra });
  const [mainPrediction, auxiliaryPrediction] = model.predict([headlines, extra]);
  const rounded = tf.round(mainPrediction);
  expectType<[tf.Tensor, tf.Tensor]>()(model.predictOnBatch([headlines, extra]));
  const [totalLoss, mainLoss, auxiliaryLoss] = await model.evaluate([headlines, extra], [y1, y2]);
  expectType<number>()(totalLoss);

  // Outputs by name or as a list of unknown length: predict still returns a list.
  const byName = new Model({ inputs: mainInput, outputs: { main_output: mainOutput, aux_output: auxiliaryOutput } });
  expectType<tf.Tensor[]>()(byName.predict(headlines));
  const outputList: SymbolicTensor[] = [mainOutput, auxiliaryOutput];
  const fromList = new Model({ inputs: [mainInput, auxiliaryInput], outputs: outputList });
  expectType<tf.Tensor[]>()(fromList.predict([headlines, extra]));
  // As a layer, a model with two outputs returns two symbolic tensors.
  const [main2, auxiliary2] = model.apply([Input({ shape: [100], dtype: 'int32' }), Input({ shape: [5] })]);
  expectType<SymbolicTensor>()(main2);
  void [asList, auxiliaryPrediction, rounded, mainLoss, auxiliaryLoss, auxiliary2];
}

export function unknownModels(loaded: Model, anyLayer: Layer, data: tf.Tensor): void {
  // A model or layer whose outputs the type does not know says so: the union.
  expectType<tf.Tensor | tf.Tensor[]>()(loaded.predict(data));
  expectType<SymbolicTensor | SymbolicTensor[]>()(anyLayer.apply(Input({ shape: [3] })));
  // Every model and layer still is a Layer and a Model, whatever its outputs.
  const asLayers: Layer[] = [new layers.LSTM({ units: 4, returnState: true }), new Sequential(), loaded];
  const asModel: Model = new Model({ inputs: Input({ shape: [3] }), outputs: [Input({ shape: [3] })] });
  new Sequential([loaded, new layers.Dense({ units: 1 })]);
  void [asLayers, asModel];
}
