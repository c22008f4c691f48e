/**
 * Converts Keras's snake_case config keys (`beta_1`, `initial_learning_rate`)
 * to the camelCase keys keras-ts constructors take (`beta1`,
 * `initialLearningRate`). Keys already in camelCase pass through unchanged, and
 * nested objects are left alone: a nested schedule converts its own keys when
 * it is deserialized.
 */
export function camelCaseKeys(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) {
    result[key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase())] = value;
  }
  return result;
}

/**
 * Normalises an identifier for case-insensitive lookup: `'RMSprop'`, `'rmsprop'`,
 * `'exponential_decay'` and `'ExponentialDecay'` map to the same key.
 */
export function identifierKey(identifier: string): string {
  return identifier.replace(/[_\s-]/g, '').toLowerCase();
}
