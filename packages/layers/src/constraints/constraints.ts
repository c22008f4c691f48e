import * as tf from '@tensorflow/tfjs-core';
import { type Constraint as CoreConstraint, ValueError, lookupIdentifier, normalizeIdentifier } from '@keras-ts/core';

const EPSILON = 1e-7;

function norms(w: tf.Tensor, axis: number | number[]): tf.Tensor {
  return tf.sqrt(tf.sum(tf.square(w), axis, true));
}

/** Base of weight constraints: `apply(w)` returns the projected weight. */
export abstract class Constraint implements CoreConstraint {
  static className = 'Constraint';
  abstract apply(weight: tf.Tensor): tf.Tensor;
  getConfig(): Record<string, unknown> {
    return {};
  }
  /** Keras class name. */
  get className(): string {
    return (this.constructor as typeof Constraint).className;
  }
}

/** Rescales slices along `axis` whose L2 norm exceeds `maxValue` (default 2, axis 0). */
export class MaxNorm extends Constraint {
  static override className = 'MaxNorm';
  readonly maxValue: number;
  readonly axis: number | number[];
  constructor(config: { maxValue?: number; axis?: number | number[] } = {}) {
    super();
    this.maxValue = config.maxValue ?? 2;
    this.axis = config.axis ?? 0;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      return tf.mul(w, tf.div(tf.clipByValue(n, 0, this.maxValue), tf.add(n, EPSILON)));
    });
  }
  override getConfig(): Record<string, unknown> {
    return { maxValue: this.maxValue, axis: this.axis };
  }
}

/** Scales slices along `axis` (default 0) to unit L2 norm. */
export class UnitNorm extends Constraint {
  static override className = 'UnitNorm';
  readonly axis: number | number[];
  constructor(config: { axis?: number | number[] } = {}) {
    super();
    this.axis = config.axis ?? 0;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.div(w, tf.add(norms(w, this.axis), EPSILON)));
  }
  override getConfig(): Record<string, unknown> {
    return { axis: this.axis };
  }
}

/** Clamps weights to be non-negative. */
export class NonNeg extends Constraint {
  static override className = 'NonNeg';
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => tf.mul(w, tf.cast(tf.greaterEqual(w, 0), w.dtype)));
  }
}

/** Keeps slice norms in [minValue, maxValue] (defaults 0, 1), moving a `rate` fraction of the way. */
export class MinMaxNorm extends Constraint {
  static override className = 'MinMaxNorm';
  readonly minValue: number;
  readonly maxValue: number;
  readonly rate: number;
  readonly axis: number | number[];
  constructor(config: { minValue?: number; maxValue?: number; rate?: number; axis?: number | number[] } = {}) {
    super();
    this.minValue = config.minValue ?? 0;
    this.maxValue = config.maxValue ?? 1;
    this.rate = config.rate ?? 1;
    this.axis = config.axis ?? 0;
  }
  apply(w: tf.Tensor): tf.Tensor {
    return tf.tidy(() => {
      const n = norms(w, this.axis);
      const desired = tf.add(tf.mul(this.rate, tf.clipByValue(n, this.minValue, this.maxValue)), tf.mul(1 - this.rate, n));
      return tf.mul(w, tf.div(desired, tf.add(n, EPSILON)));
    });
  }
  override getConfig(): Record<string, unknown> {
    return { minValue: this.minValue, maxValue: this.maxValue, rate: this.rate, axis: this.axis };
  }
}

type ConstraintClass = new (config?: Record<string, unknown>) => Constraint;
const CLASSES: [string, ConstraintClass][] = [
  ['max_norm', MaxNorm as ConstraintClass],
  ['unit_norm', UnitNorm as ConstraintClass],
  ['non_neg', NonNeg as ConstraintClass],
  ['min_max_norm', MinMaxNorm as ConstraintClass],
];
const TABLE = new Map<string, ConstraintClass>();
for (const [name, cls] of CLASSES) {
  TABLE.set(normalizeIdentifier(name), cls);
  TABLE.set(normalizeIdentifier((cls as unknown as { className: string }).className), cls);
}

/** A constraint given by name ('maxNorm' / 'max_norm', …), object or `{ className, config }`. */
export type ConstraintIdentifier = string | CoreConstraint | { className: string; config?: Record<string, unknown> };

/** Resolves a constraint identifier; throws listing valid names when unknown. */
export function getConstraint(identifier: ConstraintIdentifier): CoreConstraint {
  const names = CLASSES.map(([n]) => n);
  if (typeof identifier === 'string') return new (lookupIdentifier('constraint', identifier, TABLE, names))();
  if (typeof identifier !== 'object' || identifier === null || !('apply' in identifier || typeof identifier.className === 'string')) {
    throw new ValueError(
      `Cannot interpret constraint ${JSON.stringify(identifier) ?? String(identifier)}: expected a name such as 'maxNorm', a Constraint, or { className, config }.`,
    );
  }
  if ('apply' in identifier) return identifier;
  return new (lookupIdentifier('constraint', identifier.className, TABLE, names))(identifier.config ?? {});
}
