import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import { firstShape, firstTensor } from '../utils/arguments.js';

/** Options for {@link Permute}. */
export interface PermuteConfig extends LayerConfig {
  /** Permutation of the non-batch axes, 1-indexed (Keras): `[2, 1]` swaps the first two. */
  dims: number[];
}

/** Permutes the non-batch axes. Shapes: `[batch, d1, d2]` with dims `[2, 1]` → `[batch, d2, d1]`. */
export class Permute extends Layer {
  static override className = 'Permute';
  readonly dims: number[];

  constructor(config: PermuteConfig) {
    super(config);
    const dims = config?.dims;
    const valid = Array.isArray(dims) && [...dims].sort((a, b) => a - b).every((d, i) => d === i + 1);
    if (!valid) {
      throw new ValueError(`Permute: \`dims\` must be a permutation of 1..n (1-indexed, the batch axis excluded), got ${JSON.stringify(dims)}.`);
    }
    this.dims = [...dims];
    this.inputSpec = [{ ndim: dims.length + 1 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    return tf.transpose(firstTensor(inputs), [0, ...this.dims]);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = firstShape(inputShape);
    return [shape[0] ?? null, ...this.dims.map((d) => shape[d] ?? null)];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), dims: [...this.dims] };
  }
}
registerLayerClass(Permute);
