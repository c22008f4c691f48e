import { registerLayerClass } from '@keras-ts/core';
import { Pooling, type PoolingConfig } from './base.js';

/**
 * Max over windows of `poolSize` steps. Shapes: `[batch, steps, channels]` → `[batch, newSteps, channels]`.
 */
export class MaxPooling1D extends Pooling {
  static override className = 'MaxPooling1D';

  constructor(config: PoolingConfig = {}) {
    super(1, 'max', config);
  }
}
registerLayerClass(MaxPooling1D);
