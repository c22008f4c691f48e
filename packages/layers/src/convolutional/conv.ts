import * as tf from '@tensorflow/tfjs-core';
import { type LayerWeight, ValueError } from '@keras-ts/core';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/regularizers.js';
import { checkPositiveInteger } from '../utils/arguments.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';
import { BaseConv, type BaseConvConfig, as2d, lift1d, lower1d } from './base.js';

/** Options of Conv1D and Conv2D. Defaults follow Keras 3. */
export interface ConvConfig extends BaseConvConfig {
  /** Number of output channels. */
  filters: number;
  /** Split input and output channels into this many independent groups. Default: 1. */
  groups?: number;
  /** Default: 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  kernelConstraint?: ConstraintIdentifier;
}

/** Shared implementation of Conv1D and Conv2D: kernel `[...kernelSize, inChannels / groups, filters]`. */
export abstract class Conv extends BaseConv {
  readonly filters: number;
  readonly groups: number;
  readonly kernelOptions: WeightOptions;
  kernel?: LayerWeight;

  constructor(rank: 1 | 2, config: ConvConfig) {
    super(rank, config);
    this.filters = checkPositiveInteger(config.filters, 'filters', this.className);
    this.groups = checkPositiveInteger(config.groups ?? 1, 'groups', this.className);
    if (this.filters % this.groups !== 0) {
      throw new ValueError(`${this.className}: \`filters\` (${this.filters}) must be divisible by \`groups\` (${this.groups}).`);
    }
    this.kernelOptions = weightOptions(config, 'kernel', 'glorotUniform');
  }

  protected outputChannels(): number {
    return this.filters;
  }

  protected buildKernels(inputChannels: number): void {
    if (inputChannels % this.groups !== 0) {
      throw new ValueError(`${this.className} '${this.name}': the input's ${inputChannels} channels must be divisible by \`groups\` (${this.groups}).`);
    }
    this.kernel = this.addWeight('kernel', [...this.kernelSize, inputChannels / this.groups, this.filters], this.kernelOptions.initializer, this.kernelOptions);
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    let input = this.rank === 1 ? lift1d(x) : (x as tf.Tensor4D);
    let padding: 'valid' | 'same' = this.padding === 'same' ? 'same' : 'valid';
    if (this.padding === 'causal') {
      // Causal: pad the start of the sequence so output t only sees inputs ≤ t.
      const left = this.dilationRate[0]! * (this.kernelSize[0]! - 1);
      input = tf.pad(input, [
        [0, 0],
        [0, 0],
        [left, 0],
        [0, 0],
      ]);
      padding = 'valid';
    }
    const kernel = this.kernel!.variable;
    const kernel4d = (this.rank === 1 ? tf.expandDims(kernel, 0) : kernel) as tf.Tensor4D;
    const run = (part: tf.Tensor4D, filter: tf.Tensor4D) => tf.conv2d(part, filter, as2d(this.strides), padding, 'NHWC', as2d(this.dilationRate));
    let output: tf.Tensor4D;
    if (this.groups === 1) output = run(input, kernel4d);
    else {
      const parts = tf.split(input, this.groups, 3) as tf.Tensor4D[];
      const filters = tf.split(kernel4d, this.groups, 3) as tf.Tensor4D[];
      output = tf.concat(
        parts.map((part, index) => run(part, filters[index]!)),
        3,
      );
    }
    return this.rank === 1 ? lower1d(output) : output;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), filters: this.filters, groups: this.groups, ...serializeWeightOptions('kernel', this.kernelOptions) };
  }
}
