import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type LayerWeight, type Regularizer, type Shape, ShapeError, ValueError } from '@keras-ts/core';
import type { ActivationFunction } from '../activations/activations.js';
import { type ActivationIdentifier, getActivation, serializeActivation } from '../activations/registry.js';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import { type RegularizerIdentifier, getRegularizer } from '../regularizers/regularizers.js';
import { serializeOptional } from '../serialization.js';
import { type DataFormat, checkDataFormat, firstShape, firstTensor, normalizeTuple } from '../utils/arguments.js';
import { assertWindowFits, convOutputLength } from '../utils/conv-geometry.js';
import { fromChannelsLast, shapeFromChannelsLast, shapeToChannelsLast, toChannelsLast } from '../utils/data-format.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';

// Kept here too because the package index exports it from this module.
export { convOutputLength } from '../utils/conv-geometry.js';

/** Padding modes of convolutions ('causal' is Conv1D only). */
export type ConvPadding = 'valid' | 'same' | 'causal';

/** Options shared by every convolution layer. Defaults follow Keras 3. */
export interface BaseConvConfig extends LayerConfig {
  /** Size of the convolution window: a number or one per spatial dimension. */
  kernelSize: number | number[];
  /** Default: 1. */
  strides?: number | number[];
  /** Default: 'valid'. */
  padding?: ConvPadding;
  /** Default: 'channelsLast' (`[batch, …spatial, channels]`); 'channelsFirst' is `[batch, channels, …spatial]`. */
  dataFormat?: DataFormat | 'channels_last' | 'channels_first';
  /** Dilation of the window. Default: 1. */
  dilationRate?: number | number[];
  /** Default: linear. */
  activation?: ActivationIdentifier;
  /** Default: true. */
  useBias?: boolean;
  /** Default: 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  biasRegularizer?: RegularizerIdentifier;
  biasConstraint?: ConstraintIdentifier;
  /** Penalty on the layer's output, added to the loss. */
  activityRegularizer?: RegularizerIdentifier;
}

/**
 * Base of the convolution layers: checks options, moves channelsFirst data to channelsLast and
 * back, adds the bias and applies the activation. Subclasses create their kernels and convolve
 * channelsLast tensors.
 */
export abstract class BaseConv extends Layer {
  readonly rank: 1 | 2;
  readonly kernelSize: number[];
  readonly strides: number[];
  readonly padding: ConvPadding;
  readonly dataFormat: DataFormat;
  readonly dilationRate: number[];
  readonly activation: ActivationFunction;
  readonly useBias: boolean;
  readonly biasOptions: WeightOptions;
  readonly activityRegularizer?: Regularizer;
  bias?: LayerWeight;

  constructor(rank: 1 | 2, config: BaseConvConfig) {
    super(config);
    const owner = (this.constructor as typeof Layer).className;
    this.rank = rank;
    this.kernelSize = normalizeTuple(config?.kernelSize, rank, 'kernelSize', owner);
    this.strides = normalizeTuple(config.strides, rank, 'strides', owner, 1);
    this.dilationRate = normalizeTuple(config.dilationRate, rank, 'dilationRate', owner, 1);
    this.padding = config.padding ?? 'valid';
    if (!['valid', 'same', 'causal'].includes(this.padding) || (this.padding === 'causal' && !this.allowsCausal())) {
      throw new ValueError(
        `${owner}: \`padding\` must be ${this.allowsCausal() ? "'valid', 'same' or 'causal'" : "'valid' or 'same'"}, got '${config.padding}'.`,
      );
    }
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new ValueError(
        `${owner}: strides ${JSON.stringify(this.strides)} and dilationRate ${JSON.stringify(this.dilationRate)} cannot both be > 1 (tfjs-core's convolutions support one or the other). Use strides 1 with dilation, or add a pooling layer.`,
      );
    }
    this.dataFormat = checkDataFormat(config.dataFormat, owner);
    this.activation = getActivation(config.activation);
    this.useBias = config.useBias ?? true;
    this.biasOptions = weightOptions(config, 'bias', 'zeros');
    if (config.activityRegularizer) this.activityRegularizer = getRegularizer(config.activityRegularizer);
    this.inputSpec = [{ ndim: rank + 2 }];
  }

  /** Whether 'causal' padding is allowed (Conv1D). */
  protected allowsCausal(): boolean {
    return false;
  }

  /** Number of output channels for `inputChannels` input channels. */
  protected abstract outputChannels(inputChannels: number): number;

  /** Creates the kernel weight(s) for `inputChannels` input channels. */
  protected abstract buildKernels(inputChannels: number): void;

  /** The convolution on channelsLast data, without bias and activation. */
  protected abstract convolve(x: tf.Tensor): tf.Tensor;

  /** Output length along spatial axis `axis` (transposed convolutions override it). */
  protected outputLength(length: number | null, axis: number): number | null {
    return convOutputLength(length, this.kernelSize[axis]!, this.padding, this.strides[axis]!, this.dilationRate[axis]!);
  }

  /**
   * Throws a ShapeError when the window does not fit an input of `shape` (in the layer's data
   * format): 'valid' output lengths below 1. Runs on symbolic shapes and again on every real
   * tensor, since a `null` length (a variable-length sequence) is only known then.
   */
  protected assertInputFits(shape: readonly (number | null)[]): void {
    const spatial = shapeToChannelsLast([...shape], this.dataFormat).slice(1, -1);
    assertWindowFits(`${this.className} '${this.name}'`, spatial, shape, {
      windowOption: 'kernelSize',
      window: this.kernelSize,
      strides: this.strides,
      padding: this.padding,
      dilationRate: this.dilationRate,
    });
  }

  /** The channel count of a channelsLast shape, checked. */
  protected channelsOf(shape: Shape): number {
    const channels = shapeToChannelsLast(shape, this.dataFormat).at(-1);
    if (channels === null || channels === undefined) {
      throw new ShapeError(`${this.className} '${this.name}' needs a known channel dimension, got input shape [${shape.join(', ')}].`);
    }
    return channels;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    const channels = this.channelsOf(shape);
    // Before any weight exists, so a refused input leaves the layer unbuilt.
    this.assertInputFits(shape);
    this.buildKernels(channels);
    if (this.useBias) {
      this.bias = this.addWeight('bias', [this.outputChannels(channels)], this.biasOptions.initializer, this.biasOptions);
    }
    const channelAxis = this.dataFormat === 'channelsLast' ? -1 : 1;
    this.inputSpec = [{ ndim: this.rank + 2, axes: { [channelAxis]: channels } }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    this.assertInputFits(x.shape);
    const output = tf.tidy(() => {
      let result = this.convolve(toChannelsLast(x, this.dataFormat));
      if (this.bias) result = tf.add(result, this.bias.variable);
      return fromChannelsLast(this.activation(result), this.dataFormat);
    });
    // Outside the tidy: the penalty must live until the training step adds it to the loss.
    if (this.activityRegularizer) this.addLoss(this.activityRegularizer.apply(output));
    return output;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    this.assertInputFits(firstShape(inputShape));
    const shape = shapeToChannelsLast(firstShape(inputShape), this.dataFormat);
    const spatial = shape.slice(1, -1).map((length, axis) => this.outputLength(length, axis));
    return shapeFromChannelsLast([shape[0] ?? null, ...spatial, this.outputChannels(this.channelsOf(firstShape(inputShape)))], this.dataFormat);
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      kernelSize: [...this.kernelSize],
      strides: [...this.strides],
      padding: this.padding,
      dataFormat: this.dataFormat,
      dilationRate: [...this.dilationRate],
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      ...serializeWeightOptions('bias', this.biasOptions),
      activityRegularizer: serializeOptional(this.activityRegularizer),
    };
  }
}

/** Lifts 1-D channelsLast data `[b, L, c]` to 2-D `[b, 1, L, c]` so the 2-D kernels can run it. */
export function lift1d(x: tf.Tensor): tf.Tensor4D {
  return tf.expandDims(x, 1) as tf.Tensor4D;
}

/** Inverse of {@link lift1d}. */
export function lower1d(x: tf.Tensor): tf.Tensor3D {
  return tf.squeeze(x, [1]) as tf.Tensor3D;
}

/** Pair of a 1-D or 2-D option as tfjs's 2-D `[height, width]` (1-D data has height 1). */
export function as2d(values: number[]): [number, number] {
  return values.length === 1 ? [1, values[0]!] : [values[0]!, values[1]!];
}
