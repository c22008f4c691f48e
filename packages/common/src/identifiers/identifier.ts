import { ValueError } from '../errors/errors.js';

/**
 * Turns 'categorical_crossentropy', 'CategoricalCrossentropy' or 'categoricalCrossentropy' into
 * one lookup key ('categoricalcrossentropy'): underscores, hyphens and spaces dropped, lower case.
 */
export function normalizeIdentifier(identifier: string): string {
  if (typeof identifier !== 'string') throw notANameError('identifier', identifier);
  return identifier.replace(/[_\-\s]/g, '').toLowerCase();
}

/** Keras's snake_case of a CamelCase class name: 'BatchNormalization' → 'batch_normalization', 'Conv2D' → 'conv2d'. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .toLowerCase()
    .replace(/(\d)_d(?=_|$)/g, '$1d');
}

/** camelCase of a snake_case key: 'kernel_initializer' → 'kernelInitializer'; camelCase passes through. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * A config object with its top-level keys in camelCase (`beta_1` → `beta1`,
 * `initial_learning_rate` → `initialLearningRate`). Nested objects are left alone: a nested
 * serialized object converts its own keys when it is deserialized.
 */
export function camelCaseKeys(config: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) result[toCamelCase(key)] = value;
  return result;
}

/** Wording of an unknown-identifier error; see {@link unknownIdentifierError}. */
export interface UnknownIdentifierWording {
  /** The words before the list of valid names. Default: `Valid <kind>s`. */
  validLabel?: string;
  /** A sentence appended after the list: the fix, e.g. "Pass a Loss instance instead." */
  hint?: string;
}

/**
 * The {@link ValueError} for an identifier nobody registered:
 * "Unknown optimizer 'nope'. Valid optimizers: SGD, Adam. <hint>" (`kind` is the singular noun).
 */
export function unknownIdentifierError(kind: string, identifier: string, validNames: readonly string[], wording: UnknownIdentifierWording = {}): ValueError {
  const label = wording.validLabel ?? `Valid ${kind}s`;
  const hint = wording.hint === undefined ? '' : ` ${wording.hint}`;
  return new ValueError(`Unknown ${kind} '${identifier}'. ${label}: ${validNames.join(', ')}.${hint}`);
}

/**
 * The {@link ValueError} for an identifier that is not a name at all (a number, an object from a
 * corrupt config, …): "Expected the activation to be a name (a string), got 7 (a number)."
 */
export function notANameError(kind: string, identifier: unknown): ValueError {
  const shown = typeof identifier === 'object' && identifier !== null ? (JSON.stringify(identifier) ?? String(identifier)).slice(0, 80) : String(identifier);
  const type =
    identifier === null
      ? 'null'
      : identifier === undefined
        ? 'undefined'
        : Array.isArray(identifier)
          ? 'a list'
          : typeof identifier === 'object'
            ? 'an object'
            : `a ${typeof identifier}`;
  return new ValueError(`Expected the ${kind} to be a name (a string), got ${shown} (${type}).`);
}

/**
 * Looks `identifier` up in a table keyed by {@link normalizeIdentifier}d names; throws a
 * {@link ValueError} listing `validNames` when it is unknown, and one from {@link notANameError}
 * when it is not a string (a corrupt saved config).
 */
export function lookupIdentifier<T>(kind: string, identifier: string, table: ReadonlyMap<string, T>, validNames: readonly string[]): T {
  if (typeof identifier !== 'string') throw notANameError(kind, identifier);
  const found = table.get(normalizeIdentifier(identifier));
  if (found === undefined) throw unknownIdentifierError(kind, identifier, validNames);
  return found;
}
