import { ValueError } from '../errors/errors.js';

/**
 * Argument checks. Each returns the checked value or throws a {@link ValueError} worded
 * "<owner>: `<argument>` must be <expected>, got <actual>." followed by the fix when one is given.
 */

/** How a received value reads in a message: strings quoted, arrays listed, everything else as `String(value)`. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(describeValue).join(', ')}]`;
  return String(value);
}

function fail(owner: string, argument: string, expected: string, value: unknown, fix: string | undefined): never {
  throw new ValueError(`${owner}: \`${argument}\` must be ${expected}, got ${describeValue(value)}.${fix === undefined ? '' : ` ${fix}`}`);
}

/** Returns `value`, or throws unless it is a finite number. */
export function requireNumber(owner: string, argument: string, value: unknown, fix?: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(owner, argument, 'a finite number', value, fix);
  return value;
}

/** Returns `value`, or throws unless it is a finite number with `low <= value <= high` (bounds inclusive). */
export function requireInRange(owner: string, argument: string, value: unknown, low: number, high: number, fix?: string): number {
  const number = requireNumber(owner, argument, value, fix);
  if (number < low || number > high) fail(owner, argument, `in [${low}, ${high}]`, number, fix);
  return number;
}

/** Returns `value`, or throws unless it is a finite number `>= 0`. */
export function requireNonNegative(owner: string, argument: string, value: unknown, fix?: string): number {
  const number = requireNumber(owner, argument, value, fix);
  if (number < 0) fail(owner, argument, '>= 0', number, fix);
  return number;
}

/** Returns `value`, or throws unless it is a finite number `> 0`. */
export function requirePositive(owner: string, argument: string, value: unknown, fix?: string): number {
  const number = requireNumber(owner, argument, value, fix);
  if (number <= 0) fail(owner, argument, '> 0', number, fix);
  return number;
}

/** Returns `value`, or throws unless it is an integer `>= 1`. */
export function requirePositiveInteger(owner: string, argument: string, value: unknown, fix?: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) fail(owner, argument, 'a positive integer', value, fix);
  return value;
}

/** Returns `value`, or throws unless it is a boolean. */
export function requireBoolean(owner: string, argument: string, value: unknown, fix?: string): boolean {
  if (typeof value !== 'boolean') fail(owner, argument, 'true or false', value, fix);
  return value;
}

/** Returns `value`, or throws unless it is one of `allowed` (compared with `===`). */
export function requireOneOf<const T>(owner: string, argument: string, value: unknown, allowed: readonly T[], fix?: string): T {
  if (!allowed.includes(value as T)) fail(owner, argument, `one of ${allowed.map(describeValue).join(', ')}`, value, fix);
  return value as T;
}

/**
 * Throws when `config` holds a key outside `accepted`, listing the accepted keys (Keras raises
 * "Argument(s) not recognized" for the same mistake).
 */
export function rejectUnknownKeys(owner: string, config: object, accepted: readonly string[]): void {
  const unknown = Object.keys(config).filter((key) => !accepted.includes(key));
  if (unknown.length > 0) {
    throw new ValueError(`${owner}: unknown option(s) ${unknown.map((key) => `'${key}'`).join(', ')}. Accepted options: ${accepted.join(', ')}.`);
  }
}
