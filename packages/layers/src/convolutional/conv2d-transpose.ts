import { registerLayerClass } from '@keras-ts/core';
import { ConvTranspose, type ConvTransposeConfig } from './conv-transpose.js';

/** Options for {@link Conv2DTranspose}. Defaults follow Keras 3. */
export interface Conv2DTransposeConfig extends ConvTransposeConfig {}

/**
 * Transposed 2-D convolution (upsampling by `strides`). Output size per axis: `L·s + max(k − s, 0)`
 * for 'valid', `L·s` for 'same' (Keras's deconv_output_length).
 *
 * Shapes: `[batch, rows, cols, channels]` → `[batch, newRows, newCols, filters]` (channelsLast); kernel `[kh, kw, filters, channels]`.
 */
export class Conv2DTranspose extends ConvTranspose {
  static override className = 'Conv2DTranspose';

  constructor(config: Conv2DTransposeConfig) {
    super(2, config);
  }
}
registerLayerClass(Conv2DTranspose);
