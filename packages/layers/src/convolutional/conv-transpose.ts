import * as tf from '@tensorflow/tfjs-core';
import { type LayerWeight, ShapeError, ValueError } from '@keras-ts/core';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/regularizers.js';
import { checkPositiveInteger } from '../utils/arguments.js';
import { shapeToChannelsLast } from '../utils/data-format.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';
import { BaseConv, type BaseConvConfig, as2d, lift1d, lower1d } from './base.js';

/** Options of Conv1DTranspose and Conv2DTranspose. Defaults follow Keras 3. */
export interface ConvTransposeConfig extends BaseConvConfig {
  /** Number of output channels. */
  filters: number;
  /** Extra output size per spatial axis (must be below the stride); default: inferred (Keras's null). */
  outputPadding?: number | number[] | null;
  /** Default: 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  kernelConstraint?: ConstraintIdentifier;
}

/**
 * Keras's deconv_output_length: the size a transposed convolution produces along one axis.
 * Without outputPadding: `L·s + max(k − s, 0)` ('valid') or `L·s` ('same').
 */
export function deconvOutputLength(
  length: number | null,
  kernel: number,
  padding: 'valid' | 'same',
  stride: number,
  outputPadding: number | null,
): number | null {
  if (length === null) return null;
  if (outputPadding === null) return padding === 'valid' ? length * stride + Math.max(kernel - stride, 0) : length * stride;
  const pad = padding === 'same' ? Math.floor(kernel / 2) : 0;
  return (length - 1) * stride + kernel - 2 * pad + outputPadding;
}

/**
 * Shared implementation of the transposed convolutions (the gradient of a convolution with respect
 * to its input, often called deconvolution). Kernel `[...kernelSize, filters, inChannels]` (Keras's layout).
 */
export abstract class ConvTranspose extends BaseConv {
  readonly filters: number;
  readonly outputPadding: number[] | null;
  readonly kernelOptions: WeightOptions;
  kernel?: LayerWeight;

  constructor(rank: 1 | 2, config: ConvTransposeConfig) {
    super(rank, config);
    this.filters = checkPositiveInteger(config.filters, 'filters', this.className);
    if (this.dilationRate.some((d) => d > 1)) {
      throw new ValueError(
        `${this.className}: dilationRate > 1 is not supported (tfjs-core's conv2dTranspose has no dilation); got ${JSON.stringify(this.dilationRate)}.`,
      );
    }
    const outputPadding = config.outputPadding ?? null;
    if (outputPadding === null) this.outputPadding = null;
    else {
      const list = typeof outputPadding === 'number' ? Array.from({ length: rank }, () => outputPadding) : [...outputPadding];
      if (list.length !== rank || list.some((p, i) => !Number.isInteger(p) || p < 0 || p >= this.strides[i]!)) {
        throw new ValueError(
          `${this.className}: \`outputPadding\` must be ${rank} non-negative integer(s) each below its stride ${JSON.stringify(this.strides)}, got ${JSON.stringify(outputPadding)}.`,
        );
      }
      this.outputPadding = list;
    }
    this.kernelOptions = weightOptions(config, 'kernel', 'glorotUniform');
  }

  protected outputChannels(): number {
    return this.filters;
  }

  protected override outputLength(length: number | null, axis: number): number | null {
    return deconvOutputLength(length, this.kernelSize[axis]!, this.padding as 'valid' | 'same', this.strides[axis]!, this.outputPadding?.[axis] ?? null);
  }

  /**
   * A transposed convolution grows its input, so only one case comes out empty: 'same' padding with
   * an even kernel, stride 1 and no outputPadding on a length-1 axis (Keras's formula gives 0).
   */
  protected override assertInputFits(shape: readonly (number | null)[]): void {
    const spatial = shapeToChannelsLast([...shape], this.dataFormat).slice(1, -1);
    const outputs = spatial.map((length, axis) => this.outputLength(length, axis));
    if (!outputs.some((length) => length !== null && length < 1)) return;
    const text = (values: readonly (number | null)[]) => `[${values.map((v) => v ?? 'null').join(', ')}]`;
    throw new ShapeError(
      `${this.className} '${this.name}': input size ${text(spatial)} (input shape ${text(shape)}) with kernelSize ${text(this.kernelSize)}, ` +
        `strides ${text(this.strides)}, padding '${this.padding}' and outputPadding ${this.outputPadding === null ? 'null' : text(this.outputPadding)} ` +
        `gives output size ${text(outputs)}. Use padding: 'valid' or an odd kernelSize.`,
    );
  }

  protected buildKernels(inputChannels: number): void {
    this.kernel = this.addWeight('kernel', [...this.kernelSize, this.filters, inputChannels], this.kernelOptions.initializer, this.kernelOptions);
  }

  protected convolve(x: tf.Tensor): tf.Tensor {
    const input = this.rank === 1 ? lift1d(x) : (x as tf.Tensor4D);
    const kernel = this.kernel!.variable;
    const kernel4d = (this.rank === 1 ? tf.expandDims(kernel, 0) : kernel) as tf.Tensor4D;
    const spatial = x.shape.slice(1, -1).map((length, axis) => this.outputLength(length, axis)!);
    const outputShape: [number, number, number, number] = [x.shape[0]!, ...as2d(spatial), this.filters];
    const output = tf.conv2dTranspose(input, kernel4d, outputShape, as2d(this.strides), this.padding as 'valid' | 'same');
    return this.rank === 1 ? lower1d(output) : output;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), filters: this.filters, outputPadding: this.outputPadding, ...serializeWeightOptions('kernel', this.kernelOptions) };
  }
}
