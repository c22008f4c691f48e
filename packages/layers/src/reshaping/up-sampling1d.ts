import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import { checkPositiveInteger, firstShape, firstTensor } from '../utils/arguments.js';

/** Options for {@link UpSampling1D}. */
export interface UpSampling1DConfig extends LayerConfig {
  /** How many times each step is repeated. Default: 2. */
  size?: number;
}

/** Repeats each time step `size` times. Shapes: `[batch, steps, features]` → `[batch, steps·size, features]`. */
export class UpSampling1D extends Layer {
  static override className = 'UpSampling1D';
  readonly size: number;

  constructor(config: UpSampling1DConfig = {}) {
    super(config);
    this.size = checkPositiveInteger(config.size ?? 2, 'size', 'UpSampling1D');
    this.inputSpec = [{ ndim: 3 }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    return repeatAxis(firstTensor(inputs), 1, this.size);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const [batch, steps, features] = firstShape(inputShape);
    return [batch ?? null, steps === null || steps === undefined ? null : steps * this.size, features ?? null];
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), size: this.size };
  }
}
registerLayerClass(UpSampling1D);

/** Repeats every slice along `axis` `times` times in place (Keras's ops.repeat): `[a, b]` → `[a, a, b, b]`. */
export function repeatAxis(x: tf.Tensor, axis: number, times: number): tf.Tensor {
  if (times === 1) return x;
  // A gather (rather than expandDims + tile) keeps the gradient available at any rank.
  const length = x.shape[axis]!;
  return tf.tidy(() =>
    tf.gather(
      x,
      tf.tensor1d(
        Array.from({ length: length * times }, (_, i) => Math.floor(i / times)),
        'int32',
      ),
      axis,
    ),
  );
}
