import { registerLayerClass } from '@keras-ts/core';
import { Pooling, type PoolingConfig } from './base.js';

/**
 * Mean over `poolSize` windows ('same' border windows average only real values). Shapes: `[batch, rows, cols, channels]` → `[batch, newRows, newCols, channels]`.
 */
export class AveragePooling2D extends Pooling {
  static override className = 'AveragePooling2D';

  constructor(config: PoolingConfig = {}) {
    super(2, 'avg', config);
  }
}
registerLayerClass(AveragePooling2D);
