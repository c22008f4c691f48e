import { registerLayerClass } from '@keras-ts/core';
import { GlobalPooling, type GlobalPoolingConfig } from './base.js';

/**
 * Mean over the time axis. Shapes: `[batch, steps, channels]` → `[batch, channels]` (`[batch, 1, channels]` with keepdims).
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  static override className = 'GlobalAveragePooling1D';

  constructor(config: GlobalPoolingConfig = {}) {
    super(1, 'avg', config);
  }
}
registerLayerClass(GlobalAveragePooling1D);
