import type * as tf from '@tensorflow/tfjs-core';

/** A tensor shape whose unknown dimensions (usually the batch) are `null`. */
export type Shape = (number | null)[];

/** Something that creates a weight's initial value (see `@keras-ts/layers` initializers). */
export interface Initializer {
  /** Returns a new tensor of the given shape. */
  apply(shape: number[], dtype?: tf.DataType): tf.Tensor;
  /** Keras-style serialization: class name and camelCase config. */
  getConfig?(): Record<string, unknown>;
}

/** A penalty on a weight or activation, added to the total loss. */
export interface Regularizer {
  /** Returns the scalar penalty for `x`. */
  apply(x: tf.Tensor): tf.Scalar;
  /** Keras-style serialization. */
  getConfig?(): Record<string, unknown>;
}

/** A projection applied to a weight after each optimizer update. */
export interface Constraint {
  /** Returns the projected weight. */
  apply(weight: tf.Tensor): tf.Tensor;
  /** Keras-style serialization. */
  getConfig?(): Record<string, unknown>;
}

/** Expectations a layer places on each of its inputs, checked when it is applied. */
export interface InputSpec {
  /** Exact rank. */
  ndim?: number;
  /** Minimum rank. */
  minNdim?: number;
  /** Maximum rank. */
  maxNdim?: number;
  /** Required sizes of given axes (negative axes count from the end). */
  axes?: Record<number, number>;
  /** Required dtype. */
  dtype?: tf.DataType;
}

/** Keyword arguments of a layer call. */
export interface CallOptions {
  /** Training mode: dropout active, batch statistics used and updated. */
  training?: boolean;
  /** Mask(s) for the inputs, e.g. from Embedding({ maskZero: true }). */
  mask?: tf.Tensor | null | (tf.Tensor | null)[];
  /** Extra keyword arguments some layers accept (e.g. `initialState`). */
  [key: string]: unknown;
}

/** Formats a shape as Keras prints it: `(None, 784)`. */
export function formatShape(shape: Shape | Shape[]): string {
  if (shape.length > 0 && Array.isArray(shape[0])) {
    return `[${(shape as Shape[]).map((s) => formatShape(s)).join(', ')}]`;
  }
  const dims = (shape as Shape).map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** True when `shape` is a list of shapes rather than one shape. */
export function isShapeList(shape: Shape | Shape[]): shape is Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}
