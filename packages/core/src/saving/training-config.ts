import { type Optimizer, getOptimizer } from '@keras-ts/optimizers';
import { ValueError } from '../errors/errors.js';
import type { CompileOptions } from '../training/compile-options.js';
import { type JsonValue, fromKerasJson, toKerasJson } from './keras-json.js';

type Named = string | string[] | string[][] | Record<string, string | string[]>;

/** Whether a loss/metric option is made of identifiers only (functions and objects cannot be saved as data). */
function onlyNames(value: unknown): value is Named {
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return value.every((item) => onlyNames(item));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).every((item) => onlyNames(item));
  }
  return false;
}

/**
 * Keras's training config for `model.json` (`loss`, `metrics`, `optimizer_config`, and
 * `loss_weights` / `weighted_metrics` when set), or `undefined` when a loss or metric is a function
 * or object, which cannot be stored as data. Output-keyed records keep their keys (output names).
 */
export function trainingConfigOf(options: CompileOptions, optimizer: Optimizer): Record<string, JsonValue> | undefined {
  if (!onlyNames(options.loss)) return undefined;
  if (options.metrics !== undefined && !onlyNames(options.metrics)) return undefined;
  if (options.weightedMetrics !== undefined && !onlyNames(options.weightedMetrics)) return undefined;
  const config: Record<string, JsonValue> = {
    loss: options.loss as JsonValue,
    metrics: (options.metrics ?? null) as JsonValue,
    optimizer_config: { class_name: optimizer.getClassName(), config: toKerasJson(optimizer.getConfig()) },
  };
  // tfjs-layers refuses files whose loss_weights / weighted_metrics are present, so write them only when used.
  if (options.lossWeights !== undefined) config.loss_weights = options.lossWeights as JsonValue;
  if (options.weightedMetrics !== undefined) config.weighted_metrics = options.weightedMetrics as JsonValue;
  // Keras's compile keys for compiled steps, also written only when they differ from the defaults.
  if (options.jitCompile !== undefined && options.jitCompile !== 'auto') config.jit_compile = options.jitCompile;
  if (options.stepsPerExecution !== undefined && options.stepsPerExecution !== 1) config.steps_per_execution = options.stepsPerExecution;
  return config;
}

/** compile() options from a training config (keras-ts's, tfjs-layers' or Keras's). */
export function compileOptionsFrom(config: Record<string, JsonValue>): CompileOptions {
  const optimizerConfig = config.optimizer_config as { class_name?: string; config?: JsonValue } | undefined;
  if (optimizerConfig === undefined || typeof optimizerConfig.class_name !== 'string') {
    throw new ValueError(
      'The training config of the saved model has no `optimizer_config` with a `class_name`; load it with { compile: false } and compile it yourself.',
    );
  }
  const optimizer = getOptimizer({ className: optimizerConfig.class_name, config: fromKerasJson(optimizerConfig.config ?? {}) as Record<string, unknown> });
  const options: CompileOptions = { optimizer, loss: config.loss as CompileOptions['loss'] };
  if (config.metrics !== null && config.metrics !== undefined) options.metrics = config.metrics as CompileOptions['metrics'];
  if (config.loss_weights !== null && config.loss_weights !== undefined) options.lossWeights = config.loss_weights as CompileOptions['lossWeights'];
  if (config.weighted_metrics !== null && config.weighted_metrics !== undefined)
    options.weightedMetrics = config.weighted_metrics as CompileOptions['weightedMetrics'];
  // Keras writes its own values of these (`jit_compile: true` from JAX); compile() checks them.
  const jit = config.jit_compile;
  if (jit === true || jit === false || jit === 'auto') options.jitCompile = jit;
  else if (jit !== null && jit !== undefined)
    throw new ValueError(`The saved training config's \`jit_compile\` must be true, false or "auto", got ${JSON.stringify(jit)}.`);
  if (config.steps_per_execution !== null && config.steps_per_execution !== undefined) options.stepsPerExecution = config.steps_per_execution as number;
  return options;
}
