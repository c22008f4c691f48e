import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError } from '@keras-ts/core';
import { as2d, lift1d, lower1d } from '../convolutional/base.js';
import { type DataFormat, checkDataFormat, firstShape, firstTensor, normalizeTuple } from '../utils/arguments.js';
import { assertWindowFits, convOutputLength } from '../utils/conv-geometry.js';
import { fromChannelsLast, shapeFromChannelsLast, shapeToChannelsLast, toChannelsLast } from '../utils/data-format.js';

/** Options of the windowed pooling layers. Defaults follow Keras 3. */
export interface PoolingConfig extends LayerConfig {
  /** Window size. Default: 2 (per spatial axis). */
  poolSize?: number | number[];
  /** Step between windows. Default: `poolSize`. */
  strides?: number | number[] | null;
  /** Default: 'valid'. 'same' windows at the border average only the real values. */
  padding?: 'valid' | 'same';
  /** Default: 'channelsLast'. */
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
}

/** Base of MaxPooling1D/2D and AveragePooling1D/2D. */
export abstract class Pooling extends Layer {
  readonly poolSize: number[];
  readonly strides: number[];
  readonly padding: 'valid' | 'same';
  readonly dataFormat: DataFormat;

  constructor(
    private readonly rank: 1 | 2,
    private readonly mode: 'max' | 'avg',
    config: PoolingConfig = {},
  ) {
    super(config);
    const owner = (this.constructor as typeof Layer).className;
    this.poolSize = normalizeTuple(config.poolSize, rank, 'poolSize', owner, 2);
    this.strides = config.strides === null || config.strides === undefined ? [...this.poolSize] : normalizeTuple(config.strides, rank, 'strides', owner);
    this.padding = config.padding ?? 'valid';
    if (this.padding !== 'valid' && this.padding !== 'same') throw new ValueError(`${owner}: \`padding\` must be 'valid' or 'same', got '${config.padding}'.`);
    this.dataFormat = checkDataFormat(config.dataFormat, owner);
    this.inputSpec = [{ ndim: rank + 2 }];
  }

  /**
   * Throws a ShapeError when the window does not fit an input of `shape` (in the layer's data
   * format). Checked on symbolic shapes and again on every real tensor, whose lengths may have been
   * unknown (`null`) when the graph was built.
   */
  protected assertInputFits(shape: readonly (number | null)[]): void {
    const spatial = shapeToChannelsLast([...shape], this.dataFormat).slice(1, -1);
    assertWindowFits(`${this.className} '${this.name}'`, spatial, shape, {
      windowOption: 'poolSize',
      window: this.poolSize,
      strides: this.strides,
      padding: this.padding,
    });
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    this.assertInputFits(x.shape);
    return tf.tidy(() => {
      const channelsLast = toChannelsLast(x, this.dataFormat);
      const input = this.rank === 1 ? lift1d(channelsLast) : (channelsLast as tf.Tensor4D);
      const output =
        this.mode === 'max' || this.padding === 'valid'
          ? (this.mode === 'max' ? tf.maxPool : tf.avgPool)(input, as2d(this.poolSize), as2d(this.strides), this.padding)
          : averageSame(input, as2d(this.poolSize), as2d(this.strides));
      return fromChannelsLast(this.rank === 1 ? lower1d(output) : output, this.dataFormat);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    this.assertInputFits(firstShape(inputShape));
    const shape = shapeToChannelsLast(firstShape(inputShape), this.dataFormat);
    const spatial = shape.slice(1, -1).map((length, axis) => convOutputLength(length, this.poolSize[axis]!, this.padding, this.strides[axis]!));
    return shapeFromChannelsLast([shape[0] ?? null, ...spatial, shape.at(-1) ?? null], this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), poolSize: [...this.poolSize], strides: [...this.strides], padding: this.padding, dataFormat: this.dataFormat };
  }
}

/**
 * 'same' average pooling that divides by the number of real (unpadded) values per window. tfjs-core's
 * avgPool does so in its forward pass but its gradient divides by the full window, so this pads
 * explicitly, pools 'valid' and rescales by the pooled count of real values.
 */
function averageSame(x: tf.Tensor4D, poolSize: [number, number], strides: [number, number]): tf.Tensor4D {
  const pads = [1, 2].map((axis, i) => {
    const length = x.shape[axis]!;
    const total = Math.max((Math.ceil(length / strides[i]!) - 1) * strides[i]! + poolSize[i]! - length, 0);
    return [Math.floor(total / 2), total - Math.floor(total / 2)] as [number, number];
  });
  const padding: [number, number][] = [[0, 0], pads[0]!, pads[1]!, [0, 0]];
  const sums = tf.avgPool(tf.pad(x, padding), poolSize, strides, 'valid');
  const counts = tf.avgPool(tf.pad(tf.onesLike(x), padding), poolSize, strides, 'valid');
  return tf.div(sums, counts);
}

/** Options of the global pooling layers. */
export interface GlobalPoolingConfig extends LayerConfig {
  /** Default: 'channelsLast'. */
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  /** Keep the pooled spatial axes with size 1. Default: false. */
  keepdims?: boolean;
}

/** Base of the global pooling layers: max or mean over every spatial axis. */
export abstract class GlobalPooling extends Layer {
  readonly dataFormat: DataFormat;
  readonly keepdims: boolean;

  constructor(
    private readonly rank: 1 | 2,
    private readonly mode: 'max' | 'avg',
    config: GlobalPoolingConfig = {},
  ) {
    super(config);
    this.dataFormat = checkDataFormat(config.dataFormat, (this.constructor as typeof Layer).className);
    this.keepdims = config.keepdims ?? false;
    this.inputSpec = [{ ndim: rank + 2 }];
  }

  private axes(): number[] {
    const start = this.dataFormat === 'channelsLast' ? 1 : 2;
    return Array.from({ length: this.rank }, (_, i) => start + i);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    return this.mode === 'max' ? tf.max(x, this.axes(), this.keepdims) : tf.mean(x, this.axes(), this.keepdims);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = firstShape(inputShape);
    const axes = this.axes();
    if (this.keepdims) return shape.map((d, i) => (axes.includes(i) ? 1 : d));
    return shape.filter((_, i) => !axes.includes(i));
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat, keepdims: this.keepdims };
  }
}
