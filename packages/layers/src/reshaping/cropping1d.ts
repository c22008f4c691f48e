import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ShapeError, registerLayerClass } from '@keras-ts/core';
import { firstShape, firstTensor } from '../utils/arguments.js';
import { normalizePair } from './zero-padding1d.js';

/** Options for {@link Cropping1D}. */
export interface Cropping1DConfig extends LayerConfig {
  /** Steps removed at the start and end: a number (both) or `[start, end]`. Default: [1, 1]. */
  cropping?: number | [number, number];
}

/** Crops the time axis. Shapes: `[batch, steps, features]` → `[batch, steps − start − end, features]`. */
export class Cropping1D extends Layer {
  static override className = 'Cropping1D';
  readonly cropping: [number, number];

  constructor(config: Cropping1DConfig = {}) {
    super(config);
    this.cropping = normalizePair(config.cropping ?? 1, 'cropping', 'Cropping1D');
    this.inputSpec = [{ ndim: 3 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    const length = x.shape[1]! - this.cropping[0] - this.cropping[1];
    return tf.slice(x, [0, this.cropping[0], 0], [-1, length, -1]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, steps, features] = firstShape(inputShape);
    const length = steps === null || steps === undefined ? null : steps - this.cropping[0] - this.cropping[1];
    if (length !== null && length <= 0) {
      throw new ShapeError(`Cropping1D '${this.name}': cropping ${JSON.stringify(this.cropping)} removes all ${steps} steps; crop less.`);
    }
    return [batch ?? null, length, features ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: [...this.cropping] };
  }
}
registerLayerClass(Cropping1D);
