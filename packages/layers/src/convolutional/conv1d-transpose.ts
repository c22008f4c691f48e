import { registerLayerClass } from '@keras-ts/core';
import { ConvTranspose, type ConvTransposeConfig } from './conv-transpose.js';

/** Options for {@link Conv1DTranspose}. Defaults follow Keras 3. */
export interface Conv1DTransposeConfig extends ConvTransposeConfig {}

/**
 * Transposed 1-D convolution (upsampling by `strides`). Output size per axis: `L·s + max(k − s, 0)`
 * for 'valid', `L·s` for 'same' (Keras's deconv_output_length).
 *
 * Shapes: `[batch, steps, channels]` → `[batch, newSteps, filters]`; kernel `[kernelSize, filters, channels]`.
 */
export class Conv1DTranspose extends ConvTranspose {
  static override className = 'Conv1DTranspose';

  constructor(config: Conv1DTransposeConfig) {
    super(1, config);
  }
}
registerLayerClass(Conv1DTranspose);
