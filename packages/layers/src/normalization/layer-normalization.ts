import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerWeight, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import type { AffineNormalizationConfig } from './base.js';
import { firstShape, firstTensor } from '../utils/arguments.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';
import { resolveAxis } from './batch-normalization.js';

/** Options for {@link LayerNormalization}. Defaults follow Keras 3. */
export interface LayerNormalizationConfig extends AffineNormalizationConfig {
  /** Axis or axes normalized over (per sample). Default: -1. */
  axis?: number | number[];
}

/**
 * Layer normalization (Ba et al., 2016): each sample is normalized over `axis` with its own mean
 * and variance, then scaled by gamma and shifted by beta (shaped like the normalized axes).
 *
 * Shapes: unchanged.
 */
export class LayerNormalization extends Layer {
  static override className = 'LayerNormalization';
  readonly axis: number[];
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaOptions: WeightOptions;
  readonly gammaOptions: WeightOptions;
  gamma?: LayerWeight;
  beta?: LayerWeight;

  constructor(config: LayerNormalizationConfig = {}) {
    super(config);
    this.axis = typeof config.axis === 'number' ? [config.axis] : [...(config.axis ?? [-1])];
    this.epsilon = config.epsilon ?? 1e-3;
    if (!(this.epsilon > 0)) throw new ValueError(`LayerNormalization: \`epsilon\` must be > 0, got ${config.epsilon}.`);
    this.center = config.center ?? true;
    this.scale = config.scale ?? true;
    this.betaOptions = weightOptions(config, 'beta', 'zeros');
    this.gammaOptions = weightOptions(config, 'gamma', 'ones');
    this.supportsMasking = true;
  }

  private axes(rank: number): number[] {
    return this.axis.map((a) => resolveAxis(a, rank, 'LayerNormalization')).sort((a, b) => a - b);
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    const sizes = this.axes(shape.length).map((a) => shape[a]);
    if (sizes.some((d) => d === null || d === undefined)) {
      throw new ValueError(`LayerNormalization '${this.name}' needs known sizes on axes ${JSON.stringify(this.axis)}, got shape [${shape.join(', ')}].`);
    }
    const paramShape = sizes as number[];
    const add = (name: string, options: WeightOptions) => this.addWeight(name, paramShape, options.initializer, options);
    if (this.scale) this.gamma = add('gamma', this.gammaOptions);
    if (this.center) this.beta = add('beta', this.betaOptions);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    const axes = this.axes(x.rank);
    const broadcast = x.shape.map((d, i) => (axes.includes(i) ? d : 1));
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, axes, true);
      let output = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.epsilon)));
      if (this.gamma) output = tf.mul(output, tf.reshape(this.gamma.variable, broadcast));
      if (this.beta) output = tf.add(output, tf.reshape(this.beta.variable, broadcast));
      return output;
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis.length === 1 ? this.axis[0] : [...this.axis],
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...serializeWeightOptions('beta', this.betaOptions),
      ...serializeWeightOptions('gamma', this.gammaOptions),
    };
  }
}
registerLayerClass(LayerNormalization);
