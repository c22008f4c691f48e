import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@keras-ts/optimizers';
import type { Callback, Logs } from '../callbacks/callback.js';
import type { CallbackModel } from '../callbacks/callback-model.js';
import { type CallbackHook, CallbackList } from '../callbacks/callback-list.js';
import { History } from '../callbacks/history.js';
import { ProgbarLogger } from '../callbacks/progbar-logger.js';
import { platform } from '#platform';
import { NotCompiledError, ValueError } from '../errors/errors.js';
import { Layer } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import type { CallOptions } from '../engine/types.js';
import { weightStructureVersion } from '../engine/weight-structure.js';
import type { ModelOutputs, PredictOutput } from '../models/model-outputs.js';
import type { SaveTarget } from '../saving/handlers.js';
import type { SaveOptions } from '../saving/saveable.js';
import { type BatchSource, isBatchSource } from './batch-source.js';
import { CallGuard, type RunningCall } from './call-guard.js';
import {
  checkEvaluateOptions,
  checkFitOptions,
  checkOnBatchOptions,
  checkPredictOptions,
  checkStatefulBatches,
  type ResolvedFitOptions,
} from './call-checks.js';
import { type CompileOptions, type CompiledConfig, resolveCompileOptions } from './compile-options.js';
import type { Batch, DataAdapter, TensorData } from './data-adapter.js';
import { EpochIterator } from './epoch-iterator.js';
import { type FitData, createAdapter, fitData } from './fit-data.js';
import type { EvaluateOptions, FitOptions, PredictOptions } from './options.js';
import { numericsCheck } from './check-numerics.js';
import {
  averageNonTrainableWeights,
  beginDataParallelFit,
  checkGlobalBatchSize,
  checkSynchronizedRemainder,
  gatherRows,
  shardRange,
  synchronizedLayerNames,
} from './data-parallel.js';
import { type Distribution, getDistribution } from './distribution.js';
import { preflight } from './preflight.js';
import type { Scores } from './scores.js';
import { StepState, checkMetricsResolve, sortLogs, stepStateKey } from './step-state.js';
import { TensorAdapter } from './tensor-adapter.js';
import { CompiledSteps } from './compiled/compiled-steps.js';
import type { PlanStats } from './compiled/plan.js';

// setImmediate in Node, a MessageChannel task in browsers (see src/platform/).
const yieldToEventLoop = () => platform.yieldToEventLoop();

/** Options of `trainOnBatch` and `testOnBatch`. */
interface OnBatchOptions {
  sampleWeight?: TensorData;
  resetMetrics?: boolean;
  returnDict?: boolean;
  /** As fit's `checkNumerics`: a non-finite loss or gradient throws a NumericsError, and nothing is applied. */
  checkNumerics?: boolean;
}

/**
 * compile / fit / evaluate / predict for models (Keras 3's Trainer). Model inherits it; the
 * graph itself lives in Model. `Outputs` is the type of the model's outputs (see
 * {@link ModelOutputs}); it decides whether `predict` returns one tensor or a list.
 *
 * Every call validates all its arguments and data (shapes, dtypes, label ranges against the
 * losses' declared needs, validation data, sample and class weights, stateful batching) before it
 * touches weights, optimizer or metric state, so a refused call leaves the model as it was. A
 * model runs one `fit` / `evaluate` / `trainOnBatch` / `testOnBatch` / `compile` at a time.
 */
export abstract class Trainer<Outputs extends ModelOutputs = ModelOutputs> extends Layer implements CallbackModel {
  /** Set to true (e.g. from a callback) to stop `fit` after the current batch. */
  stopTraining = false;
  /** The History of the running or last `fit` (Keras's `model.history`). */
  history: History | undefined;
  protected compiled: CompiledConfig | undefined;
  /** The epoch the running `fit` starts from instead of its option, set through {@link Trainer.setInitialEpoch}. */
  protected initialEpoch: number | undefined;
  private stepState: StepState | undefined;
  private stepStateSignature = '';
  /** The traced and replayed steps (see compiled/compiled-steps.ts); replaced by compile. */
  private compiledSteps: CompiledSteps | undefined;
  /** {@link Trainer.weightsVersion}'s last answer, with the weight-structure count it holds for. */
  private weightsVersionMemo: { structure: number; version: string } | undefined;
  private readonly guard = new CallGuard(() => this.name);

  abstract inputs: SymbolicTensor[];
  abstract outputs: SymbolicTensor[];
  abstract get inputNames(): string[];
  abstract get outputNames(): string[];
  abstract runGraph(inputs: tf.Tensor[], options?: CallOptions): tf.Tensor[];
  abstract get nodes(): Node[];
  protected abstract singleOutput: boolean;
  /** The options given to `compile`, or undefined before compiling. */
  abstract get compileOptions(): CompileOptions | undefined;
  /** Saves the model (see `Model.save`). */
  abstract save(target: SaveTarget, options?: SaveOptions): Promise<tf.io.SaveResult>;
  /** Saves the weights only (see `Model.saveWeights`). */
  abstract saveWeights(target: SaveTarget): Promise<tf.io.SaveResult>;

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
    const call = this.guard.begin('compile');
    try {
      if (this.outputs.length === 0) {
        throw new ValueError(
          `Model '${this.name}' has no layers with a known input shape yet; add layers (the first with \`inputShape\`) before compile, or call fit which builds it from the data.`,
        );
      }
      const compiled = resolveCompileOptions(options, this.outputNames);
      this.stepState?.dispose();
      this.stepState = undefined;
      this.compiledSteps?.clear();
      this.compiledSteps = new CompiledSteps(compiled.jitCompile, this.name, () => this.jitOptOut());
      // An optimizer compile created from a name belongs to the model; one the user passed stays theirs.
      if (this.compiled?.ownsOptimizer && this.compiled.optimizer !== compiled.optimizer) this.compiled.optimizer.dispose();
      this.compiled = compiled;
    } finally {
      this.guard.end(call);
    }
  }

  /**
   * Makes the running `fit` start at `epoch` instead of its `initialEpoch` option; call it from a
   * callback's `onTrainBegin` (BackupAndRestore does, after restoring a backup).
   */
  setInitialEpoch(epoch: number): void {
    if (!Number.isInteger(epoch) || epoch < 0) throw new ValueError(`setInitialEpoch: \`epoch\` must be a non-negative integer, got ${epoch}.`);
    this.initialEpoch = epoch;
  }

  private assertCompiled(method: string): CompiledConfig {
    if (this.compiled === undefined) {
      throw new NotCompiledError(
        `You must call compile() before ${method}(), e.g. model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy', metrics: ['accuracy'] }).`,
      );
    }
    return this.compiled;
  }

  /** The step state for targets of these shapes; a new one replaces the old only once it is built. */
  private stateFor(yShapes: number[][]): StepState {
    const signature = stepStateKey(yShapes);
    if (this.stepState === undefined || this.stepStateSignature !== signature) {
      const state = new StepState(
        this.assertCompiled('fit'),
        this.outputNames,
        yShapes,
        this.outputs.map((t) => t.shape),
      );
      this.stepState?.dispose();
      this.compiledSteps?.clear();
      this.stepState = state;
      this.stepStateSignature = signature;
    }
    return this.stepState;
  }

  /** Throws now what building the step state for these targets would throw mid-call. */
  private checkStepState(yShapes: number[][] | undefined): void {
    if (yShapes === undefined || (this.stepState !== undefined && this.stepStateSignature === stepStateKey(yShapes))) return;
    checkMetricsResolve(
      this.assertCompiled('fit'),
      yShapes,
      this.outputs.map((t) => t.shape),
    );
  }

  /** The adapter for one argument's data (see {@link createAdapter}); targets are read when `withTargets`. */
  private adapter(data: TensorData | BatchSource, y: TensorData | undefined, sampleWeight: TensorData | undefined, withTargets: boolean): DataAdapter {
    const losses = withTargets ? this.assertCompiled('fit').losses : undefined;
    return createAdapter(this, { x: data, y, sampleWeight }, { losses, argument: 'x', build: (x) => this.buildFromData(x) });
  }

  /**
   * Trains for `epochs` epochs; resolves to the History (`history.history.loss`, `val_loss`, …).
   * `x` and `y` are Tensors, arrays in input/output order, or objects keyed by name; or pass a
   * batch source (an iterable or async iterable of `[x, y]` / `[x, y, sampleWeight]` batches)
   * as `x` and the options second. Everything that can be checked is checked before the first
   * step; `dispose()` during `fit` stops it at the next batch with a ModelDisposedError.
   */
  async fit(x: BatchSource, options?: FitOptions): Promise<History>;
  async fit(x: TensorData, y: TensorData, options?: FitOptions): Promise<History>;
  async fit(x: TensorData | BatchSource, yOrOptions?: TensorData | FitOptions, maybeOptions?: FitOptions): Promise<History> {
    const call = this.guard.begin('fit');
    try {
      this.assertCompiled('fit');
      const fromSource = isBatchSource(x);
      if (!fromSource && yOrOptions === undefined) throw new ValueError('fit(x, y): `y` (the targets) is missing.');
      const options = checkFitOptions((fromSource ? yOrOptions : maybeOptions) ?? {}, fromSource, this);
      const data = fitData(this, x, fromSource ? undefined : (yOrOptions as TensorData), options, {
        losses: this.assertCompiled('fit').losses,
        build: (data) => this.buildFromData(data),
      });
      try {
        return await this.trainEpochs(call, data, options);
      } finally {
        data.dispose();
      }
    } finally {
      this.guard.end(call);
    }
  }

  /** Reads a batch source's first batch ahead and checks the step states, still before any step. */
  private async readyToRun(call: RunningCall, iterators: (EpochIterator | undefined)[]): Promise<void> {
    preflight(this);
    const firstTargets: (number[][] | undefined)[] = [];
    for (const iterator of iterators) {
      if (iterator === undefined) continue;
      const first = await iterator.prime();
      this.guard.check(call);
      firstTargets.push(first?.y.map((t) => t.shape) ?? targetShapesOf(iterator.adapter));
    }
    for (const shapes of firstTargets) this.checkStepState(shapes);
  }

  private async trainEpochs(call: RunningCall, data: FitData, options: ResolvedFitOptions): Promise<History> {
    const { train, validation } = data;
    await this.readyToRun(call, [train, validation]);
    const { epochs, verbose, batchSize } = options;
    const perExecution = this.assertCompiled('fit').stepsPerExecution;
    const distribution = getDistribution();
    if (distribution !== undefined && data.train.adapter.sampleCount !== undefined) {
      checkGlobalBatchSize(batchSize, distribution, 'fit');
      if (options.stepsPerEpoch === undefined)
        checkSynchronizedRemainder(
          synchronizedLayerNames((this as unknown as { layers?: Layer[] }).layers ?? []),
          data.train.adapter.sampleCount,
          batchSize,
          distribution,
        );
    }
    const history = new History();
    const callbacks = new CallbackList([...defaultProgress(verbose, options.callbacks), ...(options.callbacks ?? []), history]);
    callbacks.configure(this, { epochs, steps: train.steps, verbose, batchSize, samples: train.adapter.sampleCount, doValidation: validation !== undefined });
    this.stopTraining = false;
    this.history = history;
    this.initialEpoch = undefined;
    const hook = async (name: CallbackHook, ...args: [number, Logs?] | [Logs?]) => {
      await callbacks.call(name, ...args);
      this.guard.check(call);
    };
    try {
      await hook('onTrainBegin');
      // BackupAndRestore resumes an interrupted fit: it sets the epoch to start from in onTrainBegin.
      let startEpoch = this.initialEpoch ?? options.initialEpoch;
      // Data-parallel: every rank starts from rank 0's weights, optimizer state, epoch and shuffle.
      if (distribution !== undefined) {
        const optimizer = this.assertCompiled('fit').optimizer;
        startEpoch = beginDataParallelFit(distribution, { weights: this.weights, trainableWeights: this.trainableWeights, optimizer, startEpoch });
      }
      let lastYield = performance.now();
      let epochLogs: Logs = {};
      for (let epoch = startEpoch; epoch < epochs && !this.stopTraining; epoch++) {
        this.stepState?.reset();
        await hook('onEpochBegin', epoch);
        let step = 0;
        let state: StepState | undefined;
        for await (const batch of train.epoch()) {
          this.guard.check(call);
          call.position = `epoch ${epoch + 1}, batch ${step + 1}`;
          // stepsPerExecution: batch callbacks once per execution, numbered as Keras 3 does.
          if (step % perExecution === 0) await hook('onTrainBatchBegin', step);
          state = this.stateFor(batch.y.map((t) => t.shape));
          this.runTrainStep(state, batch, options.checkNumerics ? numericsCheck(this, batch, `fit(): epoch ${epoch + 1}, batch ${step + 1}`) : undefined);
          if ((step + 1) % perExecution === 0) {
            const logs = callbacks.wantsBatchLogs(step, 'train') ? state.readLogs() : undefined;
            await hook('onTrainBatchEnd', step, logs);
          }
          step++;
          if (performance.now() - lastYield > 100) {
            await yieldToEventLoop();
            this.guard.check(call);
            lastYield = performance.now();
          }
          if (this.stopTraining) break;
        }
        if (state !== undefined && step % perExecution !== 0) {
          await hook('onTrainBatchEnd', step - 1, callbacks.wantsBatchLogs(step - 1, 'train') ? state.readLogs() : undefined);
        }
        if (state === undefined || train.exhausted) {
          console.warn(
            `fit: the batch source ran out of data after ${step} batch(es) in epoch ${epoch + 1}; training stops. Make it re-iterable or let it yield stepsPerEpoch × epochs batches.`,
          );
          this.stopTraining = true;
          if (state === undefined) break;
        }
        // Per-rank BatchNormalization statistics are averaged, so every rank ends the epoch with the same weights.
        if (distribution !== undefined) averageNonTrainableWeights(distribution, this.weights);
        epochLogs = state.readLogs();
        if (validation !== undefined && (epoch + 1) % options.validationFreq === 0) {
          const validationLogs = await this.runTest(call, validation, callbacks);
          for (const [key, value] of Object.entries(validationLogs)) epochLogs[`val_${key}`] = value;
          // Keras 3 sorts the merged keys (val_ ones among the rest); callbacks that add keys
          // afterwards (a scheduler's learning_rate) append them.
          epochLogs = sortLogs(epochLogs);
        }
        await hook('onEpochEnd', epoch, epochLogs);
        await yieldToEventLoop();
        this.guard.check(call);
      }
      await hook('onTrainEnd', epochLogs);
      return history;
    } finally {
      this.initialEpoch = undefined;
    }
  }

  private async runTest(call: RunningCall, iterator: EpochIterator, callbacks: CallbackList): Promise<Logs> {
    const hook = async (name: CallbackHook, ...args: [number, Logs?] | [Logs?]) => {
      await callbacks.call(name, ...args);
      this.guard.check(call);
    };
    this.stepState?.reset();
    await hook('onTestBegin');
    let step = 0;
    let state: StepState | undefined;
    const perExecution = this.assertCompiled('evaluate').stepsPerExecution;
    for await (const batch of iterator.epoch()) {
      this.guard.check(call);
      if (step % perExecution === 0) await hook('onTestBatchBegin', step);
      state = this.stateFor(batch.y.map((t) => t.shape));
      this.runTestStep(state, batch);
      if ((step + 1) % perExecution === 0) await hook('onTestBatchEnd', step, callbacks.wantsBatchLogs(step, 'test') ? state.readLogs() : undefined);
      step++;
    }
    if (state !== undefined && step % perExecution !== 0) {
      await hook('onTestBatchEnd', step - 1, callbacks.wantsBatchLogs(step - 1, 'test') ? state.readLogs() : undefined);
    }
    if (state === undefined) throw new ValueError('The evaluation data produced no batches.');
    const logs = state.readLogs();
    await hook('onTestEnd', logs);
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
    const call = this.guard.begin('evaluate');
    try {
      this.assertCompiled('evaluate');
      const fromSource = isBatchSource(x);
      const options = (fromSource ? yOrOptions : maybeOptions) ?? {};
      checkEvaluateOptions(options);
      if (!fromSource && yOrOptions === undefined) throw new ValueError('evaluate(x, y): `y` (the targets) is missing.');
      if (fromSource && options.sampleWeight !== undefined) {
        throw new ValueError('`sampleWeight` needs in-memory data; a batch source yields its weights in its batches: [x, y, sampleWeight].');
      }
      const { batchSize = 32, verbose = 1 } = options;
      const adapter = this.adapter(x, fromSource ? undefined : (yOrOptions as TensorData), options.sampleWeight, true);
      const iterator = new EpochIterator(adapter, { batchSize, shuffle: false, steps: options.steps });
      try {
        checkStatefulBatches(this, 'x', adapter.sampleCount, batchSize);
        await this.readyToRun(call, [iterator]);
        const callbacks = new CallbackList([...defaultProgress(verbose, options.callbacks), ...(options.callbacks ?? [])]);
        callbacks.configure(this, { steps: iterator.steps, verbose });
        const logs = await this.runTest(call, iterator, callbacks);
        if (options.returnDict) return logs;
        return this.stepState!.scores(logs);
      } finally {
        iterator.dispose();
        adapter.dispose();
      }
    } finally {
      this.guard.end(call);
    }
  }

  /**
   * Runs the model on `x` in batches (inference mode) and returns the outputs: one tensor for a
   * model with one output tensor (every Sequential), a list in output order otherwise (see
   * {@link PredictOutput}). It may run between the batches of a running `fit`. Its callback
   * hooks run synchronously; one that throws makes predict throw (leaking nothing).
   */
  predict(x: TensorData, options?: PredictOptions): PredictOutput<Outputs>;
  predict(x: TensorData, options: PredictOptions = {}): tf.Tensor | tf.Tensor[] {
    checkPredictOptions(options);
    const { batchSize = 32, verbose = 0 } = options;
    const distribution = getDistribution();
    const adapter = this.adapter(x, undefined, undefined, false);
    const parts: tf.Tensor[][] = this.outputs.map(() => []);
    try {
      checkStatefulBatches(this, 'x', adapter.sampleCount, batchSize);
      const iterator = new EpochIterator(adapter, { batchSize, shuffle: false, steps: options.steps });
      const callbacks = new CallbackList([...defaultProgress(verbose, options.callbacks), ...(options.callbacks ?? [])]);
      callbacks.configure(this, { steps: iterator.steps, verbose });
      callbacks.callSync('onPredictBegin');
      let step = 0;
      for (const batch of iterator.epochSync()) {
        callbacks.callSync('onPredictBatchBegin', step);
        const outputs = distribution === undefined ? this.runPredictStep(batch.x) : this.predictShard(batch, distribution);
        outputs.forEach((output, i) => parts[i]!.push(output));
        callbacks.callSync('onPredictBatchEnd', step++);
      }
      const results = parts.map((list) => (list.length === 1 ? list[0]! : tf.concat(list, 0)));
      for (const list of parts) if (list.length > 1) tf.dispose(list);
      try {
        callbacks.callSync('onPredictEnd');
      } catch (error) {
        tf.dispose(results);
        throw error;
      }
      return this.singleOutput && results.length === 1 ? results[0]! : results;
    } catch (error) {
      tf.dispose(parts.flat());
      throw error;
    } finally {
      adapter.dispose();
    }
  }

  /** Under a distribution: this rank runs its rows of the batch, then every rank's outputs are gathered in rank order. */
  private predictShard(batch: Batch, distribution: Distribution): tf.Tensor[] {
    return tf.tidy(() => {
      const [start, end] = shardRange(batch.size, distribution.rank, distribution.worldSize);
      // A rank with no rows of a short batch runs one row, for the output shapes, and sends none of it.
      const rows = (t: tf.Tensor) => tf.slice(t, [Math.min(start, batch.size - 1)], [Math.max(end - start, 1)]);
      const outputs = this.runGraph(batch.x.map(rows), { training: false });
      return outputs.map((output) => gatherRows(distribution, end > start ? output : tf.slice(output, [0], [0])));
    });
  }

  /** Runs the model on one batch (inference mode); returns what `predict` does. */
  predictOnBatch(x: TensorData): PredictOutput<Outputs>;
  predictOnBatch(x: TensorData): tf.Tensor | tf.Tensor[] {
    const adapter = TensorAdapter.from(this, { x });
    try {
      checkStatefulBatches(this, 'x', adapter.sampleCount, adapter.sampleCount);
      const batch = adapter.whole();
      try {
        const outputs = this.runPredictStep(batch.x);
        return this.singleOutput && outputs.length === 1 ? outputs[0]! : outputs;
      } finally {
        disposeBatch(batch);
      }
    } finally {
      adapter.dispose();
    }
  }

  /**
   * One gradient update on one batch; returns the loss (and metrics) for that batch like
   * `evaluate` (see {@link Scores}), or a record with `returnDict: true`.
   */
  trainOnBatch(x: TensorData, y: TensorData, options: OnBatchOptions & { returnDict: true }): Promise<Logs>;
  trainOnBatch(x: TensorData, y: TensorData, options?: OnBatchOptions & { returnDict?: false }): Promise<Scores>;
  trainOnBatch(x: TensorData, y: TensorData, options?: OnBatchOptions): Promise<Scores | Logs>;
  async trainOnBatch(x: TensorData, y: TensorData, options: OnBatchOptions = {}): Promise<number | number[] | Logs> {
    return this.onBatch(x, y, options, 'trainOnBatch');
  }

  /** Loss (and metrics) on one batch without updating weights; returns what `trainOnBatch` does. */
  testOnBatch(x: TensorData, y: TensorData, options: OnBatchOptions & { returnDict: true }): Logs;
  testOnBatch(x: TensorData, y: TensorData, options?: OnBatchOptions & { returnDict?: false }): Scores;
  testOnBatch(x: TensorData, y: TensorData, options?: OnBatchOptions): Scores | Logs;
  testOnBatch(x: TensorData, y: TensorData, options: OnBatchOptions = {}): number | number[] | Logs {
    return this.onBatch(x, y, options, 'testOnBatch');
  }

  private onBatch(x: TensorData, y: TensorData, options: OnBatchOptions, method: 'trainOnBatch' | 'testOnBatch'): number | number[] | Logs {
    const call = this.guard.begin(method);
    try {
      this.assertCompiled(method);
      checkOnBatchOptions(`${method}()`, options);
      if (y === undefined) throw new ValueError(`${method}(x, y): \`y\` (the targets) is missing.`);
      const adapter = TensorAdapter.from(this, { x, y, sampleWeight: options.sampleWeight }, { losses: this.assertCompiled(method).losses });
      try {
        checkStatefulBatches(this, 'x', adapter.sampleCount, adapter.sampleCount);
        if (method === 'trainOnBatch') preflight(this);
        this.checkStepState(adapter.targetShapes);
        const batch = adapter.whole();
        try {
          const state = this.stateFor(batch.y.map((t) => t.shape));
          if (options.resetMetrics ?? true) state.reset();
          if (method === 'trainOnBatch') this.runTrainStep(state, batch, options.checkNumerics ? numericsCheck(this, batch, 'trainOnBatch()') : undefined);
          else this.runTestStep(state, batch);
          const logs = state.readLogs();
          if (options.returnDict) return logs;
          return state.scores(logs);
        } finally {
          disposeBatch(batch);
        }
      } finally {
        adapter.dispose();
      }
    } finally {
      this.guard.end(call);
    }
  }

  /** One training step, replayed from its compiled plan when there is one (checkNumerics runs eagerly). */
  private runTrainStep(state: StepState, batch: Batch, checkGradients: ReturnType<typeof numericsCheck> | undefined): void {
    if (checkGradients !== undefined || this.compiledSteps === undefined) {
      state.trainStep(this, batch, checkGradients);
      return;
    }
    this.compiledSteps.run('train', this.stepInputs(batch), () => state.trainStep(this, batch), noResults, noResults, this.weightsVersion());
  }

  /** One evaluation step, replayed from its compiled plan when there is one. */
  private runTestStep(state: StepState, batch: Batch): void {
    if (this.compiledSteps === undefined) {
      state.testStep(this, batch);
      return;
    }
    this.compiledSteps.run('test', this.stepInputs(batch), () => state.testStep(this, batch), noResults, noResults, this.weightsVersion());
  }

  /** The model's outputs on one batch in inference mode, replayed from a plan once compiled. */
  private runPredictStep(x: tf.Tensor[]): tf.Tensor[] {
    const eager = () => tf.tidy(() => this.runGraph(x, { training: false }));
    if (this.compiledSteps === undefined) return eager();
    const same = (outputs: tf.Tensor[]) => outputs;
    return this.compiledSteps.run('predict', x, eager, same, same, this.weightsVersion());
  }

  /** The batch tensors of a step, in the order its plan reads them. */
  private stepInputs(batch: Batch): (tf.Tensor | undefined)[] {
    return [...batch.x, ...batch.y, ...batch.sampleWeight];
  }

  /**
   * Changes when the weight lists or a graph in the model change (a layer frozen, added, popped
   * or rebuilt after compile): a plan reads the variables it was traced with and runs the graph
   * it was traced from.
   */
  private weightsVersion(): string {
    // Walking the layer tree for the lists costs more than a small model's step: the answer is
    // kept until a weight list anywhere may have changed (see weight-structure.ts).
    const structure = weightStructureVersion();
    if (this.weightsVersionMemo?.structure === structure) return this.weightsVersionMemo.version;
    const version = `${this.weights.length}/${this.trainableWeights.length}/${this.graphSetsInTree()}`;
    this.weightsVersionMemo = this.weightListsFollowStructure() ? { structure, version } : undefined;
    return version;
  }

  /** Why this model's steps cannot be compiled at all: a layer that opts out, nested models' included. */
  private jitOptOut(): string | undefined {
    const layer = this.findLayer((candidate) => candidate !== this && !candidate.supportsJit);
    return layer === undefined ? undefined : `layer '${layer.name}' (${layer.constructor.name}) sets supportsJit = false`;
  }

  /**
   * The plans compiled so far, with kernel counts per step before and after planning (for tests
   * and benchmarks); empty before compile or while steps run eagerly.
   */
  compiledStepPlans(): { signature: string; stats: PlanStats }[] {
    return this.compiledSteps?.plans() ?? [];
  }

  /**
   * Frees the weights, the compiled state (step state, an optimizer compile created) and the
   * layers. A `fit` or `evaluate` running on the model stops at its next batch boundary with a
   * ModelDisposedError.
   */
  override dispose(): void {
    this.guard.markDisposed();
    this.stepState?.dispose();
    this.stepState = undefined;
    this.compiledSteps?.clear();
    this.compiledSteps = undefined;
    if (this.compiled?.ownsOptimizer) this.compiled.optimizer.dispose();
    this.compiled = undefined;
    super.dispose();
  }
}

const noResults = (): tf.Tensor[] => [];

function targetShapesOf(adapter: DataAdapter): number[][] | undefined {
  return adapter instanceof TensorAdapter ? adapter.targetShapes : undefined;
}

function disposeBatch(batch: Batch): void {
  tf.dispose([...batch.x, ...batch.y, ...batch.sampleWeight.filter((t): t is tf.Tensor => t !== undefined)]);
}

/** fit/evaluate/predict show Keras's progress display for verbose > 0, unless the user passed their own ProgbarLogger (with a stream or printFn). */
function defaultProgress(verbose: number, callbacks: readonly Callback[] = []): Callback[] {
  return verbose > 0 && !callbacks.some((callback) => callback instanceof ProgbarLogger) ? [new ProgbarLogger()] : [];
}
