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

const scopes: string[] = [];

/**
 * Runs `build` with `name` as the innermost name scope: weights created inside get paths under it.
 * Keras 3 builds a layer's parts in the layer's scope, so an LSTM's cell weights are
 * `lstm/lstm_cell/kernel` and a Bidirectional's `bidirectional/forward_lstm/lstm_cell/kernel`.
 */
export function withNameScope<T>(name: string, build: () => T): T {
  scopes.push(name);
  try {
    return build();
  } finally {
    scopes.pop();
  }
}

/** The open name scopes as a path prefix (`'bidirectional/forward_lstm/'`), or '' outside any. */
export function currentNameScope(): string {
  return scopes.map((scope) => `${scope}/`).join('');
}

/** Resets name counters (tests use it for predictable names). */
export function resetNameCounters(): void {
  counters.clear();
}
