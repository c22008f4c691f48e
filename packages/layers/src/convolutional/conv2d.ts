import { registerLayerClass } from '@keras-ts/core';
import { Conv, type ConvConfig } from './conv.js';

/** Options for {@link Conv2D}. Defaults follow Keras 3. */
export interface Conv2DConfig extends ConvConfig {}

/**
 * 2-D convolution over images: `activation(conv(x, kernel) + bias)`.
 *
 * Shapes: `[batch, rows, cols, channels]` → `[batch, newRows, newCols, filters]` (channelsLast);
 * kernel `[kh, kw, channels / groups, filters]`.
 */
export class Conv2D extends Conv {
  static override className = 'Conv2D';

  constructor(config: Conv2DConfig) {
    super(2, config);
  }
}
registerLayerClass(Conv2D);
