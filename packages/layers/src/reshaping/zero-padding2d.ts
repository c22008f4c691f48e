import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { type DataFormat, checkDataFormat, firstShape, firstTensor } from '../utils/arguments.js';
import { shapeFromChannelsLast, shapeToChannelsLast } from '../utils/data-format.js';
import { normalizePair } from './zero-padding1d.js';

/** Options for {@link ZeroPadding2D}. */
export interface ZeroPadding2DConfig extends LayerConfig {
  /** A number (all sides), `[rows, cols]` (symmetric), or `[[top, bottom], [left, right]]`. Default: 1. */
  padding?: number | [number, number] | [[number, number], [number, number]];
  /** Default: 'channelsLast'. */
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
}

/** Resolves a 2-D padding/cropping option to `[[top, bottom], [left, right]]`. */
export function normalizePairs(value: number | number[] | number[][], argument: string, owner: string): [[number, number], [number, number]] {
  if (typeof value === 'number') return [normalizePair(value, argument, owner), normalizePair(value, argument, owner)];
  if (value.length === 2 && value.every((item) => typeof item === 'number')) {
    return [normalizePair(value[0] as number, argument, owner), normalizePair(value[1] as number, argument, owner)];
  }
  if (value.length === 2 && value.every((item) => Array.isArray(item))) {
    return [normalizePair(value[0] as number[], argument, owner), normalizePair(value[1] as number[], argument, owner)];
  }
  throw new ValueError(`${owner}: \`${argument}\` must be a number, [rows, cols] or [[top, bottom], [left, right]], got ${JSON.stringify(value)}.`);
}

/** Pads rows and columns with zeros. Shapes: `[batch, rows, cols, channels]` → `[batch, rows + t + b, cols + l + r, channels]`. */
export class ZeroPadding2D extends Layer {
  static override className = 'ZeroPadding2D';
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat: DataFormat;

  constructor(config: ZeroPadding2DConfig = {}) {
    super(config);
    this.padding = normalizePairs(config.padding ?? 1, 'padding', 'ZeroPadding2D');
    this.dataFormat = checkDataFormat(config.dataFormat, 'ZeroPadding2D');
    this.inputSpec = [{ ndim: 4 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const spatial = this.padding;
    const pads: [number, number][] = this.dataFormat === 'channelsLast' ? [[0, 0], ...spatial, [0, 0]] : [[0, 0], [0, 0], ...spatial];
    return tf.pad(firstTensor(inputs), pads);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, rows, cols, channels] = shapeToChannelsLast(firstShape(inputShape), this.dataFormat);
    const grow = (d: number | null | undefined, [a, b]: [number, number]) => (d === null || d === undefined ? null : d + a + b);
    return shapeFromChannelsLast([batch ?? null, grow(rows, this.padding[0]), grow(cols, this.padding[1]), channels ?? null], this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), padding: this.padding.map((pair) => [...pair]), dataFormat: this.dataFormat };
  }
}
registerLayerClass(ZeroPadding2D);
