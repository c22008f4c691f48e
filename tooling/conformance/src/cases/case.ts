import type * as tf from '@tensorflow/tfjs-core';

/** One input of a {@link ConformanceCase}: its shape and how its random values are drawn. */
export interface InputSpec {
  shape: number[];
  /** Default 'float32'. Only float32 inputs are differentiated. */
  dtype?: 'float32' | 'int32' | 'bool';
  /** Uniform range for float values. Default [-2, 2]. */
  range?: [number, number];
  /** For int32 inputs: values drawn from [low, high). Default [0, 4). */
  integers?: [number, number];
  /** Never differentiate this input (e.g. a learning rate). */
  constant?: boolean;
}

/** Allowed error: |actual − expected| ≤ atol + rtol·|expected|. */
export interface Tolerance {
  rtol: number;
  atol: number;
}

/**
 * One op-level conformance case: the same random inputs run through `run` on the backend under
 * test and on the reference (cpu); outputs and, unless `gradient` is false, the gradients of a
 * random weighted sum of the outputs with respect to every float input are compared.
 */
export interface ConformanceCase {
  /** Unique name, `family/variant`; the key for skip lists. */
  name: string;
  inputs: InputSpec[];
  run: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  /**
   * What the reference backend runs instead of `run`. Fused-op cases set it to the op's reference
   * implementation, so a backend's kernel is checked against the declared reference.
   */
  reference?: (...inputs: tf.Tensor[]) => tf.Tensor | tf.Tensor[];
  /** Compare gradients too. Default true. */
  gradient?: boolean;
  tolerance?: Partial<Tolerance>;
}

/** Tolerance used when a case sets none: float32 results from different summation orders. */
export const defaultTolerance: Tolerance = { rtol: 1e-3, atol: 1e-4 };
