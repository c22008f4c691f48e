import { toSnakeCase } from '../utils/identifier.js';

const counters = new Map<string, number>();

/** Keras-style unique name: 'dense', then 'dense_1', 'dense_2', … per prefix. */
export function uniqueName(prefix: string): string {
  const count = counters.get(prefix) ?? 0;
  counters.set(prefix, count + 1);
  return count === 0 ? prefix : `${prefix}_${count}`;
}

/** Default layer name for a class: `Dense` → 'dense', `BatchNormalization` → 'batch_normalization'. */
export function defaultLayerName(className: string): string {
  return uniqueName(toSnakeCase(className));
}

/** Resets name counters (tests use it for predictable names). */
export function resetNameCounters(): void {
  counters.clear();
}
