import { registerLayerClass } from '@keras-ts/core';
import { SpatialDropout, type SpatialDropoutConfig } from './spatial-dropout.js';

/** Drops entire channels of `[batch, steps, channels]` (one mask entry per sample and channel) during training. */
export class SpatialDropout1D extends SpatialDropout {
  static override className = 'SpatialDropout1D';

  constructor(config: SpatialDropoutConfig) {
    super(1, config);
  }
}
registerLayerClass(SpatialDropout1D);
