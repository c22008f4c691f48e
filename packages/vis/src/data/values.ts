import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '@keras-ts/common';

/** Nested JavaScript arrays of numbers, any depth. */
export interface NestedNumbers extends ReadonlyArray<number | NestedNumbers> {}

/** Numeric data a plot accepts: a tensor, a typed array or (nested) arrays of numbers. */
export type NumericData = tf.Tensor | ArrayLike<number> | NestedNumbers;

/** A dense array read out of {@link NumericData}: row-major values and the shape. */
export interface DenseArray {
  /** Values in row-major order. */
  values: ArrayLike<number>;
  /** Shape, outermost first. */
  shape: number[];
}

/**
 * Reads `data` into a row-major array with its shape. Tensors are read with
 * `dataSync`, which allocates no tensors; nested arrays must be rectangular.
 */
export function readDense(data: NumericData, argumentName: string): DenseArray {
  if (data instanceof tf.Tensor) {
    if (data.isDisposed) throw new ValueError(`${argumentName}: the tensor has been disposed. Pass a live tensor (read the plot input before disposing it).`);
    return { values: data.dataSync() as ArrayLike<number>, shape: [...data.shape] };
  }
  if (!isArrayLike(data)) {
    throw new ValueError(`${argumentName}: expected a tensor or an array of numbers, got ${describe(data)}.`);
  }
  const shape: number[] = [];
  let probe: unknown = data;
  while (isArrayLike(probe)) {
    shape.push(probe.length);
    probe = probe.length > 0 ? (probe as ArrayLike<unknown>)[0] : undefined;
  }
  const values: number[] = [];
  const walk = (node: unknown, depth: number, path: string): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') throw new ValueError(`${argumentName}${path}: expected a number, got ${describe(node)}.`);
      values.push(node);
      return;
    }
    if (!isArrayLike(node) || node.length !== shape[depth]) {
      throw new ShapeError(
        `${argumentName}${path}: nested arrays must be rectangular with shape [${shape.join(', ')}]; this entry is ${isArrayLike(node) ? `an array of length ${node.length}` : describe(node)}.`,
      );
    }
    for (let index = 0; index < node.length; index++) walk((node as ArrayLike<unknown>)[index], depth + 1, `${path}[${index}]`);
  };
  walk(data, 0, '');
  return { values, shape };
}

/** Reads a rank-1 input (a rank-2 input with one row or column is accepted too) into a plain array. */
export function readVector(data: NumericData, argumentName: string): number[] {
  const dense = readDense(data, argumentName);
  const nonUnit = dense.shape.filter((size) => size !== 1);
  if (nonUnit.length > 1) {
    throw new ShapeError(`${argumentName}: expected a vector (rank 1), got shape [${dense.shape.join(', ')}]. Pass one row, e.g. probabilities[0].`);
  }
  return Array.from(dense.values);
}

/**
 * Reads class labels: a rank-1 array of integer class indices, or a rank-2
 * array of per-class scores (one-hot or probabilities), reduced with argmax.
 */
export function readLabels(data: NumericData, argumentName: string): number[] {
  const dense = readDense(data, argumentName);
  if (dense.shape.length === 2) {
    const [rows = 0, columns = 0] = dense.shape;
    const labels: number[] = [];
    for (let row = 0; row < rows; row++) {
      let best = 0;
      for (let column = 1; column < columns; column++) {
        if ((dense.values[row * columns + column] ?? 0) > (dense.values[row * columns + best] ?? 0)) best = column;
      }
      labels.push(best);
    }
    return labels;
  }
  if (dense.shape.length !== 1) {
    throw new ShapeError(`${argumentName}: expected class indices of shape [n] or scores of shape [n, classes], got shape [${dense.shape.join(', ')}].`);
  }
  const labels = Array.from(dense.values);
  labels.forEach((label, index) => {
    if (!Number.isInteger(label) || label < 0) {
      throw new ValueError(
        `${argumentName}[${index}]: class labels must be non-negative integers, got ${label}. Convert probabilities with argmax first, or pass the [n, classes] array.`,
      );
    }
  });
  return labels;
}

function isArrayLike(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

/** Short description of a value's type for error messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  return `${typeof value} ${String(value)}`;
}
