import { ValueError } from '../errors/errors.js';

/** Turns 'categorical_crossentropy', 'CategoricalCrossentropy' or 'categoricalCrossentropy' into one lookup key. */
export function normalizeIdentifier(identifier: string): string {
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

/** camelCase of a snake_case key: 'kernel_initializer' → 'kernelInitializer'. */
export function toCamelCase(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase());
}

/**
 * Looks `identifier` up in a table keyed by normalized names; throws a ValueError listing the
 * valid names when it is unknown.
 */
export function lookupIdentifier<T>(kind: string, identifier: string, table: ReadonlyMap<string, T>, validNames: readonly string[]): T {
  const found = table.get(normalizeIdentifier(identifier));
  if (found === undefined) {
    throw new ValueError(`Unknown ${kind} '${identifier}'. Valid ${kind}s: ${validNames.join(', ')}.`);
  }
  return found;
}
