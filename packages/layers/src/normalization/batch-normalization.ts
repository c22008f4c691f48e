import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerWeight, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { type InitializerIdentifier, serializeInitializer } from '../initializers/registry.js';
import { getDistribution } from '@keras-ts/core/internal';
import type { AffineNormalizationConfig } from './base.js';
import { synchronizedMoments } from './synchronized-moments.js';
import { firstShape, firstTensor } from '../utils/arguments.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';

/** Options for {@link BatchNormalization}. Defaults follow Keras 3. */
export interface BatchNormalizationConfig extends AffineNormalizationConfig {
  /** The feature axis (normalized per entry of it). Default: -1. */
  axis?: number;
  /** Momentum of the moving averages: `moving = moving·momentum + batch·(1 − momentum)`. Default: 0.99. */
  momentum?: number;
  /** Default: 'zeros'. */
  movingMeanInitializer?: InitializerIdentifier;
  /** Default: 'ones'. */
  movingVarianceInitializer?: InitializerIdentifier;
  /**
   * Under a distribution (`@keras-ts/distributed`), normalize training batches with the statistics
   * of the global batch, summed across ranks (one differentiable all-reduce per layer and step),
   * instead of each rank's own slice; as Keras 3's `synchronized`. Without a distribution it
   * changes nothing. Default: false.
   */
  synchronized?: boolean;
}

/** Resolves a possibly negative axis against a rank. */
export function resolveAxis(axis: number, rank: number, owner: string): number {
  const resolved = axis < 0 ? rank + axis : axis;
  if (!Number.isInteger(axis) || resolved <= 0 || resolved >= rank) {
    throw new ValueError(`${owner}: \`axis\` ${axis} is out of range for inputs of rank ${rank} (the batch axis 0 cannot be normalized over).`);
  }
  return resolved;
}

/**
 * Batch normalization: `gamma·(x − mean)/√(var + ε) + beta` per feature. Training uses the batch's
 * statistics and updates the non-trainable moving mean and variance; inference (and a frozen
 * layer, `trainable = false`) uses the moving statistics.
 *
 * Shapes: unchanged. Weights: gamma, beta (trainable), movingMean, movingVariance (non-trainable), each `[features]`.
 */
export class BatchNormalization extends Layer {
  static override className = 'BatchNormalization';
  readonly axis: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly center: boolean;
  readonly scale: boolean;
  readonly betaOptions: WeightOptions;
  readonly gammaOptions: WeightOptions;
  readonly movingMeanOptions: WeightOptions;
  readonly movingVarianceOptions: WeightOptions;
  /** See {@link BatchNormalizationConfig.synchronized}. */
  readonly synchronized: boolean;
  gamma?: LayerWeight;
  beta?: LayerWeight;
  movingMean?: LayerWeight;
  movingVariance?: LayerWeight;

  constructor(config: BatchNormalizationConfig = {}) {
    super(config);
    this.axis = config.axis ?? -1;
    this.momentum = config.momentum ?? 0.99;
    this.epsilon = config.epsilon ?? 1e-3;
    if (!(this.momentum >= 0 && this.momentum <= 1)) throw new ValueError(`BatchNormalization: \`momentum\` must be in [0, 1], got ${config.momentum}.`);
    if (!(this.epsilon > 0)) throw new ValueError(`BatchNormalization: \`epsilon\` must be > 0, got ${config.epsilon}.`);
    this.center = config.center ?? true;
    this.scale = config.scale ?? true;
    this.betaOptions = weightOptions(config, 'beta', 'zeros');
    this.gammaOptions = weightOptions(config, 'gamma', 'ones');
    this.movingMeanOptions = weightOptions(config, 'movingMean', 'zeros');
    this.movingVarianceOptions = weightOptions(config, 'movingVariance', 'ones');
    this.synchronized = config.synchronized ?? false;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    const axis = resolveAxis(this.axis, shape.length, 'BatchNormalization');
    const size = shape[axis];
    if (size === null || size === undefined)
      throw new ValueError(`BatchNormalization '${this.name}' needs a known size on axis ${this.axis}, got shape [${shape.join(', ')}].`);
    const add = (name: string, options: WeightOptions, trainable: boolean) => this.addWeight(name, [size], options.initializer, { ...options, trainable });
    if (this.scale) this.gamma = add('gamma', this.gammaOptions, true);
    if (this.center) this.beta = add('beta', this.betaOptions, true);
    this.movingMean = add('moving_mean', this.movingMeanOptions, false);
    this.movingVariance = add('moving_variance', this.movingVarianceOptions, false);
    this.inputSpec = [{ ndim: shape.length, axes: { [axis]: size } }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    const axis = resolveAxis(this.axis, x.rank, 'BatchNormalization');
    const reduction = Array.from({ length: x.rank }, (_, i) => i).filter((i) => i !== axis);
    const broadcast = x.shape.map((d, i) => (i === axis ? d : 1));
    const shaped = (t: tf.Tensor) => (axis === x.rank - 1 ? t : tf.reshape(t, broadcast));
    return tf.tidy(() => {
      let mean: tf.Tensor;
      let variance: tf.Tensor;
      if (options.training === true && this.trainable) {
        const distribution = this.synchronized ? getDistribution() : undefined;
        ({ mean, variance } = distribution === undefined ? tf.moments(x, reduction) : synchronizedMoments(x, reduction, distribution));
        // Assigning is not recorded on the gradient tape: the moving statistics are state, not part of the loss.
        const update = (weight: LayerWeight, value: tf.Tensor) =>
          weight.variable.assign(tf.add(tf.mul(weight.variable, this.momentum), tf.mul(value, 1 - this.momentum)));
        update(this.movingMean!, mean);
        update(this.movingVariance!, variance);
      } else {
        mean = this.movingMean!.variable;
        variance = this.movingVariance!.variable;
      }
      let output = tf.mul(tf.sub(x, shaped(mean)), shaped(tf.rsqrt(tf.add(variance, this.epsilon))));
      if (this.gamma) output = tf.mul(output, shaped(this.gamma.variable));
      if (this.beta) output = tf.add(output, shaped(this.beta.variable));
      return output;
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      axis: this.axis,
      momentum: this.momentum,
      epsilon: this.epsilon,
      center: this.center,
      scale: this.scale,
      ...serializeWeightOptions('beta', this.betaOptions),
      ...serializeWeightOptions('gamma', this.gammaOptions),
      movingMeanInitializer: serializeInitializer(this.movingMeanOptions.initializer),
      movingVarianceInitializer: serializeInitializer(this.movingVarianceOptions.initializer),
      // Only when set, so configs (and files) of unsynchronized layers stay as they were.
      ...(this.synchronized ? { synchronized: true } : {}),
    };
  }
}
registerLayerClass(BatchNormalization);
