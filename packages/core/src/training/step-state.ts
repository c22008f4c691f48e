import * as tf from '@tensorflow/tfjs-core';
// Node's tfjs-core entry has no gradients; training needs them.
import '@keras-ts/tfjs-gradients';
import { stepEffect } from '@keras-ts/common';
import { type Metric, getMetric } from '@keras-ts/metrics';
import type { Logs } from '../callbacks/callback.js';
import { withCallContext } from '../engine/call-context.js';
import type { LayerWeight } from '../engine/layer-weight.js';
import type { CompiledConfig, MetricIdentifier } from './compile-options.js';
import type { Batch } from './data-adapter.js';
import { allReduceTensors, shardBatch } from './data-parallel.js';
import { type Distribution, getDistribution } from './distribution.js';
import { releasingTapeOnError } from './gradient-tape.js';
import { MeanTracker } from './loss-tracker.js';

/** What the steps need from a model. */
export interface SteppableModel {
  runGraph(inputs: tf.Tensor[], options: { training?: boolean }): tf.Tensor[];
  regularizationLosses(): tf.Scalar[];
  readonly trainableWeights: LayerWeight[];
}

interface MetricEntry {
  key: string;
  metric: Metric;
  output: number;
  weighted: boolean;
}

/**
 * What a {@link StepState} depends on in the target shapes: the rank and, past the batch axis,
 * the last dimension of each (they pick a metric's binary, sparse or categorical form). Batches
 * that differ only in size or sequence length share one state.
 */
export function stepStateKey(yShapes: readonly (readonly number[])[]): string {
  return JSON.stringify(yShapes.map((shape) => [shape.length, shape.length > 1 ? shape[shape.length - 1] : null]));
}

/**
 * Resolves the metric names of `compiled` for these target shapes, as a {@link StepState} would,
 * and frees them: throws what constructing the state would throw, without replacing any state.
 */
export function checkMetricsResolve(compiled: CompiledConfig, yTrueShapes: number[][], yPredShapes: (number | null)[][]): void {
  [...compiled.metricIdentifiers, ...compiled.weightedMetricIdentifiers].forEach((list, index) => {
    const output = index % yPredShapes.length;
    for (const identifier of list) {
      if (typeof identifier !== 'string') continue;
      getMetric(identifier, { yTrueShape: yTrueShapes[output], yPredShape: yPredShapes[output]!.map((d) => d ?? 1) }).dispose();
    }
  });
}

/**
 * The loss trackers and metrics of a compiled model, plus the train and test steps that update
 * them. Everything stays on the backend until `readLogs`.
 */
export class StepState {
  private readonly lossTracker = new MeanTracker('loss');
  private readonly outputLossTrackers: (MeanTracker | null)[];
  private readonly metrics: MetricEntry[] = [];

  constructor(
    private readonly compiled: CompiledConfig,
    outputNames: string[],
    yTrueShapes: number[][],
    yPredShapes: (number | null)[][],
  ) {
    const multi = outputNames.length > 1;
    this.outputLossTrackers = compiled.losses.map((loss, i) => (multi && loss !== null ? new MeanTracker(`${outputNames[i]}_loss`) : null));
    const add = (lists: MetricIdentifier[][], weighted: boolean) =>
      lists.forEach((list, output) => {
        for (const identifier of list) {
          const metric = getMetric(identifier, {
            yTrueShape: yTrueShapes[output],
            yPredShape: yPredShapes[output]!.map((d) => d ?? 1),
          });
          const base = weighted && !multi ? `weighted_${metric.name}` : metric.name;
          this.metrics.push({ key: multi ? `${outputNames[output]}_${base}` : base, metric, output, weighted });
        }
      });
    add(compiled.metricIdentifiers, false);
    add(compiled.weightedMetricIdentifiers, true);
  }

  /** Log keys in the order the trackers are read: loss, per-output losses, metrics. */
  get logKeys(): string[] {
    return ['loss', ...this.outputLossTrackers.flatMap((t) => (t ? [t.name] : [])), ...this.metrics.map((m) => m.key)];
  }

  /**
   * The order of the list `evaluate`, `trainOnBatch` and `testOnBatch` return without `returnDict`
   * (Keras 3's `_flatten_metrics_in_order`): the loss, then the names of its `metrics` that are log
   * keys (a single output's metrics, in compile order; a multi-output model's per-output losses,
   * in output order), then every other key sorted.
   */
  get scoreKeys(): string[] {
    const first = [
      'loss',
      ...(this.outputLossTrackers.some((t) => t !== null) ? this.outputLossTrackers.flatMap((t) => (t ? [t.name] : [])) : this.metrics.map((m) => m.key)),
    ];
    return [...first, ...sortedKeys(this.logKeys.filter((key) => !first.includes(key)))];
  }

  /** `logs` (from {@link StepState.readLogs}) as Keras's score: the loss alone, or a list in {@link StepState.scoreKeys} order. */
  scores(logs: Logs): number | number[] {
    const values = this.scoreKeys.map((key) => logs[key]!);
    return values.length === 1 ? values[0]! : values;
  }

  /** Clears every tracker and metric (epoch start, evaluate start). */
  reset(): void {
    this.lossTracker.reset();
    for (const tracker of this.outputLossTrackers) tracker?.reset();
    for (const entry of this.metrics) entry.metric.resetState();
  }

  /** Total loss (weighted output losses + regularization and added losses) and per-output losses. */
  private computeLosses(model: SteppableModel, batch: Batch, outputs: tf.Tensor[], added: tf.Scalar[]): { total: tf.Scalar; perOutput: (tf.Scalar | null)[] } {
    const perOutput = this.compiled.losses.map((loss, i) =>
      loss === null ? null : (loss.compute(batch.y[i]!, outputs[i]!, batch.sampleWeight[i]) as tf.Scalar),
    );
    // Starting from the first term and skipping `× 1` gives the same float32 sum with fewer kernels.
    const terms: tf.Scalar[] = [];
    perOutput.forEach((value, i) => {
      const weight = this.compiled.lossWeights[i]!;
      if (value !== null) terms.push(weight === 1 ? value : tf.mul(value, weight));
    });
    terms.push(...model.regularizationLosses(), ...added);
    const total = terms.reduce<tf.Scalar | null>((sum, term) => (sum === null ? term : (tf.add(sum, term) as tf.Scalar)), null);
    return { total: total ?? tf.scalar(0), perOutput };
  }

  private updateTrackers(batch: Batch, outputs: tf.Tensor[], total: tf.Scalar, perOutput: (tf.Scalar | null)[]): void {
    this.lossTracker.update(total, batch.size);
    perOutput.forEach((value, i) => {
      if (value !== null) this.outputLossTrackers[i]?.update(value, batch.size);
    });
    for (const entry of this.metrics) {
      const weight = entry.weighted ? batch.sampleWeight[entry.output] : undefined;
      entry.metric.updateState(batch.y[entry.output]!, outputs[entry.output]!, weight);
    }
  }

  /**
   * One optimization step: forward, losses, gradients, update, constraints, metrics. When it
   * throws, everything it created is freed, the gradient tape's saved tensors included.
   * `checkGradients`, when given, sees the loss and gradients before the update and may throw to
   * stop the step with nothing applied.
   */
  trainStep(model: SteppableModel, batch: Batch, checkGradients?: (loss: tf.Scalar, gradients: tf.NamedTensorMap) => void): void {
    const distribution = getDistribution();
    if (distribution !== undefined) {
      this.parallelTrainStep(model, batch, distribution, checkGradients);
      return;
    }
    const weights = model.trainableWeights;
    const variables = weights.map((w) => w.variable);
    // Outputs and per-output losses outlive the gradient tape's scope for the metric updates.
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(t);
      return tf.keep(t);
    };
    try {
      releasingTapeOnError(() =>
        tf.tidy(() => {
          let outputs: tf.Tensor[] = [];
          let perOutput: (tf.Scalar | null)[] = [];
          const { value, grads } = tf.variableGrads(() => {
            const { result, losses } = withCallContext(() => model.runGraph(batch.x, { training: true }));
            const computed = this.computeLosses(model, batch, result, losses);
            outputs = result.map(keep);
            perOutput = computed.perOutput.map((t) => (t === null ? null : keep(t)));
            return computed.total;
          }, variables);
          // checkNumerics (check-numerics.ts): throws before the update when a value is not finite.
          checkGradients?.(value, grads);
          this.compiled.optimizer.applyGradients(variables.map((variable) => [grads[variable.name], variable] as const));
          for (const weight of weights) if (weight.constraint) weight.variable.assign(weight.constraint.apply(weight.variable));
          this.updateTrackers(batch, outputs, value, perOutput);
        }),
      );
    } finally {
      tf.dispose(kept);
    }
  }

  /** Forward pass in inference mode, updating losses and metrics. */
  testStep(model: SteppableModel, batch: Batch): void {
    const distribution = getDistribution();
    if (distribution !== undefined) {
      this.parallelTestStep(model, batch, distribution);
      return;
    }
    tf.tidy(() => {
      const { result, losses } = withCallContext(() => model.runGraph(batch.x, { training: false }));
      const { total, perOutput } = this.computeLosses(model, batch, result, losses);
      this.updateTrackers(batch, result, total, perOutput);
    });
  }

  /** The trackers that are in use (the loss, and each output's loss in a multi-output model). */
  private get meanTrackers(): MeanTracker[] {
    return [this.lossTracker, ...this.outputLossTrackers.filter((t): t is MeanTracker => t !== null)];
  }

  /** The backend state of every tracker and metric, which a data-parallel step sums across ranks. */
  private get stateVariables(): tf.Variable[] {
    return [...this.meanTrackers.map((t) => t.totalVariable), ...this.metrics.flatMap((m) => m.metric.variables)];
  }

  /**
   * {@link StepState.trainStep} under a distribution: this rank computes losses and gradients on
   * its slice of the global batch, then one all-reduce sums the gradients, each weighted by the
   * slice's share of the batch (the global mean loss is Σ (rows_r / rows) · loss_r, so its
   * gradient is the same weighted sum), together with what the step added to the trackers and
   * metrics (their state is sums: adding every rank's increments gives the global state, the same
   * on every rank). The update then applies identical gradients everywhere.
   */
  private parallelTrainStep(
    model: SteppableModel,
    globalBatch: Batch,
    distribution: Distribution,
    checkGradients?: (loss: tf.Scalar, gradients: tf.NamedTensorMap) => void,
  ): void {
    const weights = model.trainableWeights;
    const variables = weights.map((w) => w.variable);
    const batch = shardBatch(globalBatch, distribution);
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(t);
      return tf.keep(t);
    };
    try {
      releasingTapeOnError(() =>
        tf.tidy(() => {
          const state = this.stateVariables;
          const before = state.map((v) => tf.clone(v));
          let loss: tf.Scalar = tf.scalar(0);
          // A rank whose slice of a short last batch is empty contributes nothing.
          let gradients: tf.Tensor[] = variables.map((v) => tf.zerosLike(v));
          if (batch.size > 0) {
            let outputs: tf.Tensor[] = [];
            let perOutput: (tf.Scalar | null)[] = [];
            const { value, grads } = tf.variableGrads(() => {
              const { result, losses } = withCallContext(() => model.runGraph(batch.x, { training: true }));
              const computed = this.computeLosses(model, batch, result, losses);
              outputs = result.map(keep);
              perOutput = computed.perOutput.map((t) => (t === null ? null : keep(t)));
              return computed.total;
            }, variables);
            const share = batch.size / globalBatch.size;
            gradients = variables.map((v) => (grads[v.name] === undefined ? tf.zerosLike(v) : share === 1 ? grads[v.name]! : tf.mul(grads[v.name]!, share)));
            this.updateTrackers(batch, outputs, value, perOutput);
            loss = value;
          }
          const increments = state.map((v, i) => tf.sub(v, before[i]!));
          const reduced = allReduceTensors(distribution, [...gradients, ...increments]);
          const global = reduced.slice(0, variables.length);
          // Every rank sees the same summed gradients, so a non-finite one stops every rank alike.
          checkGradients?.(loss, Object.fromEntries(variables.map((v, i) => [v.name, global[i]!])));
          state.forEach((v, i) => v.assign(tf.add(before[i]!, reduced[variables.length + i]!)));
          this.addOtherRanksCounts(globalBatch.size - batch.size);
          this.compiled.optimizer.applyGradients(variables.map((variable, i) => [global[i]!, variable] as const));
          for (const weight of weights) if (weight.constraint) weight.variable.assign(weight.constraint.apply(weight.variable));
        }),
      );
    } finally {
      tf.dispose(kept);
      disposeBatch(batch);
    }
  }

  /** {@link StepState.testStep} under a distribution: each rank its slice, tracker and metric increments summed. */
  private parallelTestStep(model: SteppableModel, globalBatch: Batch, distribution: Distribution): void {
    const batch = shardBatch(globalBatch, distribution);
    try {
      tf.tidy(() => {
        const state = this.stateVariables;
        const before = state.map((v) => tf.clone(v));
        if (batch.size > 0) {
          const { result, losses } = withCallContext(() => model.runGraph(batch.x, { training: false }));
          const { total, perOutput } = this.computeLosses(model, batch, result, losses);
          this.updateTrackers(batch, result, total, perOutput);
        }
        const reduced = allReduceTensors(
          distribution,
          state.map((v, i) => tf.sub(v, before[i]!)),
        );
        state.forEach((v, i) => v.assign(tf.add(before[i]!, reduced[i]!)));
        this.addOtherRanksCounts(globalBatch.size - batch.size);
      });
    } finally {
      disposeBatch(batch);
    }
  }

  /**
   * Counts the other ranks' rows of a data-parallel step in the mean trackers, whose totals the
   * all-reduce summed in. A step effect: a compiled step (whose kernels include the all-reduce)
   * counts them again at every replay.
   */
  private addOtherRanksCounts(rows: number): void {
    stepEffect(() => {
      for (const tracker of this.meanTrackers) tracker.addCount(rows);
    });
  }

  /** Reads every tracker and metric from the backend in one transfer. */
  readLogs(prefix = ''): Logs {
    const results = [
      this.lossTracker.result(),
      ...this.outputLossTrackers.flatMap((t) => (t ? [t.result()] : [])),
      ...this.metrics.map((m) => m.metric.result()),
    ];
    const stacked = tf.tidy(() => tf.stack(results.map((r) => (r.dtype === 'float32' && r.rank === 0 ? r : tf.reshape(tf.cast(r, 'float32'), [])))));
    const values = stacked.dataSync();
    tf.dispose([stacked, ...results]);
    const logs: Logs = {};
    this.logKeys.forEach((key, index) => {
      logs[`${prefix}${key}`] = values[index]!;
    });
    return sortLogs(logs);
  }

  /** Frees trackers and metric state. */
  dispose(): void {
    this.lossTracker.dispose();
    for (const tracker of this.outputLossTrackers) tracker?.dispose();
    for (const entry of this.metrics) entry.metric.dispose();
  }
}

function disposeBatch(batch: Batch): void {
  tf.dispose([...batch.x, ...batch.y, ...batch.sampleWeight.filter((t): t is tf.Tensor => t !== undefined)]);
}

/** Keys in Python's `sorted()` order (code points; log keys are ASCII). */
export function sortedKeys(keys: string[]): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Logs with their keys sorted, as Keras 3 reports them (History, callbacks, `returnDict`). */
export function sortLogs(logs: Logs): Logs {
  const sorted: Logs = {};
  for (const key of sortedKeys(Object.keys(logs))) sorted[key] = logs[key]!;
  return sorted;
}
