import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerWeight, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import type { AffineNormalizationConfig } from './base.js';
import { checkPositiveInteger, firstShape, firstTensor } from '../utils/arguments.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';
import { resolveAxis } from './batch-normalization.js';

/** Options for {@link GroupNormalization}. Defaults follow Keras 3. */
export interface GroupNormalizationConfig extends AffineNormalizationConfig {
  /** Number of channel groups; must divide the channel count. Default: 32. */
  groups?: number;
  /** The channel axis. Default: -1. */
  axis?: number;
}

/**
 * Group normalization (Wu & He, 2018): channels are split into `groups`; each sample is normalized
 * per group over the group's channels and every other non-batch axis; then per-channel gamma/beta.
 *
 * Shapes: unchanged. Weights: gamma, beta `[channels]`.
 */
export class GroupNormalization extends Layer {
  static override className = 'GroupNormalization';
  readonly groups: number;
  readonly axis: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaOptions: WeightOptions;
  readonly gammaOptions: WeightOptions;
  gamma?: LayerWeight;
  beta?: LayerWeight;

  constructor(config: GroupNormalizationConfig = {}) {
    super(config);
    this.groups = checkPositiveInteger(config.groups ?? 32, 'groups', 'GroupNormalization');
    this.axis = config.axis ?? -1;
    this.epsilon = config.epsilon ?? 1e-3;
    this.center = config.center ?? true;
    this.scale = config.scale ?? true;
    this.betaOptions = weightOptions(config, 'beta', 'zeros');
    this.gammaOptions = weightOptions(config, 'gamma', 'ones');
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    const channels = shape[resolveAxis(this.axis, shape.length, 'GroupNormalization')];
    if (channels === null || channels === undefined)
      throw new ValueError(`GroupNormalization '${this.name}' needs a known channel size, got shape [${shape.join(', ')}].`);
    if (channels % this.groups !== 0 || channels < this.groups) {
      throw new ValueError(
        `GroupNormalization '${this.name}': groups (${this.groups}) must divide the number of channels (${channels}); choose groups among the divisors of ${channels}.`,
      );
    }
    const add = (name: string, options: WeightOptions) => this.addWeight(name, [channels], options.initializer, options);
    if (this.scale) this.gamma = add('gamma', this.gammaOptions);
    if (this.center) this.beta = add('beta', this.betaOptions);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    const axis = resolveAxis(this.axis, x.rank, 'GroupNormalization');
    return tf.tidy(() => {
      // Move channels last, split them into [groups, channels / groups], normalize per (sample, group).
      const order = [...Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== axis), axis];
      const moved = axis === x.rank - 1 ? x : tf.transpose(x, order);
      const channels = moved.shape[moved.rank - 1]!;
      const grouped = tf.reshape(moved, [...moved.shape.slice(0, -1), this.groups, channels / this.groups]);
      const reduction = Array.from({ length: grouped.rank }, (_, i) => i).filter((i) => i !== 0 && i !== grouped.rank - 2);
      const { mean, variance } = tf.moments(grouped, reduction, true);
      let output = tf.reshape(tf.mul(tf.sub(grouped, mean), tf.rsqrt(tf.add(variance, this.epsilon))), moved.shape);
      if (this.gamma) output = tf.mul(output, this.gamma.variable);
      if (this.beta) output = tf.add(output, this.beta.variable);
      if (axis === x.rank - 1) return output;
      const inverse = order.map((_, i) => order.indexOf(i));
      return tf.transpose(output, inverse);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      groups: this.groups,
      axis: this.axis,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...serializeWeightOptions('beta', this.betaOptions),
      ...serializeWeightOptions('gamma', this.gammaOptions),
    };
  }
}
registerLayerClass(GroupNormalization);
