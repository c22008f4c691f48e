// Minimal layers for the engine's own tests; the real layers live in @keras-ts/layers.
import * as tf from '@tensorflow/tfjs-core';
import { Layer, type LayerConfig } from '../engine/layer.js';
import type { LayerWeight } from '../engine/layer-weight.js';
import type { CallOptions, Initializer, Shape } from '../engine/types.js';

export const constantInit = (value: number): Initializer => ({ apply: (shape, dtype) => tf.fill(shape, value, dtype) });
export const rangeInit: Initializer = {
  apply: (shape, dtype) =>
    tf.reshape(
      tf.div(
        tf.range(
          0,
          shape.reduce((a, b) => a * b, 1),
          1,
          dtype as 'float32',
        ),
        10,
      ),
      shape,
    ),
};

/** `x · W + b` with W initialised to (0, 0.1, 0.2, …) and b to 0 (deterministic). */
export class TestDense extends Layer {
  static override className = 'TestDense';
  kernel?: LayerWeight;
  bias?: LayerWeight;
  constructor(readonly config: LayerConfig & { units: number; activation?: 'relu' | 'softmax' | 'sigmoid' }) {
    super(config);
    this.inputSpec = [{ minNdim: 2 }];
  }
  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    this.kernel = this.addWeight('kernel', [shape[shape.length - 1]!, this.config.units], rangeInit);
    this.bias = this.addWeight('bias', [this.config.units], constantInit(0));
    this.inputSpec = [{ minNdim: 2, axes: { [-1]: shape[shape.length - 1]! } }];
  }
  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const y = tf.add(tf.matMul(x, this.kernel!.variable), this.bias!.variable);
    if (this.config.activation === 'relu') return tf.relu(y);
    if (this.config.activation === 'softmax') return tf.softmax(y);
    if (this.config.activation === 'sigmoid') return tf.sigmoid(y);
    return y;
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [...shape.slice(0, -1), this.config.units];
  }
}

/** Concatenates its inputs on the last axis (a two-input layer for graph tests). */
export class TestConcat extends Layer {
  static override className = 'TestConcat';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.concat(inputs as tf.Tensor[], -1);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shapes = inputShape as Shape[];
    const last = shapes.map((s) => s[s.length - 1]);
    return [...shapes[0]!.slice(0, -1), last.some((d) => d === null) ? null : last.reduce<number>((a, b) => a + (b as number), 0)];
  }
}
