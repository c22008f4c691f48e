import type * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { applyDropout } from '../utils/apply-dropout.js';
import { LayerSeed } from '../utils/layer-seed.js';

/** Options for {@link Dropout}. */
export interface DropoutConfig extends LayerConfig {
  /** Fraction of the inputs to drop, in [0, 1). */
  rate: number;
  /** Shape of the binary mask (broadcast over the input); `null` entries take the input's size. */
  noiseShape?: (number | null)[];
  /** Seed of the layer's own mask sequence (new mask each call, same sequence per seed); default: drawn from the global generator each call (see setRandomSeed). */
  seed?: number | null;
}

/**
 * During training, zeroes a random `rate` fraction of the inputs and scales the rest by
 * `1 / (1 - rate)`; at inference, passes inputs through.
 */
export class Dropout extends Layer {
  static override className = 'Dropout';
  readonly rate: number;
  readonly noiseShape?: (number | null)[];
  readonly seed?: number;
  private readonly seeds: LayerSeed;

  constructor(config: DropoutConfig) {
    super(config);
    if (typeof config?.rate !== 'number' || !(config.rate >= 0 && config.rate < 1)) {
      throw new ValueError(`Dropout: \`rate\` must be a number in [0, 1), got ${config?.rate}.`);
    }
    this.rate = config.rate;
    if (config.noiseShape) this.noiseShape = config.noiseShape;
    this.seeds = new LayerSeed(config.seed);
    if (this.seeds.seed !== undefined) this.seed = this.seeds.seed;
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    if (!options.training || this.rate === 0) return x;
    const noiseShape = this.noiseShape?.map((dim, axis) => dim ?? x.shape[axis]!) ?? x.shape;
    return applyDropout(x, noiseShape, this.rate, this.seeds);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), rate: this.rate, noiseShape: this.noiseShape ?? null, seed: this.seed ?? null };
  }
}
registerLayerClass(Dropout);
