import * as tf from '@tensorflow/tfjs-core';
import { stepTensor } from '@keras-ts/common';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import { checkRate, firstTensor } from '../utils/arguments.js';
import { LayerSeed } from '../utils/layer-seed.js';

/** Options for {@link GaussianDropout}. */
export interface GaussianDropoutConfig extends LayerConfig {
  /** Drop probability; the noise has standard deviation `√(rate / (1 − rate))`. In [0, 1). */
  rate: number;
  /** Fixed seed; default: drawn from the global generator each call. */
  seed?: number | null;
}

/** Multiplies inputs by Gaussian noise of mean 1 and stddev `√(rate / (1 − rate))` during training. */
export class GaussianDropout extends Layer {
  static override className = 'GaussianDropout';
  readonly rate: number;
  readonly seed?: number;
  private readonly seeds: LayerSeed;

  constructor(config: GaussianDropoutConfig) {
    super(config);
    this.rate = checkRate(config?.rate, 'rate', 'GaussianDropout');
    this.seeds = new LayerSeed(config.seed);
    if (this.seeds.seed !== undefined) this.seed = this.seeds.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    if (options.training !== true || this.rate === 0) return x;
    const stddev = Math.sqrt(this.rate / (1 - this.rate));
    // The noise is a step value: a compiled step draws a new one (same seed stream) at every replay.
    return tf.tidy(() =>
      tf.mul(
        x,
        stepTensor(() => tf.randomNormal(x.shape, 1, stddev, 'float32', this.seeds.next())),
      ),
    );
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, seed: this.seed ?? null };
  }
}
registerLayerClass(GaussianDropout);
