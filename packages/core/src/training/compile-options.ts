import type * as tf from '@tensorflow/tfjs-core';
import { type Loss, type LossFunction, getLoss } from '@keras-ts/losses';
import { type Metric, getMetric } from '@keras-ts/metrics';
import { type Optimizer, getOptimizer } from '@keras-ts/optimizers';
import { ValueError } from '../errors/errors.js';

/** A loss as `compile` accepts it: an identifier, a function `(yTrue, yPred) => Tensor`, or a Loss. */
export type LossIdentifier = string | LossFunction | Loss;
/** A metric as `compile` accepts it: an identifier, a function, or a Metric object. */
export type MetricIdentifier = string | Metric | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor);

/** Options of `model.compile`. */
export interface CompileOptions {
  /** An optimizer object or identifier ('rmsprop', 'adam', 'sgd', …). Default: 'rmsprop'. */
  optimizer?: Optimizer | string;
  /** One loss for every output, an array in output order, or an object keyed by output name. */
  loss?: LossIdentifier | LossIdentifier[] | Record<string, LossIdentifier>;
  /** Metrics: one array for every output, an array of arrays, or an object keyed by output name. */
  metrics?: MetricIdentifier[] | MetricIdentifier[][] | Record<string, MetricIdentifier | MetricIdentifier[]>;
  /** Weights of the output losses in the total: an array in output order or an object by name. */
  lossWeights?: number[] | Record<string, number>;
  /** Metrics computed with sample weights (same forms as `metrics`). */
  weightedMetrics?: MetricIdentifier[] | MetricIdentifier[][] | Record<string, MetricIdentifier | MetricIdentifier[]>;
  /**
   * Compile the train, test and predict steps (Keras 3's `jit_compile`): each is traced once per
   * input signature and replayed without tfjs-core's per-op work (see the core README).
   * `'auto'` (default) falls back to eager steps, once, with a warning, when a step cannot be
   * compiled; `true` throws a JitCompileError instead; `false` always runs eagerly.
   */
  jitCompile?: 'auto' | boolean;
  /** Steps run per execution: `fit`/`evaluate` call batch-level callbacks once per execution. Default: 1. */
  stepsPerExecution?: number;
}

/** compile() options resolved per output. */
export interface CompiledConfig {
  optimizer: Optimizer;
  /** Whether compile created the optimizer from an identifier (and so disposes it). */
  ownsOptimizer: boolean;
  /** Loss per output (null: the output has no loss). */
  losses: (Loss | null)[];
  lossWeights: number[];
  /** Metric identifiers per output, resolved into Metric objects once data shapes are known. */
  metricIdentifiers: MetricIdentifier[][];
  weightedMetricIdentifiers: MetricIdentifier[][];
  /** `jitCompile`, resolved. */
  jitCompile: 'auto' | boolean;
  /** `stepsPerExecution`, resolved. */
  stepsPerExecution: number;
  /** The options as the user passed them (for getConfig / saving). */
  options: CompileOptions;
}

function perOutput<T>(what: string, value: T | T[] | Record<string, T>, outputNames: string[], isSingle: (v: unknown) => boolean, fill: T): T[] {
  if (isSingle(value)) return outputNames.map(() => value as T);
  if (Array.isArray(value)) {
    if (value.length !== outputNames.length) {
      throw new ValueError(
        `compile(): \`${what}\` has ${value.length} entries, but the model has ${outputNames.length} output(s) (${outputNames.join(', ')}). Pass one entry per output, or an object keyed by output name.`,
      );
    }
    return value as T[];
  }
  const record = value as Record<string, T>;
  const unknown = Object.keys(record).filter((key) => !outputNames.includes(key));
  if (unknown.length > 0) {
    throw new ValueError(`compile(): \`${what}\` has keys [${unknown.join(', ')}] that are not output names. Expected keys among: ${outputNames.join(', ')}.`);
  }
  return outputNames.map((name) => (name in record ? record[name]! : fill));
}

const isLossLike = (v: unknown): boolean => typeof v === 'string' || typeof v === 'function' || (typeof v === 'object' && v !== null && 'compute' in v);
const isMetricLike = (v: unknown): boolean => typeof v === 'string' || typeof v === 'function' || (typeof v === 'object' && v !== null && 'updateState' in v);

function resolveMetricLists(what: string, metrics: CompileOptions['metrics'], outputNames: string[]): MetricIdentifier[][] {
  if (metrics === undefined) return outputNames.map(() => []);
  if (Array.isArray(metrics)) {
    const nested = metrics.length > 0 && metrics.every((m) => Array.isArray(m));
    if (!nested) return outputNames.map(() => metrics as MetricIdentifier[]);
    return perOutput<MetricIdentifier[]>(what, metrics as MetricIdentifier[][], outputNames, () => false, []);
  }
  const asLists: Record<string, MetricIdentifier[]> = {};
  for (const [key, value] of Object.entries(metrics)) asLists[key] = Array.isArray(value) ? value : [value];
  return perOutput<MetricIdentifier[]>(what, asLists, outputNames, () => false, []);
}

/** Resolves compile() options against the model's outputs; throws before changing anything. */
export function resolveCompileOptions(options: CompileOptions, outputNames: string[]): CompiledConfig {
  const { jitCompile = 'auto', stepsPerExecution = 1 } = options;
  if (jitCompile !== 'auto' && jitCompile !== true && jitCompile !== false) {
    throw new ValueError(`compile(): \`jitCompile\` must be 'auto', true or false, got ${JSON.stringify(jitCompile)}.`);
  }
  if (!Number.isInteger(stepsPerExecution) || stepsPerExecution < 1) {
    throw new ValueError(`compile(): \`stepsPerExecution\` must be a positive integer, got ${String(stepsPerExecution)}.`);
  }
  const optimizer = getOptimizer(options.optimizer ?? 'rmsprop');
  if (options.loss === undefined) {
    throw new ValueError("compile() needs a `loss`, e.g. model.compile({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy' }).");
  }
  const lossIds = perOutput<LossIdentifier | null>('loss', options.loss, outputNames, isLossLike, null);
  const losses = lossIds.map((id) => (id === null ? null : getLoss(id)));
  if (losses.every((loss) => loss === null)) {
    throw new ValueError(`compile(): no output has a loss. Outputs: ${outputNames.join(', ')}.`);
  }
  const lossWeights =
    options.lossWeights === undefined
      ? outputNames.map(() => 1)
      : perOutput<number>('lossWeights', options.lossWeights, outputNames, (v) => typeof v === 'number', 1);
  lossWeights.forEach((weight, index) => {
    if (!Number.isFinite(weight)) throw new ValueError(`compile(): lossWeights for output '${outputNames[index]}' must be a finite number, got ${weight}.`);
  });
  const metricIdentifiers = resolveMetricLists('metrics', options.metrics, outputNames);
  const weightedMetricIdentifiers = resolveMetricLists('weightedMetrics', options.weightedMetrics, outputNames);
  // Resolve identifiers now so that unknown names fail at compile time, not mid-fit.
  for (const list of [...metricIdentifiers, ...weightedMetricIdentifiers]) {
    for (const id of list) {
      if (!isMetricLike(id)) throw new ValueError(`compile(): a metric must be a name, a function or a Metric object, got ${String(id)}.`);
      if (typeof id === 'string') getMetric(id, { yTrueShape: [1, 2], yPredShape: [1, 2] }).dispose();
    }
  }
  const ownsOptimizer = options.optimizer === undefined || typeof options.optimizer === 'string';
  return { optimizer, ownsOptimizer, losses, lossWeights, metricIdentifiers, weightedMetricIdentifiers, jitCompile, stepsPerExecution, options };
}
