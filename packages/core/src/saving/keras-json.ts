import { ValueError } from '../errors/errors.js';
import { toCamelCase, toSnakeCase } from '../utils/identifier.js';

/** A JSON value as model files hold it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

// tfjs-layers names the functional model class 'Model'; Keras 3 (and keras-ts) name it 'Functional'.
const CLASS_ALIASES: Record<string, string> = { Model: 'Functional' };

/** The keras-ts class name for a class name found in a Keras or tfjs-layers file. */
export function classNameFromKeras(className: string): string {
  return CLASS_ALIASES[className] ?? className;
}

/**
 * camelCase config → Keras JSON: every object key goes to snake_case (`useBias` → `use_bias`,
 * `className` → `class_name`), so nested `{ className, config }` initializers become
 * `{ class_name, config }`. Values are kept as they are (names, activations, dtypes). `undefined`
 * entries are dropped; non-finite numbers become null (JSON has no NaN).
 */
export function toKerasJson(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (Array.isArray(value)) return value.map((item) => toKerasJson(item));
  if (typeof value === 'object') {
    const result: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      if (item !== undefined) result[toSnakeCase(key)] = toKerasJson(item);
    }
    return result;
  }
  throw new ValueError(
    `Cannot save a config value of type ${typeof value} (${String(value)}); configs must be plain data (numbers, strings, booleans, arrays, objects). Return a name or a serializable config from getConfig() instead.`,
  );
}

/** Keras JSON → camelCase config: every object key goes to camelCase; values are kept except tfjs-layers' class name aliases. */
export function fromKerasJson(value: JsonValue): unknown {
  if (Array.isArray(value)) return value.map((item) => fromKerasJson(item));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      result[toCamelCase(key)] = key === 'class_name' && typeof item === 'string' ? classNameFromKeras(item) : fromKerasJson(item);
    }
    return result;
  }
  return value;
}
