import type * as tf from '@tensorflow/tfjs-core';
import { type Shape, ValueError } from '@keras-ts/core';
import { requirePositiveInteger } from '@keras-ts/common';

/** The single tensor of a one-input layer call (multi-input calls pass an array; the first is the data). */
export function firstTensor(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  return Array.isArray(inputs) ? inputs[0]! : inputs;
}

/** The single shape of a one-input layer (or the first of several). */
export function firstShape(inputShape: Shape | Shape[]): Shape {
  return inputShape.length > 0 && Array.isArray(inputShape[0]) ? (inputShape[0] as Shape) : (inputShape as Shape);
}

/** The first mask of a call's mask option (multi-input layers receive one per input). */
export function firstMask(mask: tf.Tensor | null | (tf.Tensor | null)[] | undefined): tf.Tensor | null {
  if (mask === undefined || mask === null) return null;
  return Array.isArray(mask) ? (mask[0] ?? null) : mask;
}

/**
 * Expands `value` (a number or an array of `rank` numbers) to an array of `rank` positive integers,
 * as Keras does for `kernelSize`, `strides`, `poolSize`, `dilationRate`, `size`.
 */
export function normalizeTuple(value: number | number[] | undefined, rank: number, argument: string, owner: string, fallback?: number): number[] {
  const raw = value ?? fallback;
  if (raw === undefined) throw new ValueError(`${owner}: \`${argument}\` is required (a positive integer or an array of ${rank}).`);
  const list = typeof raw === 'number' ? Array.from({ length: rank }, () => raw) : [...raw];
  if (list.length !== rank || list.some((item) => !Number.isInteger(item) || item <= 0)) {
    throw new ValueError(`${owner}: \`${argument}\` must be a positive integer or an array of ${rank} positive integers, got ${JSON.stringify(raw)}.`);
  }
  return list;
}

/** Data formats accepted by spatial layers. */
export type DataFormat = 'channelsLast' | 'channelsFirst';

/** Checks a `dataFormat` option (accepting Keras's snake_case spelling) and returns it camelCased. */
export function checkDataFormat(value: string | undefined, owner: string): DataFormat {
  const format = value ?? 'channelsLast';
  if (format === 'channelsLast' || format === 'channels_last') return 'channelsLast';
  if (format === 'channelsFirst' || format === 'channels_first') return 'channelsFirst';
  throw new ValueError(`${owner}: \`dataFormat\` must be 'channelsLast' or 'channelsFirst', got '${value}'.`);
}

/** Checks that `rate` is a number in [0, 1). */
export function checkRate(value: unknown, argument: string, owner: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(`${owner}: \`${argument}\` must be a number in [0, 1), got ${String(value)}.`);
  }
  return value;
}

/** Checks that `value` is a positive integer (common's check, in the argument order of this file's helpers). */
export function checkPositiveInteger(value: unknown, argument: string, owner: string): number {
  return requirePositiveInteger(owner, argument, value);
}
