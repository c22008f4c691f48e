// The building blocks of the model-file schema: each check names the field path and what it
// found, and throws a ModelFormatError. Nothing here recurses, so hostile nesting cannot overflow
// the stack.
import { ModelFormatError } from '../model-format-error.js';

/** Deepest nesting of arrays and objects a model file may have. Keras files of nested models stay far below it. */
export const MAX_JSON_DEPTH = 64;

/** Most arrays, objects and values one model file may hold (guards shared references in in-memory artifacts). */
export const MAX_JSON_NODES = 4_000_000;

/** Where a check runs: the source as messages name it (`'dir/model.json'`). */
export interface SchemaContext {
  readonly source: string;
}

/** A plain JSON object (what `JSON.parse` makes; arrays excluded). */
export type JsonObject = Record<string, unknown>;

/** `path.key`, or `key` at the root. */
export function child(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/** `path[index]`. */
export function item(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** A short description of a found value for messages: `7`, `'relu'`, `null`, `an array of 3`, `an object {a, b}`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 60 ? `'${value.slice(0, 57)}…' (${value.length} characters)` : `'${value}'`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) return `binary data (${(value as ArrayBuffer).byteLength} bytes)`;
    return `an object {${keys.slice(0, 5).join(', ')}${keys.length > 5 ? ', …' : ''}}`;
  }
  return `a ${typeof value}`;
}

/** Throws the ModelFormatError for `path`: `<source>: <path>: expected <expected>, got <found>.` */
export function fail(context: SchemaContext, path: string, expected: string, found: unknown, fix = ''): never {
  throw new ModelFormatError(context.source, path, `expected ${expected}, got ${describeFound(found)}.${fix === '' ? '' : ` ${fix}`}`);
}

/** Whether `value` is a plain object (not an array, not null). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as an object, or a failure naming `path`. */
export function requireObject(context: SchemaContext, path: string, value: unknown, what = 'an object'): JsonObject {
  if (!isObject(value) || value instanceof ArrayBuffer || ArrayBuffer.isView(value)) fail(context, path, what, value);
  return value;
}

/** `value` as an array, or a failure naming `path`. */
export function requireArray(context: SchemaContext, path: string, value: unknown, what = 'a list'): unknown[] {
  if (!Array.isArray(value)) fail(context, path, what, value);
  return value;
}

/** `value` as a string, or a failure naming `path`. */
export function requireString(context: SchemaContext, path: string, value: unknown, what = 'a string'): string {
  if (typeof value !== 'string') fail(context, path, what, value);
  return value;
}

/** Fails unless `value` is absent, null or a string. */
export function optionalString(context: SchemaContext, path: string, value: unknown): void {
  if (value !== undefined && value !== null && typeof value !== 'string') fail(context, path, 'a string', value);
}

/** Whether `value` is an integer in `[minimum, 2^53 - 1]`. */
export function isSafeInteger(value: unknown, minimum: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= minimum;
}

/**
 * Fails when `value` nests arrays and objects deeper than {@link MAX_JSON_DEPTH} (or holds more
 * than {@link MAX_JSON_NODES} values, or a reference cycle, which in-memory artifacts can have).
 * Walks with an explicit stack, so depth costs heap, not call stack.
 */
export function checkNesting(context: SchemaContext, root: string, value: unknown, limit = MAX_JSON_DEPTH): void {
  const stack: { value: unknown; depth: number; path: string }[] = [{ value, depth: 0, path: root }];
  let nodes = 0;
  while (stack.length > 0) {
    const entry = stack.pop()!;
    nodes += 1;
    if (nodes > MAX_JSON_NODES) {
      throw new ModelFormatError(
        context.source,
        root,
        `holds more than ${MAX_JSON_NODES.toLocaleString('en-US')} JSON values; a model file this large is refused.`,
      );
    }
    if (typeof entry.value !== 'object' || entry.value === null || entry.value instanceof ArrayBuffer || ArrayBuffer.isView(entry.value)) continue;
    if (entry.depth >= limit) {
      throw new ModelFormatError(
        context.source,
        entry.path,
        `nests arrays and objects more than ${limit} levels deep (or refers to itself); the file is corrupt or hostile.`,
      );
    }
    if (Array.isArray(entry.value)) {
      entry.value.forEach((element, index) => stack.push({ value: element, depth: entry.depth + 1, path: item(entry.path, index) }));
    } else {
      for (const [key, element] of Object.entries(entry.value)) stack.push({ value: element, depth: entry.depth + 1, path: child(entry.path, key) });
    }
  }
}
