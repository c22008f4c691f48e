import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@keras-ts/optimizers';
import type { Callback, Logs } from '../callbacks/callback.js';
import { CallbackList } from '../callbacks/callback-list.js';
import { History } from '../callbacks/history.js';
import { ProgbarLogger } from '../callbacks/progbar-logger.js';
import { platform } from '#platform';
import { NotCompiledError, ValueError } from '../errors/errors.js';
import { Layer } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import type { CallOptions } from '../engine/types.js';
import type { ModelOutputs, PredictOutput } from '../models/model-outputs.js';
import { type CompileOptions, type CompiledConfig, resolveCompileOptions } from './compile-options.js';
import { type BatchSource, BatchSourceReader, isBatchSource } from './batch-source.js';
import { applyClassWeight, checkClassWeight } from './class-weight.js';
import type { Batch, TensorData, TensorDataset } from './data-adapter.js';
import type { EvaluateOptions, FitOptions, PredictOptions } from './options.js';
import { preflight } from './preflight.js';
import { type PreparedData, prepareData } from './prepare-data.js';
import type { Scores } from './scores.js';
import { StepState } from './step-state.js';

/** Where an epoch's batches come from: in-memory tensors or a batch source. */
interface Feed {
  batches(batchSize: number, shuffle: boolean, steps?: number): Iterable<Batch> | AsyncIterable<Batch>;
  /** Batches per pass, when known. */
  count(batchSize: number): number | undefined;
  exhausted?(): boolean;
}

function tensorFeed(dataset: TensorDataset): Feed {
  return { batches: (batchSize, shuffle, steps) => dataset.batches(batchSize, shuffle, steps), count: (batchSize) => dataset.batchCount(batchSize) };
}

function sourceFeed(reader: BatchSourceReader): Feed {
  return { batches: (_batchSize, _shuffle, steps) => reader.batches(steps), count: () => undefined, exhausted: () => reader.exhausted };
}

// setImmediate in Node, a MessageChannel task in browsers (see src/platform/).
const yieldToEventLoop = () => platform.yieldToEventLoop();

/**
 * compile / fit / evaluate / predict for models (Keras 3's Trainer). Model inherits it; the
 * graph itself lives in Model. `Outputs` is the type of the model's outputs (see
 * {@link ModelOutputs}); it decides whether `predict` returns one tensor or a list.
 */
export abstract class Trainer<Outputs extends ModelOutputs = ModelOutputs> extends Layer {
  /** Set to true (e.g. from a callback) to stop `fit` after the current batch. */
  stopTraining = false;
  protected compiled: CompiledConfig | undefined;
  private stepState: StepState | undefined;
  private stepStateKey = '';

  abstract inputs: SymbolicTensor[];
  abstract outputs: SymbolicTensor[];
  abstract get inputNames(): string[];
  abstract get outputNames(): string[];
  abstract runGraph(inputs: tf.Tensor[], options?: CallOptions): tf.Tensor[];
  abstract get nodes(): Node[];
  protected abstract singleOutput: boolean;

  /** Builds a model whose input shape was deferred, from the first data it sees. */
  protected buildFromData(_x: TensorData): void {}

  /** The optimizer set by `compile`. */
  get optimizer(): Optimizer | undefined {
    return this.compiled?.optimizer;
  }

  /** Whether `compile` has been called. */
  get isCompiled(): boolean {
    return this.compiled !== undefined;
  }

  /** Configures training: optimizer, loss(es), metrics and loss weights (see {@link CompileOptions}). */
  compile(options: CompileOptions): void {
    if (this.outputs.length === 0) {
      throw new ValueError(`Model '${this.name}' has no layers with a known input shape yet; add layers (the first with \`inputShape\`) before compile, or call fit which builds it from the data.`);
    }
    const compiled = resolveCompileOptions(options, this.outputNames);
    this.stepState?.dispose();
    this.stepState = undefined;
    // An optimizer compile created from a name belongs to the model; one the user passed stays theirs.
    if (this.compiled?.ownsOptimizer && this.compiled.optimizer !== compiled.optimizer) this.compiled.optimizer.dispose();
    this.compiled = compiled;
  }

  private assertCompiled(method: string): CompiledConfig {
    if (this.compiled === undefined) {
      throw new NotCompiledError(`You must call compile() before ${method}(), e.g. model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }).`);
    }
    return this.compiled;
  }

  private state(yShapes: number[][]): StepState {
    const compiled = this.assertCompiled('fit');
    const key = JSON.stringify(yShapes.map((s) => s.slice(1)));
    if (this.stepState === undefined || this.stepStateKey !== key) {
      this.stepState?.dispose();
      this.stepState = new StepState(compiled, this.outputNames, yShapes, this.outputs.map((t) => t.shape));
      this.stepStateKey = key;
    }
    return this.stepState;
  }

  private prepare(x: TensorData, y: TensorData | undefined, sampleWeight: TensorData | undefined, prefix = ''): PreparedData {
    this.buildFromData(x);
    return prepareData(this, x, y, sampleWeight, this.compiled?.losses, prefix);
  }

  /**
   * Trains for `epochs` epochs; resolves to the History (`history.history.loss`, `val_loss`, …).
   * `x` and `y` are Tensors, arrays in input/output order, or objects keyed by name; or pass a
   * batch source (an iterable or async iterable of `[x, y]` / `[x, y, sampleWeight]` batches)
   * as `x` and the options second.
   */
  async fit(x: BatchSource, options?: FitOptions): Promise<History>;
  async fit(x: TensorData, y: TensorData, options?: FitOptions): Promise<History>;
  async fit(x: TensorData | BatchSource, yOrOptions?: TensorData | FitOptions, maybeOptions?: FitOptions): Promise<History> {
    this.assertCompiled('fit');
    const fromSource = isBatchSource(x);
    const options = ((fromSource ? yOrOptions : maybeOptions) ?? {}) as FitOptions;
    const { epochs = 1, batchSize = 32, verbose = 1, shuffle = true, initialEpoch = 0, validationFreq = 1 } = options;
    checkPositiveInteger('batchSize', batchSize);
    checkPositiveInteger('epochs', epochs);
    if (!fromSource && yOrOptions === undefined) throw new ValueError('fit(x, y): `y` (the targets) is missing.');
    if (options.validationSplit !== undefined && options.validationData !== undefined) {
      throw new ValueError('Pass either `validationSplit` or `validationData` to fit(), not both.');
    }
    if (fromSource && options.validationSplit !== undefined) {
      throw new ValueError('`validationSplit` needs in-memory data; with a batch source pass `validationData` (another batch source or tensors).');
    }
    if (options.classWeight !== undefined) checkClassWeight(options.classWeight, this.outputs.length);
    const owned: { dispose(): void }[] = [];
    try {
      let train: Feed;
      let validation: Feed | undefined;
      let samples: number | undefined;
      if (fromSource) {
        this.assertBuiltForSource();
        train = sourceFeed(new BatchSourceReader(x, this, true));
      } else {
        const prepared = this.prepare(x as TensorData, yOrOptions as TensorData, options.sampleWeight);
        owned.push(prepared);
        let dataset = prepared.dataset;
        if (options.validationSplit !== undefined && options.validationSplit > 0) {
          const [head, tail] = dataset.split(options.validationSplit);
          owned.push(head, tail);
          dataset = head;
          validation = tensorFeed(tail);
        }
        train = tensorFeed(dataset);
        samples = dataset.size;
      }
      if (options.validationData !== undefined) {
        if (isBatchSource(options.validationData)) {
          validation = sourceFeed(new BatchSourceReader(options.validationData, this, true, 'validationData'));
        } else {
          const [vx, vy, vsw] = options.validationData as [TensorData, TensorData, TensorData?];
          const preparedValidation = this.prepare(vx, vy, vsw, 'validationData.');
          owned.push(preparedValidation);
          validation = tensorFeed(preparedValidation.dataset);
        }
      }
      preflight(this);
      const steps = options.stepsPerEpoch ?? train.count(batchSize);
      const history = new History();
      const callbacks = new CallbackList([...defaultProgress(verbose, options.callbacks), ...(options.callbacks ?? []), history]);
      callbacks.configure(this, { epochs, steps, verbose, batchSize, samples, doValidation: validation !== undefined });
      this.stopTraining = false;
      await callbacks.call('onTrainBegin');
      // BackupAndRestore resumes an interrupted fit: it sets the epoch to start from in onTrainBegin.
      const startEpoch = (this as { _initialEpochOverride?: number })._initialEpochOverride ?? initialEpoch;
      let lastYield = performance.now();
      let epochLogs: Logs = {};
      for (let epoch = startEpoch; epoch < epochs && !this.stopTraining; epoch++) {
        this.stepState?.reset();
        await callbacks.call('onEpochBegin', epoch);
        let step = 0;
        let state: StepState | undefined;
        for await (let batch of train.batches(batchSize, shuffle, options.stepsPerEpoch)) {
          await callbacks.call('onTrainBatchBegin', step);
          try {
            if (options.classWeight !== undefined) batch = applyClassWeight(batch, options.classWeight);
            state = this.state(batch.y.map((t) => t.shape));
            state.trainStep(this, batch);
          } finally {
            disposeBatch(batch);
          }
          const logs = callbacks.wantsBatchLogs(step, 'train') ? state.readLogs() : undefined;
          await callbacks.call('onTrainBatchEnd', step, logs);
          step++;
          if (performance.now() - lastYield > 100) {
            await yieldToEventLoop();
            lastYield = performance.now();
          }
          if (this.stopTraining) break;
        }
        if (state === undefined || train.exhausted?.() === true) {
          console.warn(
            `fit: the batch source ran out of data after ${step} batch(es) in epoch ${epoch + 1}; training stops. Make it re-iterable or let it yield stepsPerEpoch × epochs batches.`,
          );
          this.stopTraining = true;
          if (state === undefined) break;
        }
        epochLogs = state.readLogs();
        if (validation !== undefined && (epoch + 1) % validationFreq === 0) {
          const validationLogs = await this.runTest(validation, options.validationBatchSize ?? batchSize, callbacks, options.validationSteps);
          for (const [key, value] of Object.entries(validationLogs)) epochLogs[`val_${key}`] = value;
        }
        await callbacks.call('onEpochEnd', epoch, epochLogs);
        await yieldToEventLoop();
      }
      await callbacks.call('onTrainEnd', epochLogs);
      return history;
    } finally {
      for (const item of owned) item.dispose();
    }
  }

  /** A deferred Sequential cannot build from a batch source before reading it. */
  private assertBuiltForSource(): void {
    if (this.outputs.length === 0) {
      throw new ValueError(`Model '${this.name}' has no known input shape; give its first layer \`inputShape\` before using a batch source.`);
    }
  }

  private async runTest(feed: Feed, batchSize: number, callbacks: CallbackList, steps?: number): Promise<Logs> {
    this.stepState?.reset();
    await callbacks.call('onTestBegin');
    let step = 0;
    let state: StepState | undefined;
    for await (const batch of feed.batches(batchSize, false, steps)) {
      await callbacks.call('onTestBatchBegin', step);
      try {
        state = this.state(batch.y.map((t) => t.shape));
        state.testStep(this, batch);
      } finally {
        disposeBatch(batch);
      }
      await callbacks.call('onTestBatchEnd', step, callbacks.wantsBatchLogs(step, 'test') ? state.readLogs() : undefined);
      step++;
    }
    if (state === undefined) throw new ValueError('The evaluation data produced no batches.');
    const logs = state.readLogs();
    await callbacks.call('onTestEnd', logs);
    return logs;
  }

  /**
   * Loss and metrics on data, in Keras's order: `[loss, ...outputLosses, ...metrics]`, a single
   * number when there is only the loss (see {@link Scores} for how the type covers both), or a
   * record keyed by log name with `returnDict: true`.
   */
  evaluate(x: BatchSource, options: EvaluateOptions & { returnDict: true }): Promise<Logs>;
  evaluate(x: BatchSource, options?: EvaluateOptions & { returnDict?: false }): Promise<Scores>;
  evaluate(x: BatchSource, options?: EvaluateOptions): Promise<Scores | Logs>;
  evaluate(x: TensorData, y: TensorData, options: EvaluateOptions & { returnDict: true }): Promise<Logs>;
  evaluate(x: TensorData, y: TensorData, options?: EvaluateOptions & { returnDict?: false }): Promise<Scores>;
  evaluate(x: TensorData, y: TensorData, options?: EvaluateOptions): Promise<Scores | Logs>;
  async evaluate(x: TensorData | BatchSource, yOrOptions?: TensorData | EvaluateOptions, maybeOptions?: EvaluateOptions): Promise<number | number[] | Logs> {
    this.assertCompiled('evaluate');
    const fromSource = isBatchSource(x);
    const options = ((fromSource ? yOrOptions : maybeOptions) ?? {}) as EvaluateOptions;
    const { batchSize = 32, verbose = 1 } = options;
    checkPositiveInteger('batchSize', batchSize);
    let prepared: PreparedData | undefined;
    try {
      let feed: Feed;
      if (fromSource) {
        this.assertBuiltForSource();
        feed = sourceFeed(new BatchSourceReader(x, this, true));
      } else {
        if (yOrOptions === undefined) throw new ValueError('evaluate(x, y): `y` (the targets) is missing.');
        prepared = this.prepare(x as TensorData, yOrOptions as TensorData, options.sampleWeight);
        feed = tensorFeed(prepared.dataset);
      }
      preflight(this);
      const callbacks = new CallbackList([...defaultProgress(verbose, options.callbacks), ...(options.callbacks ?? [])]);
      callbacks.configure(this, { steps: options.steps ?? feed.count(batchSize), verbose });
      const logs = await this.runTest(feed, batchSize, callbacks, options.steps);
      if (options.returnDict) return logs;
      const values = Object.values(logs);
      return values.length === 1 ? values[0]! : values;
    } finally {
      prepared?.dispose();
    }
  }

  /**
   * Runs the model on `x` in batches (inference mode) and returns the outputs: one tensor for a
   * model with one output tensor (every Sequential), a list in output order otherwise (see
   * {@link PredictOutput}).
   */
  predict(x: TensorData, options?: PredictOptions): PredictOutput<Outputs>;
  predict(x: TensorData, options: PredictOptions = {}): tf.Tensor | tf.Tensor[] {
    const { batchSize = 32, verbose = 0 } = options;
    checkPositiveInteger('batchSize', batchSize);
    const prepared = this.prepare(x, undefined, undefined);
    const dataset = prepared.dataset;
    const callbacks = new CallbackList([...defaultProgress(verbose, options.callbacks), ...(options.callbacks ?? [])]);
    callbacks.configure(this, { steps: dataset.batchCount(batchSize), verbose });
    const parts: tf.Tensor[][] = this.outputs.map(() => []);
    try {
      void callbacks.call('onPredictBegin');
      let step = 0;
      for (const batch of dataset.batches(batchSize, false, options.steps)) {
        try {
          const outputs = tf.tidy(() => this.runGraph(batch.x, { training: false }));
          outputs.forEach((output, i) => parts[i]!.push(output));
        } finally {
          disposeBatch(batch);
        }
        void callbacks.call('onPredictBatchEnd', step++);
      }
      void callbacks.call('onPredictEnd');
      const results = parts.map((list) => (list.length === 1 ? list[0]! : tf.concat(list, 0)));
      for (const list of parts) if (list.length > 1) tf.dispose(list);
      return this.singleOutput && results.length === 1 ? results[0]! : results;
    } finally {
      prepared.dispose();
    }
  }

  /** Runs the model on one batch (inference mode); returns what `predict` does. */
  predictOnBatch(x: TensorData): PredictOutput<Outputs>;
  predictOnBatch(x: TensorData): tf.Tensor | tf.Tensor[] {
    const prepared = this.prepare(x, undefined, undefined);
    try {
      const outputs = tf.tidy(() => this.runGraph(prepared.dataset.x.map((t, i) => castTo(t, this.inputs[i]!.dtype)), { training: false }));
      return this.singleOutput && outputs.length === 1 ? outputs[0]! : outputs;
    } finally {
      prepared.dispose();
    }
  }

  /**
   * One gradient update on one batch; returns the loss (and metrics) for that batch like
   * `evaluate` (see {@link Scores}), or a record with `returnDict: true`.
   */
  trainOnBatch(x: TensorData, y: TensorData, options: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict: true }): Promise<Logs>;
  trainOnBatch(x: TensorData, y: TensorData, options?: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict?: false }): Promise<Scores>;
  trainOnBatch(x: TensorData, y: TensorData, options?: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict?: boolean }): Promise<Scores | Logs>;
  async trainOnBatch(x: TensorData, y: TensorData, options: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict?: boolean } = {}): Promise<number | number[] | Logs> {
    this.assertCompiled('trainOnBatch');
    return this.onBatch(x, y, options, 'train');
  }

  /** Loss (and metrics) on one batch without updating weights; returns what `trainOnBatch` does. */
  testOnBatch(x: TensorData, y: TensorData, options: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict: true }): Logs;
  testOnBatch(x: TensorData, y: TensorData, options?: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict?: false }): Scores;
  testOnBatch(x: TensorData, y: TensorData, options?: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict?: boolean }): Scores | Logs;
  testOnBatch(x: TensorData, y: TensorData, options: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict?: boolean } = {}): number | number[] | Logs {
    this.assertCompiled('testOnBatch');
    return this.onBatch(x, y, options, 'test');
  }

  private onBatch(x: TensorData, y: TensorData, options: { sampleWeight?: TensorData; resetMetrics?: boolean; returnDict?: boolean }, mode: 'train' | 'test'): number | number[] | Logs {
    const prepared = this.prepare(x, y, options.sampleWeight);
    try {
      if (mode === 'train') preflight(this);
      const state = this.state(prepared.dataset.y.map((t) => t.shape));
      if (options.resetMetrics ?? true) state.reset();
      const { size } = prepared.dataset;
      for (const batch of prepared.dataset.batches(size, false)) {
        try {
          if (mode === 'train') state.trainStep(this, batch);
          else state.testStep(this, batch);
        } finally {
          disposeBatch(batch);
        }
      }
      const logs = state.readLogs();
      if (options.returnDict) return logs;
      const values = Object.values(logs);
      return values.length === 1 ? values[0]! : values;
    } finally {
      prepared.dispose();
    }
  }

  override dispose(): void {
    this.stepState?.dispose();
    this.stepState = undefined;
    if (this.compiled?.ownsOptimizer) this.compiled.optimizer.dispose();
    this.compiled = undefined;
    super.dispose();
  }
}

function castTo(t: tf.Tensor, dtype: tf.DataType): tf.Tensor {
  return t.dtype === dtype ? t : tf.cast(t, dtype);
}

function disposeBatch(batch: { x: tf.Tensor[]; y: tf.Tensor[]; sampleWeight: (tf.Tensor | undefined)[] }): void {
  tf.dispose([...batch.x, ...batch.y, ...batch.sampleWeight.filter((t): t is tf.Tensor => t !== undefined)]);
}

/** fit/evaluate/predict show Keras's progress display for verbose > 0, unless the user passed their own ProgbarLogger (with a stream or printFn). */
function defaultProgress(verbose: number, callbacks: readonly Callback[] = []): Callback[] {
  return verbose > 0 && !callbacks.some((callback) => callback instanceof ProgbarLogger) ? [new ProgbarLogger()] : [];
}

function checkPositiveInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0) throw new ValueError(`\`${name}\` must be a positive integer, got ${value}.`);
}


