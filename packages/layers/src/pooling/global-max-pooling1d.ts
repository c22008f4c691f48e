import { registerLayerClass } from '@keras-ts/core';
import { GlobalPooling, type GlobalPoolingConfig } from './base.js';

/**
 * Max over the time axis. Shapes: `[batch, steps, channels]` → `[batch, channels]` (`[batch, 1, channels]` with keepdims).
 */
export class GlobalMaxPooling1D extends GlobalPooling {
  static override className = 'GlobalMaxPooling1D';

  constructor(config: GlobalPoolingConfig = {}) {
    super(1, 'max', config);
  }
}
registerLayerClass(GlobalMaxPooling1D);
