import { registerLayerClass } from '@keras-ts/core';
import { SeparableConv, type SeparableConvConfig } from './separable-conv.js';

/** Options for {@link SeparableConv1D}. Defaults follow Keras 3. */
export interface SeparableConv1DConfig extends SeparableConvConfig {}

/**
 * Depthwise-separable 1-D convolution: a per-channel convolution followed by a pointwise one.
 *
 * Shapes: `[batch, steps, channels]` → `[batch, newSteps, filters]`.
 */
export class SeparableConv1D extends SeparableConv {
  static override className = 'SeparableConv1D';

  constructor(config: SeparableConv1DConfig) {
    super(1, config);
  }
}
registerLayerClass(SeparableConv1D);
