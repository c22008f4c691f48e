import type * as tf from '@tensorflow/tfjs-core';
import type { Layer } from './layer.js';
import type { Shape } from './types.js';

let nextTensorId = 0;

/**
 * A placeholder for a tensor in a layer graph: it has a shape (with `null` for unknown
 * dimensions) and a dtype, and remembers which layer call produced it.
 */
export class SymbolicTensor {
  /** Unique identity used to key values while a graph executes. */
  readonly id: number;
  /** Shape with `null` for unknown dimensions. */
  readonly shape: Shape;

  constructor(
    /** Element type. */
    readonly dtype: tf.DataType,
    shape: Shape,
    /** The layer whose call produced this tensor. */
    readonly sourceLayer: Layer,
    /** Index of that call in `sourceLayer.inboundNodes`. */
    readonly nodeIndex: number,
    /** Index among that call's outputs. */
    readonly tensorIndex: number,
    /** Readable name, e.g. `dense_1/output`. */
    readonly name: string,
  ) {
    this.id = nextTensorId++;
    this.shape = [...shape];
  }

  /** Number of dimensions. */
  get rank(): number {
    return this.shape.length;
  }

  /** Keras's `(None, 10)`-style description. */
  toString(): string {
    return `<SymbolicTensor name=${this.name} shape=[${this.shape.map((d) => (d === null ? 'null' : d)).join(', ')}] dtype=${this.dtype}>`;
  }
}

/** True for SymbolicTensor values (and arrays of them). */
export function isSymbolic(value: unknown): value is SymbolicTensor | SymbolicTensor[] {
  if (Array.isArray(value)) return value.length > 0 && value.every((item) => item instanceof SymbolicTensor);
  return value instanceof SymbolicTensor;
}
