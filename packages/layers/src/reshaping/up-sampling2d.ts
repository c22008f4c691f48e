import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { type DataFormat, checkDataFormat, firstShape, firstTensor, normalizeTuple } from '../utils/arguments.js';
import { fromChannelsLast, shapeFromChannelsLast, shapeToChannelsLast, toChannelsLast } from '../utils/data-format.js';
import { repeatAxis } from './up-sampling1d.js';

/** Options for {@link UpSampling2D}. */
export interface UpSampling2DConfig extends LayerConfig {
  /** Upsampling factors for rows and columns. Default: [2, 2]. */
  size?: number | number[];
  /** Default: 'channelsLast'. */
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  /** 'nearest' (repeat pixels, default) or 'bilinear' (half-pixel-centre interpolation, as tf.image.resize). */
  interpolation?: 'nearest' | 'bilinear';
}

/** Upsamples images by `size`. Shapes: `[batch, rows, cols, channels]` → `[batch, rows·sr, cols·sc, channels]`. */
export class UpSampling2D extends Layer {
  static override className = 'UpSampling2D';
  readonly size: number[];
  readonly dataFormat: DataFormat;
  readonly interpolation: 'nearest' | 'bilinear';

  constructor(config: UpSampling2DConfig = {}) {
    super(config);
    this.size = normalizeTuple(config.size, 2, 'size', 'UpSampling2D', 2);
    this.dataFormat = checkDataFormat(config.dataFormat, 'UpSampling2D');
    this.interpolation = config.interpolation ?? 'nearest';
    if (this.interpolation !== 'nearest' && this.interpolation !== 'bilinear') {
      throw new ValueError(`UpSampling2D: \`interpolation\` must be 'nearest' or 'bilinear', got '${config.interpolation}'.`);
    }
    this.inputSpec = [{ ndim: 4 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    return tf.tidy(() => {
      const image = toChannelsLast(x, this.dataFormat);
      const [rows, cols] = this.size as [number, number];
      const output =
        this.interpolation === 'nearest' ? repeatAxis(repeatAxis(image, 1, rows), 2, cols) : interpolateAxis(interpolateAxis(image, 1, rows), 2, cols);
      return fromChannelsLast(output, this.dataFormat);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, rows, cols, channels] = shapeToChannelsLast(firstShape(inputShape), this.dataFormat);
    const scale = (d: number | null | undefined, f: number) => (d === null || d === undefined ? null : d * f);
    return shapeFromChannelsLast([batch ?? null, scale(rows, this.size[0]!), scale(cols, this.size[1]!), channels ?? null], this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: [...this.size], dataFormat: this.dataFormat, interpolation: this.interpolation };
  }
}
registerLayerClass(UpSampling2D);

/**
 * Bilinear upsampling along one axis by an integer factor, with half-pixel centres (what
 * tf.image.resize does): output o samples input coordinate `(o + 0.5)/factor − 0.5`, clamped at the
 * borders. Written with gathers because tfjs-core's ResizeBilinear gradient fails on non-square images.
 */
function interpolateAxis(x: tf.Tensor, axis: number, factor: number): tf.Tensor {
  if (factor === 1) return x;
  const length = x.shape[axis]!;
  const low: number[] = [];
  const high: number[] = [];
  const weights: number[] = [];
  for (let o = 0; o < length * factor; o++) {
    const position = (o + 0.5) / factor - 0.5;
    const floor = Math.floor(position);
    low.push(Math.min(Math.max(floor, 0), length - 1));
    high.push(Math.min(Math.max(floor + 1, 0), length - 1));
    weights.push(position - floor);
  }
  const weightShape = x.shape.map((_, i) => (i === axis ? length * factor : 1));
  const weight = tf.tensor(weights, weightShape);
  const lower = tf.gather(x, tf.tensor1d(low, 'int32'), axis);
  const upper = tf.gather(x, tf.tensor1d(high, 'int32'), axis);
  return tf.add(tf.mul(lower, tf.sub(1, weight)), tf.mul(upper, weight));
}
