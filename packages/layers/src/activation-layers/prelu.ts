import * as tf from '@tensorflow/tfjs-core';
import { type CallOptions, Layer, type LayerConfig, type LayerWeight, type Shape, ValueError, registerLayerClass } from '@keras-ts/core';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { InitializerIdentifier } from '../initializers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/regularizers.js';
import { firstShape, firstTensor } from '../utils/arguments.js';
import { type WeightOptions, serializeWeightOptions, weightOptions } from '../utils/weight-options.js';

/** Options for {@link PReLU}. Defaults follow Keras 3. */
export interface PReLUConfig extends LayerConfig {
  /** Default: 'zeros'. */
  alphaInitializer?: InitializerIdentifier;
  alphaRegularizer?: RegularizerIdentifier;
  alphaConstraint?: ConstraintIdentifier;
  /** Axes (1-indexed, batch excluded) along which alpha is shared, e.g. [1, 2] for one alpha per channel of images. */
  sharedAxes?: number[] | null;
}

/**
 * Parametric ReLU: `x` for x ≥ 0, `alpha·x` otherwise, with a learned `alpha` per input entry
 * (shared along `sharedAxes`). Shapes: unchanged; alpha `inputShape[1:]` with shared axes set to 1.
 */
export class PReLU extends Layer {
  static override className = 'PReLU';
  readonly alphaOptions: WeightOptions;
  readonly sharedAxes: number[] | null;
  alpha?: LayerWeight;

  constructor(config: PReLUConfig = {}) {
    super(config);
    this.alphaOptions = weightOptions(config, 'alpha', 'zeros');
    this.sharedAxes = config.sharedAxes ? [...config.sharedAxes] : null;
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    const alphaShape = shape.slice(1).map((d, i) => {
      if (this.sharedAxes?.includes(i + 1)) return 1;
      if (d === null)
        throw new ValueError(`PReLU '${this.name}' needs known sizes on unshared axes, got shape [${shape.join(', ')}]; share axis ${i + 1} with sharedAxes.`);
      return d;
    });
    this.alpha = this.addWeight('alpha', alphaShape, this.alphaOptions.initializer, this.alphaOptions);
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = firstTensor(inputs);
    return tf.tidy(() => tf.add(tf.relu(x), tf.mul(this.alpha!.variable, tf.neg(tf.relu(tf.neg(x))))));
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape | Shape[] {
    return inputShape;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...serializeWeightOptions('alpha', this.alphaOptions), sharedAxes: this.sharedAxes };
  }
}
registerLayerClass(PReLU);
