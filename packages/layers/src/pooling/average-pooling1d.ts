import { registerLayerClass } from '@keras-ts/core';
import { Pooling, type PoolingConfig } from './base.js';

/**
 * Mean over windows of `poolSize` steps ('same' border windows average only real values). Shapes: `[batch, steps, channels]` → `[batch, newSteps, channels]`.
 */
export class AveragePooling1D extends Pooling {
  static override className = 'AveragePooling1D';

  constructor(config: PoolingConfig = {}) {
    super(1, 'avg', config);
  }
}
registerLayerClass(AveragePooling1D);
