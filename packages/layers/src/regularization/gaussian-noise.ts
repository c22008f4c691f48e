import * as tf from '@tensorflow/tfjs-core';
import { stepTensor } from '@keras-ts/common';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { firstTensor } from '../utils/arguments.js';
import { LayerSeed } from '../utils/layer-seed.js';

/** Options for {@link GaussianNoise}. */
export interface GaussianNoiseConfig extends LayerConfig {
  /** Standard deviation of the noise. */
  stddev: number;
  /** Fixed seed; default: drawn from the global generator each call. */
  seed?: number | null;
}

/** Adds zero-mean Gaussian noise of `stddev` during training; inference passes inputs through. */
export class GaussianNoise extends Layer {
  static override className = 'GaussianNoise';
  readonly stddev: number;
  readonly seed?: number;
  private readonly seeds: LayerSeed;

  constructor(config: GaussianNoiseConfig) {
    super(config);
    if (typeof config?.stddev !== 'number' || !(config.stddev >= 0))
      throw new ValueError(`GaussianNoise: \`stddev\` must be a number ≥ 0, got ${config?.stddev}.`);
    this.stddev = config.stddev;
    this.seeds = new LayerSeed(config.seed);
    if (this.seeds.seed !== undefined) this.seed = this.seeds.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    if (options.training !== true || this.stddev === 0) return x;
    return tf.tidy(() =>
      tf.add(
        x,
        stepTensor(() => tf.randomNormal(x.shape, 0, this.stddev, 'float32', this.seeds.next())),
      ),
    );
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed ?? null };
  }
}
registerLayerClass(GaussianNoise);
