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
    // Checked on the real length too: a `null` length is only known now, and tfjs's slice reads a
    // size of -1 as "to the end", so an over-crop would silently return the wrong steps.
    const length = this.croppedLength(x.shape[1]!, x.shape)!;
    return tf.slice(x, [0, this.cropping[0], 0], [-1, length, -1]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = firstShape(inputShape);
    const [batch, steps, features] = shape;
    return [batch ?? null, this.croppedLength(steps ?? null, shape), features ?? null];
  }

  /** Steps left after cropping `steps`; throws a ShapeError when none would be. */
  private croppedLength(steps: number | null, shape: readonly (number | null)[]): number | null {
    if (steps === null) return null;
    const length = steps - this.cropping[0] - this.cropping[1];
    if (length <= 0) {
      throw new ShapeError(
        `Cropping1D '${this.name}': cropping [${this.cropping.join(', ')}] removes all ${steps} steps of an input of shape [${shape.map((d) => d ?? 'null').join(', ')}]; ` +
          `crop less (start + end must be below ${steps}) or feed longer sequences.`,
      );
    }
    return length;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: [...this.cropping] };
  }
}
registerLayerClass(Cropping1D);
