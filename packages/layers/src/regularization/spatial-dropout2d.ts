import { registerLayerClass } from '@keras-ts/core';
import { SpatialDropout, type SpatialDropoutConfig } from './spatial-dropout.js';

/** Drops entire channels of `[batch, rows, cols, channels]` (channelsLast) or `[batch, channels, rows, cols]` during training. */
export class SpatialDropout2D extends SpatialDropout {
  static override className = 'SpatialDropout2D';

  constructor(config: SpatialDropoutConfig) {
    super(2, config);
  }
}
registerLayerClass(SpatialDropout2D);
