import * as tf from '@tensorflow/tfjs-core';
import type { LayerWeight } from '@keras-ts/core';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/regularizers.js';
import { checkPositiveInteger } from '../utils/arguments.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';
import { BaseConv, type BaseConvConfig, as2d, lift1d, lower1d } from './base.js';

/** Options of SeparableConv1D and SeparableConv2D. Defaults follow Keras 3. */
export interface SeparableConvConfig extends BaseConvConfig {
  /** Number of output channels. */
  filters: number;
  /** Output channels of the depthwise step per input channel. Default: 1. */
  depthMultiplier?: number;
  /** Default: 'glorotUniform'. */
  depthwiseInitializer?: InitializerIdentifier;
  /** Default: 'glorotUniform'. */
  pointwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier;
  pointwiseRegularizer?: RegularizerIdentifier;
  depthwiseConstraint?: ConstraintIdentifier;
  pointwiseConstraint?: ConstraintIdentifier;
}

/**
 * Shared implementation of the separable convolutions: a depthwise convolution (each input channel
 * on its own, `depthMultiplier` outputs each) followed by a pointwise (1×1) convolution to `filters`.
 * Kernels: depthwise `[...kernelSize, channels, depthMultiplier]`, pointwise `[...ones, channels·depthMultiplier, filters]`.
 */
export abstract class SeparableConv extends BaseConv {
  readonly filters: number;
  readonly depthMultiplier: number;
  readonly depthwiseOptions: WeightOptions;
  readonly pointwiseOptions: WeightOptions;
  depthwiseKernel?: LayerWeight;
  pointwiseKernel?: LayerWeight;

  constructor(rank: 1 | 2, config: SeparableConvConfig) {
    super(rank, config);
    this.filters = checkPositiveInteger(config.filters, 'filters', this.className);
    this.depthMultiplier = checkPositiveInteger(config.depthMultiplier ?? 1, 'depthMultiplier', this.className);
    this.depthwiseOptions = weightOptions(config, 'depthwise', 'glorotUniform');
    this.pointwiseOptions = weightOptions(config, 'pointwise', 'glorotUniform');
  }

  protected outputChannels(): number {
    return this.filters;
  }

  protected buildKernels(inputChannels: number): void {
    const { depthwiseOptions: d, pointwiseOptions: p } = this;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, inputChannels, this.depthMultiplier], d.initializer, d);
    const ones = this.kernelSize.map(() => 1);
    this.pointwiseKernel = this.addWeight('pointwise_kernel', [...ones, inputChannels * this.depthMultiplier, this.filters], p.initializer, p);
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    const lift = (kernel: tf.Tensor) => (this.rank === 1 ? tf.expandDims(kernel, 0) : kernel) as tf.Tensor4D;
    const input = this.rank === 1 ? lift1d(x) : (x as tf.Tensor4D);
    const output = tf.separableConv2d(
      input,
      lift(this.depthwiseKernel!.variable),
      lift(this.pointwiseKernel!.variable),
      as2d(this.strides),
      this.padding as 'valid' | 'same',
      as2d(this.dilationRate),
    );
    return this.rank === 1 ? lower1d(output) : output;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      filters: this.filters,
      depthMultiplier: this.depthMultiplier,
      ...serializeWeightOptions('depthwise', this.depthwiseOptions),
      ...serializeWeightOptions('pointwise', this.pointwiseOptions),
    };
  }
}
