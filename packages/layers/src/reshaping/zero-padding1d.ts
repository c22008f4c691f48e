import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { firstShape, firstTensor } from '../utils/arguments.js';

/** Options for {@link ZeroPadding1D}. */
export interface ZeroPadding1DConfig extends LayerConfig {
  /** Zeros added at the start and end of the time axis: a number (both) or `[start, end]`. Default: 1. */
  padding?: number | [number, number];
}

/** Checks a pair of non-negative integers (or one number for both). */
export function normalizePair(value: number | number[], argument: string, owner: string): [number, number] {
  const pair = typeof value === 'number' ? [value, value] : value;
  if (pair.length !== 2 || pair.some((p) => !Number.isInteger(p) || p < 0)) {
    throw new ValueError(`${owner}: \`${argument}\` must be a non-negative integer or a pair of them, got ${JSON.stringify(value)}.`);
  }
  return [pair[0]!, pair[1]!];
}

/** Pads the time axis with zeros. Shapes: `[batch, steps, features]` → `[batch, steps + start + end, features]`. */
export class ZeroPadding1D extends Layer {
  static override className = 'ZeroPadding1D';
  readonly padding: [number, number];

  constructor(config: ZeroPadding1DConfig = {}) {
    super(config);
    this.padding = normalizePair(config.padding ?? 1, 'padding', 'ZeroPadding1D');
    this.inputSpec = [{ ndim: 3 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    return tf.pad(firstTensor(inputs), [[0, 0], this.padding, [0, 0]]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, steps, features] = firstShape(inputShape);
    return [batch ?? null, steps === null || steps === undefined ? null : steps + this.padding[0] + this.padding[1], features ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: [...this.padding] };
  }
}
registerLayerClass(ZeroPadding1D);
