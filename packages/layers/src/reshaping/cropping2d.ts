import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ShapeError, registerLayerClass } from '@keras-ts/core';
import { type DataFormat, checkDataFormat, firstShape, firstTensor } from '../utils/arguments.js';
import { fromChannelsLast, shapeFromChannelsLast, shapeToChannelsLast, toChannelsLast } from '../utils/data-format.js';
import { normalizePairs } from './zero-padding2d.js';

/** Options for {@link Cropping2D}. */
export interface Cropping2DConfig extends LayerConfig {
  /** A number (all sides), `[rows, cols]` (symmetric), or `[[top, bottom], [left, right]]`. Default: 0. */
  cropping?: number | [number, number] | [[number, number], [number, number]];
  /** Default: 'channelsLast'. */
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
}

/** Crops rows and columns. Shapes: `[batch, rows, cols, channels]` → `[batch, rows − t − b, cols − l − r, channels]`. */
export class Cropping2D extends Layer {
  static override className = 'Cropping2D';
  readonly cropping: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;

  constructor(config: Cropping2DConfig = {}) {
    super(config);
    this.cropping = normalizePairs(config.cropping ?? 0, 'cropping', 'Cropping2D');
    this.dataFormat = checkDataFormat(config.dataFormat, 'Cropping2D');
    this.inputSpec = [{ ndim: 4 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    // Checked on the real sizes too: unknown (`null`) sizes are only known now, and tfjs's slice
    // reads a size of -1 as "to the end", so an over-crop would silently return the wrong pixels.
    this.computeOutputShape(x.shape);
    return tf.tidy(() => {
      const image = toChannelsLast(x, this.dataFormat);
      const [[top, bottom], [left, right]] = this.cropping;
      const cropped = tf.slice(image, [0, top, left, 0], [-1, image.shape[1]! - top - bottom, image.shape[2]! - left - right, -1]);
      return fromChannelsLast(cropped, this.dataFormat);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, rows, cols, channels] = shapeToChannelsLast(firstShape(inputShape), this.dataFormat);
    const shrink = (d: number | null | undefined, [a, b]: [number, number]) => {
      if (d === null || d === undefined) return null;
      if (d - a - b <= 0) {
        throw new ShapeError(
          `Cropping2D '${this.name}': cropping [${this.cropping.map((pair) => `[${pair.join(', ')}]`).join(', ')}] removes every row or column of an input of shape [${firstShape(
            inputShape,
          )
            .map((v) => v ?? 'null')
            .join(', ')}]; ` + 'crop less (each pair must sum to less than its axis) or feed larger images.',
        );
      }
      return d - a - b;
    };
    return shapeFromChannelsLast([batch ?? null, shrink(rows, this.cropping[0]), shrink(cols, this.cropping[1]), channels ?? null], this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), cropping: this.cropping.map((pair) => [...pair]), dataFormat: this.dataFormat };
  }
}
registerLayerClass(Cropping2D);
