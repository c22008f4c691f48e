import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';

/** Options for {@link Flatten}. */
export interface FlattenConfig extends LayerConfig {
  /** 'channelsLast' (default) or 'channelsFirst' (channels are moved last before flattening). */
  dataFormat?: 'channelsLast' | 'channelsFirst';
}

/** Flattens every dimension but the batch: `[batch, d1, d2, …]` → `[batch, d1·d2·…]`. */
export class Flatten extends Layer {
  static override className = 'Flatten';
  readonly dataFormat: 'channelsLast' | 'channelsFirst';

  constructor(config: FlattenConfig = {}) {
    super(config);
    this.dataFormat = config.dataFormat ?? 'channelsLast';
    if (this.dataFormat !== 'channelsLast' && this.dataFormat !== 'channelsFirst') {
      throw new ValueError(`Flatten: dataFormat must be 'channelsLast' or 'channelsFirst', got '${config.dataFormat}'.`);
    }
    this.inputSpec = [{ minNdim: 1 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const input = Array.isArray(inputs) ? inputs[0]! : inputs;
    return tf.tidy(() => {
      let x = input;
      if (this.dataFormat === 'channelsFirst' && x.rank > 2) {
        x = tf.transpose(x, [0, ...Array.from({ length: x.rank - 2 }, (_, i) => i + 2), 1]);
      }
      return tf.reshape(x, [x.shape[0]!, x.rank === 1 ? 1 : -1]);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    const rest = shape.slice(1);
    const size = rest.some((d) => d === null) ? null : rest.reduce<number>((a, b) => a * (b as number), 1);
    return [shape[0] ?? null, size];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dataFormat: this.dataFormat };
  }
}
registerLayerClass(Flatten);
