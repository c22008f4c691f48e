import type * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape } from '@keras-ts/core';
import { type DataFormat, checkDataFormat, checkRate, firstTensor } from '../utils/arguments.js';
import { applyDropout } from '../utils/apply-dropout.js';
import { LayerSeed } from '../utils/layer-seed.js';

/** Options of SpatialDropout1D and SpatialDropout2D. */
export interface SpatialDropoutConfig extends LayerConfig {
  /** Fraction of the channels to drop, in [0, 1). */
  rate: number;
  /** Fixed seed; default: drawn from the global generator each call. */
  seed?: number | null;
  /** Default: 'channelsLast' (SpatialDropout2D only). */
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
}

/**
 * Base of the spatial dropouts: drops whole channels (feature maps) instead of single entries, so
 * strongly correlated neighbouring values are dropped together. Inference passes inputs through.
 */
export abstract class SpatialDropout extends Layer {
  readonly rate: number;
  readonly seed?: number;
  private readonly seeds: LayerSeed;
  readonly dataFormat: DataFormat;

  constructor(rank: 1 | 2, config: SpatialDropoutConfig) {
    super(config);
    const owner = (this.constructor as typeof Layer).className;
    this.rate = checkRate(config?.rate, 'rate', owner);
    this.seeds = new LayerSeed(config.seed);
    if (this.seeds.seed !== undefined) this.seed = this.seeds.seed;
    this.dataFormat = checkDataFormat(config.dataFormat, owner);
    this.inputSpec = [{ ndim: rank + 2 }];
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    if (options.training !== true || this.rate === 0) return x;
    const channelAxis = this.dataFormat === 'channelsLast' ? x.rank - 1 : 1;
    const noiseShape = x.shape.map((d, i) => (i === 0 || i === channelAxis ? d : 1));
    return applyDropout(x, noiseShape, this.rate, this.seeds);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null, dataFormat: this.dataFormat };
  }
}
