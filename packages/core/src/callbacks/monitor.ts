import { ValueError } from '../errors/errors.js';
import type { Logs } from './callback.js';

/** Whether a monitored quantity should go down (`'min'`), up (`'max'`), or be inferred from its name (`'auto'`). */
export type MonitorMode = 'auto' | 'min' | 'max';

// Metrics that improve upwards; everything ending in "loss" or an error improves downwards.
const INCREASING = /(^|_)(acc|accuracy|auc|precision|recall|f1_score|fbeta_score|iou|mean_iou|r2_score|top_k_categorical_accuracy)$/;
const DECREASING = /(^|_)(loss|mse|mae|mape|msle|error|crossentropy|hinge|kl_divergence|kld|poisson|logcosh|log_cosh_error)$/;

/**
 * The direction of `monitor` for `mode`: `'auto'` infers it from the metric name as Keras 3 does
 * (losses and errors go down, accuracy-like metrics go up) and throws when it cannot tell.
 */
export function resolveMonitorMode(owner: string, monitor: string, mode: MonitorMode): 'min' | 'max' {
  if (mode === 'min' || mode === 'max') return mode;
  if (mode !== 'auto') {
    throw new ValueError(`${owner}: \`mode\` must be 'auto', 'min' or 'max', got '${String(mode)}'.`);
  }
  const name = monitor.replace(/^val_/, '');
  if (DECREASING.test(name)) return 'min';
  if (INCREASING.test(name)) return 'max';
  throw new ValueError(
    `${owner} received monitor=${monitor} but keras-ts isn't able to automatically determine whether that metric should be maximized or minimized. ` +
      "Pass `mode: 'max'` to use the highest value of the metric, or `mode: 'min'` to use the lowest value.",
  );
}

/** The monitored value from epoch logs, or undefined (with Keras's warning) when it is missing. */
export function readMonitorValue(owner: string, monitor: string, logs: Logs | undefined, warn: (message: string) => void = console.warn): number | undefined {
  const value = logs?.[monitor];
  if (value === undefined) {
    warn(`${owner} conditioned on metric \`${monitor}\` which is not available. Available metrics are: ${Object.keys(logs ?? {}).join(',')}.`);
  }
  return value;
}
