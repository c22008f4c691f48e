import { registerLayerClass } from '@keras-ts/core';
import { Conv, type ConvConfig } from './conv.js';

/** Options for {@link Conv1D}. Defaults follow Keras 3. */
export interface Conv1DConfig extends ConvConfig {}

/**
 * 1-D convolution over time: `activation(conv(x, kernel) + bias)`, with 'valid', 'same' or
 * 'causal' padding (causal pads the start so step t never sees later steps).
 *
 * Shapes: `[batch, steps, channels]` → `[batch, newSteps, filters]`; kernel `[kernelSize, channels / groups, filters]`.
 */
export class Conv1D extends Conv {
  static override className = 'Conv1D';

  constructor(config: Conv1DConfig) {
    super(1, config);
  }

  protected override allowsCausal(): boolean {
    return true;
  }
}
registerLayerClass(Conv1D);
