import * as tf from '@tensorflow/tfjs-core';
import { type Regularizer as CoreRegularizer, ValueError, lookupIdentifier, normalizeIdentifier } from '@keras-ts/core';

/** Penalty `l1 · Σ|x| + l2 · Σx²` (Keras 3's L1L2; no ½ factor). */
export class L1L2 implements CoreRegularizer {
  static className = 'L1L2';
  readonly l1: number;
  readonly l2: number;
  constructor(config: { l1?: number; l2?: number } = {}) {
    this.l1 = config.l1 ?? 0;
    this.l2 = config.l2 ?? 0;
    for (const [name, value] of [
      ['l1', this.l1],
      ['l2', this.l2],
    ] as const) {
      if (!Number.isFinite(value) || value < 0) throw new ValueError(`Regularizer ${name} must be a non-negative number, got ${value}.`);
    }
  }
  apply(x: tf.Tensor): tf.Scalar {
    return tf.tidy(() => {
      let penalty: tf.Scalar = tf.scalar(0);
      if (this.l1 > 0) penalty = tf.add(penalty, tf.mul(this.l1, tf.sum(tf.abs(x))));
      if (this.l2 > 0) penalty = tf.add(penalty, tf.mul(this.l2, tf.sum(tf.square(x))));
      return penalty;
    });
  }
  getConfig(): Record<string, unknown> {
    return { l1: this.l1, l2: this.l2 };
  }
  /** Keras class name. */
  get className(): string {
    return (this.constructor as typeof L1L2).className;
  }
}

/** `l1 · Σ|x|` (default l1 = 0.01). */
export class L1 extends L1L2 {
  static override className = 'L1';
  constructor(config: { l1?: number } = {}) {
    super({ l1: config.l1 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l1: this.l1 };
  }
}

/** `l2 · Σx²` (default l2 = 0.01). */
export class L2 extends L1L2 {
  static override className = 'L2';
  constructor(config: { l2?: number } = {}) {
    super({ l2: config.l2 ?? 0.01 });
  }
  override getConfig(): Record<string, unknown> {
    return { l2: this.l2 };
  }
}

/** Shorthand for `new L1({ l1 })`. */
export const l1 = (value = 0.01): L1 => new L1({ l1: value });
/** Shorthand for `new L2({ l2 })`. */
export const l2 = (value = 0.01): L2 => new L2({ l2: value });
/** Shorthand for `new L1L2({ l1, l2 })` (each default 0.01, as Keras's `l1_l2`). */
export const l1l2 = (config: { l1?: number; l2?: number } = {}): L1L2 => new L1L2({ l1: config.l1 ?? 0.01, l2: config.l2 ?? 0.01 });

const TABLE = new Map<string, (config?: Record<string, number>) => L1L2>([
  [normalizeIdentifier('l1'), (c) => new L1(c)],
  [normalizeIdentifier('l2'), (c) => new L2(c)],
  [normalizeIdentifier('l1_l2'), (c) => (c ? new L1L2(c) : l1l2())],
]);

/** A regularizer given by name ('l1', 'l2', 'l1_l2'), object or `{ className, config }`. */
export type RegularizerIdentifier = string | CoreRegularizer | { className: string; config?: Record<string, number> };

/** Resolves a regularizer identifier; throws listing valid names when unknown. */
export function getRegularizer(identifier: RegularizerIdentifier): CoreRegularizer {
  if (typeof identifier === 'string') return lookupIdentifier('regularizer', identifier, TABLE, ['l1', 'l2', 'l1_l2'])();
  if (typeof identifier !== 'object' || identifier === null || !('apply' in identifier || typeof identifier.className === 'string')) {
    throw new ValueError(
      `Cannot interpret regularizer ${JSON.stringify(identifier) ?? String(identifier)}: expected 'l1', 'l2', 'l1_l2', a Regularizer, or { className, config }.`,
    );
  }
  if ('apply' in identifier) return identifier;
  return lookupIdentifier('regularizer', identifier.className, TABLE, ['L1', 'L2', 'L1L2'])(identifier.config ?? {});
}
