import { registerLayerClass } from '@keras-ts/core';
import { GlobalPooling, type GlobalPoolingConfig } from './base.js';

/**
 * Max over both spatial axes. Shapes: `[batch, rows, cols, channels]` → `[batch, channels]`.
 */
export class GlobalMaxPooling2D extends GlobalPooling {
  static override className = 'GlobalMaxPooling2D';

  constructor(config: GlobalPoolingConfig = {}) {
    super(2, 'max', config);
  }
}
registerLayerClass(GlobalMaxPooling2D);
