import * as tf from '@tensorflow/tfjs-core';
import { type LayerWeight, registerLayerClass } from '@keras-ts/core';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/regularizers.js';
import { checkPositiveInteger } from '../utils/arguments.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';
import { BaseConv, type BaseConvConfig, as2d } from './base.js';

/** Options for {@link DepthwiseConv2D}. Defaults follow Keras 3. */
export interface DepthwiseConv2DConfig extends BaseConvConfig {
  /** Output channels per input channel. Default: 1. */
  depthMultiplier?: number;
  /** Default: 'glorotUniform'. */
  depthwiseInitializer?: InitializerIdentifier;
  depthwiseRegularizer?: RegularizerIdentifier;
  depthwiseConstraint?: ConstraintIdentifier;
}

/**
 * Depthwise 2-D convolution: each input channel is convolved with its own `depthMultiplier`
 * filters; output channel `c·depthMultiplier + m` comes from input channel c.
 *
 * Shapes: `[batch, rows, cols, channels]` → `[batch, newRows, newCols, channels·depthMultiplier]`;
 * kernel `[kh, kw, channels, depthMultiplier]`.
 */
export class DepthwiseConv2D extends BaseConv {
  static override className = 'DepthwiseConv2D';
  readonly depthMultiplier: number;
  readonly depthwiseOptions: WeightOptions;
  depthwiseKernel?: LayerWeight;

  constructor(config: DepthwiseConv2DConfig) {
    super(2, config);
    this.depthMultiplier = checkPositiveInteger(config.depthMultiplier ?? 1, 'depthMultiplier', 'DepthwiseConv2D');
    this.depthwiseOptions = weightOptions(config, 'depthwise', 'glorotUniform');
  }

  protected outputChannels(inputChannels: number): number {
    return inputChannels * this.depthMultiplier;
  }

  protected buildKernels(inputChannels: number): void {
    const d = this.depthwiseOptions;
    this.depthwiseKernel = this.addWeight('depthwise_kernel', [...this.kernelSize, inputChannels, this.depthMultiplier], d.initializer, d);
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    return tf.depthwiseConv2d(
      x as tf.Tensor4D,
      this.depthwiseKernel!.variable as tf.Tensor4D,
      as2d(this.strides),
      this.padding as 'valid' | 'same',
      'NHWC',
      as2d(this.dilationRate),
    );
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), depthMultiplier: this.depthMultiplier, ...serializeWeightOptions('depthwise', this.depthwiseOptions) };
  }
}
registerLayerClass(DepthwiseConv2D);
