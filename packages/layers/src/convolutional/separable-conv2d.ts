import { registerLayerClass } from '@keras-ts/core';
import { SeparableConv, type SeparableConvConfig } from './separable-conv.js';

/** Options for {@link SeparableConv2D}. Defaults follow Keras 3. */
export interface SeparableConv2DConfig extends SeparableConvConfig {}

/**
 * Depthwise-separable 2-D convolution: a per-channel convolution followed by a pointwise one.
 *
 * Shapes: `[batch, rows, cols, channels]` → `[batch, newRows, newCols, filters]` (channelsLast).
 */
export class SeparableConv2D extends SeparableConv {
  static override className = 'SeparableConv2D';

  constructor(config: SeparableConv2DConfig) {
    super(2, config);
  }
}
registerLayerClass(SeparableConv2D);
