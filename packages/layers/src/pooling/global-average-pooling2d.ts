import { registerLayerClass } from '@keras-ts/core';
import { GlobalPooling, type GlobalPoolingConfig } from './base.js';

/**
 * Mean over both spatial axes. Shapes: `[batch, rows, cols, channels]` → `[batch, channels]`.
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  static override className = 'GlobalAveragePooling2D';

  constructor(config: GlobalPoolingConfig = {}) {
    super(2, 'avg', config);
  }
}
registerLayerClass(GlobalAveragePooling2D);
