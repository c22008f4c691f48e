import type * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type Shape, registerLayerClass } from '@keras-ts/core';
import type { ActivationFunction } from '../activations/activations.js';
import { type ActivationIdentifier, getActivation, serializeActivation } from '../activations/registry.js';

/** Options for {@link Activation}. */
export interface ActivationConfig extends LayerConfig {
  /** The activation to apply ('relu', 'softmax', … or a function). */
  activation: ActivationIdentifier;
}

/** Applies an activation function to its input. Shapes: any → same shape. */
export class Activation extends Layer {
  static override className = 'Activation';
  readonly activation: ActivationFunction;

  constructor(config: ActivationConfig) {
    super(config);
    this.activation = getActivation(config.activation);
    this.supportsMasking = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    return this.activation(Array.isArray(inputs) ? inputs[0]! : inputs);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), activation: serializeActivation(this.activation) };
  }
}
registerLayerClass(Activation);
