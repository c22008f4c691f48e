import { registerLayerClass } from '@keras-ts/core';
import { Pooling, type PoolingConfig } from './base.js';

/**
 * Max over `poolSize` windows. Shapes: `[batch, rows, cols, channels]` → `[batch, newRows, newCols, channels]` (channelsLast).
 */
export class MaxPooling2D extends Pooling {
  static override className = 'MaxPooling2D';

  constructor(config: PoolingConfig = {}) {
    super(2, 'max', config);
  }
}
registerLayerClass(MaxPooling2D);
