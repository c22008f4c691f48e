/**
 * Argument checks shared by optimizers and schedules. Each throws an Error
 * naming the owner and the argument, the expected value and the one received.
 */

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return `[${value.map(describe).join(', ')}]`;
  return String(value);
}

/** Returns `value`, or throws unless it is a finite number. */
export function requireNumber(owner: string, argument: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`${owner}: \`${argument}\` must be a finite number, got ${describe(value)}.`);
  }
  return value;
}

/** Returns `value`, or throws unless `low <= value <= high` (bounds inclusive). */
export function requireInRange(
  owner: string,
  argument: string,
  value: unknown,
  low: number,
  high: number,
): number {
  const number = requireNumber(owner, argument, value);
  if (number < low || number > high) {
    throw new Error(`${owner}: \`${argument}\` must be in [${low}, ${high}], got ${number}.`);
  }
  return number;
}

/** Returns `value`, or throws unless it is a finite number `>= 0`. */
export function requireNonNegative(owner: string, argument: string, value: unknown): number {
  const number = requireNumber(owner, argument, value);
  if (number < 0) {
    throw new Error(`${owner}: \`${argument}\` must be >= 0, got ${number}.`);
  }
  return number;
}

/** Returns `value`, or throws unless it is a finite number `> 0`. */
export function requirePositive(owner: string, argument: string, value: unknown): number {
  const number = requireNumber(owner, argument, value);
  if (number <= 0) {
    throw new Error(`${owner}: \`${argument}\` must be > 0, got ${number}.`);
  }
  return number;
}

/** Returns `value`, or throws unless it is a boolean. */
export function requireBoolean(owner: string, argument: string, value: unknown): boolean {
  if (typeof value !== 'boolean') {
    throw new Error(`${owner}: \`${argument}\` must be true or false, got ${describe(value)}.`);
  }
  return value;
}

/**
 * Throws when `config` holds a key outside `accepted`, listing the accepted keys
 * (Keras raises "Argument(s) not recognized" for the same mistake).
 */
export function rejectUnknownKeys(owner: string, config: object, accepted: readonly string[]): void {
  const unknown = Object.keys(config).filter((key) => !accepted.includes(key));
  if (unknown.length > 0) {
    throw new Error(
      `${owner}: unknown option(s) ${unknown.map((key) => `'${key}'`).join(', ')}. ` +
        `Accepted options: ${accepted.join(', ')}.`,
    );
  }
}
