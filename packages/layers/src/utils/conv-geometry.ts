import { ShapeError } from '@keras-ts/core';

/** Padding modes of windowed layers ('causal' is Conv1D only). */
export type WindowPadding = 'valid' | 'same' | 'causal';

/** Extent of a window of `kernel` taps spread `dilation` apart: `kernel + (kernel − 1)(dilation − 1)`. */
export function windowSpan(kernel: number, dilation = 1): number {
  return kernel + (kernel - 1) * (dilation - 1);
}

/** Output length of a convolution or pooling window along one axis (Keras's conv_output_length). */
export function convOutputLength(length: number | null, kernel: number, padding: WindowPadding, stride: number, dilation = 1): number | null {
  if (length === null) return null;
  const out = padding === 'valid' ? length - windowSpan(kernel, dilation) + 1 : length;
  return Math.floor((out + stride - 1) / stride);
}

/** The window of a convolution or pooling layer, as its options name it. */
export interface WindowGeometry {
  /** The option that sets the window: `'kernelSize'` (convolutions) or `'poolSize'` (pooling). */
  windowOption: 'kernelSize' | 'poolSize';
  /** Window size per spatial axis. */
  window: number[];
  /** Step per spatial axis. */
  strides: number[];
  padding: WindowPadding;
  /** Dilation per spatial axis; absent for pooling. */
  dilationRate?: number[];
}

const list = (values: readonly (number | null)[]): string => `[${values.map((v) => v ?? 'null').join(', ')}]`;

/**
 * Throws a {@link ShapeError} when a window does not fit its input: with 'valid' (or 'causal')
 * padding, Keras's output-length formula gives fewer than one output step along some spatial axis.
 * 'same' padding always fits. Unknown (`null`) lengths pass: the layer checks them again when a
 * real tensor arrives.
 *
 * @param owner The layer as messages name it, e.g. `Conv2D 'conv2d_1'`.
 * @param spatial The input's spatial lengths (channelsLast order, no batch or channel axis).
 * @param inputShape The whole input shape, quoted in the message.
 */
export function assertWindowFits(owner: string, spatial: readonly (number | null)[], inputShape: readonly (number | null)[], geometry: WindowGeometry): void {
  if (geometry.padding === 'same') return;
  const dilation = geometry.dilationRate ?? geometry.window.map(() => 1);
  const outputs = spatial.map((length, axis) => convOutputLength(length, geometry.window[axis]!, geometry.padding, geometry.strides[axis]!, dilation[axis]!));
  if (!outputs.some((length) => length !== null && length < 1)) return;
  const spans = geometry.window.map((kernel, axis) => windowSpan(kernel, dilation[axis]!));
  const window =
    geometry.dilationRate === undefined
      ? `${geometry.windowOption} ${list(geometry.window)}`
      : `${geometry.windowOption} ${list(geometry.window)} with dilationRate ${list(dilation)} spans ${list(spans)}`;
  throw new ShapeError(
    `${owner}: input size ${list(spatial)} (input shape ${list(inputShape)}) is smaller than the window: ${window} ` +
      `(strides ${list(geometry.strides)}, padding '${geometry.padding}'), so the output size would be ${list(outputs)}. ` +
      `Use padding: 'same' or a smaller ${geometry.windowOption}.`,
  );
}
