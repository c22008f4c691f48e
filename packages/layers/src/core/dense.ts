import * as tf from '@tensorflow/tfjs-core';
import {
  type CallOptions,
  Layer,
  type LayerConfig,
  type LayerWeight,
  type Regularizer,
  type Shape,
  ShapeError,
  ValueError,
  registerLayerClass,
} from '@keras-ts/core';
import { type DenseActivation, fusedDense } from '@keras-ts/backend-kit/fused';
import { type ActivationFunction, linear, relu, sigmoid, softmax, tanh } from '../activations/activations.js';
import { type ActivationIdentifier, getActivation, serializeActivation } from '../activations/registry.js';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import { type InitializerIdentifier, serializeInitializer } from '../initializers/registry.js';
import { type RegularizerIdentifier, getRegularizer } from '../regularizers/regularizers.js';
import { serializeOptional } from '../serialization.js';
import { type WeightOptions, weightOptions } from '../utils/weight-options.js';

/** The activations the declared fused Dense op covers (backends may run it as one kernel), by function. */
const FUSED_ACTIVATIONS = new Map<ActivationFunction, DenseActivation>([
  [linear, 'linear'],
  [relu, 'relu'],
  [sigmoid, 'sigmoid'],
  [tanh, 'tanh'],
  [softmax, 'softmax'],
]);

/** Options for {@link Dense}. Defaults follow Keras 3. */
export interface DenseConfig extends LayerConfig {
  /** Dimensionality of the output space. */
  units: number;
  /** Activation applied to the output. Default: linear. */
  activation?: ActivationIdentifier;
  /** Whether to add a bias vector. Default: true. */
  useBias?: boolean;
  /** Default: 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  /** Default: 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  biasRegularizer?: RegularizerIdentifier;
  /** Penalty on the layer's output, added to the loss. */
  activityRegularizer?: RegularizerIdentifier;
  kernelConstraint?: ConstraintIdentifier;
  biasConstraint?: ConstraintIdentifier;
}

/**
 * Densely-connected layer: `activation(dot(input, kernel) + bias)`.
 *
 * Shapes: input `[batch, …, inputDim]` → output `[batch, …, units]`.
 */
export class Dense extends Layer {
  static override className = 'Dense';
  readonly units: number;
  readonly activation: ActivationFunction;
  readonly useBias: boolean;
  /** The kernel's initializer, regularizer and constraint. */
  readonly kernelOptions: WeightOptions;
  /** The bias's initializer, regularizer and constraint. */
  readonly biasOptions: WeightOptions;
  readonly activityRegularizer?: Regularizer;
  kernel?: LayerWeight;
  bias?: LayerWeight;

  constructor(config: DenseConfig) {
    super(config);
    if (!Number.isInteger(config?.units) || config.units <= 0) {
      throw new ValueError(`Dense: \`units\` must be a positive integer, got ${config?.units}.`);
    }
    this.units = config.units;
    this.activation = getActivation(config.activation);
    this.useBias = config.useBias ?? true;
    this.kernelOptions = weightOptions(config, 'kernel', 'glorotUniform');
    this.biasOptions = weightOptions(config, 'bias', 'zeros');
    if (config.activityRegularizer) this.activityRegularizer = getRegularizer(config.activityRegularizer);
    this.inputSpec = [{ minNdim: 2 }];
    this.supportsMasking = true;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = inputShape as Shape;
    const inputDim = shape[shape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new ValueError(`Dense '${this.name}' needs a known last input dimension, got shape [${shape.join(', ')}].`);
    }
    this.kernel = this.addWeight('kernel', [inputDim, this.units], this.kernelOptions.initializer, this.kernelOptions);
    if (this.useBias) this.bias = this.addWeight('bias', [this.units], this.biasOptions.initializer, this.biasOptions);
    this.inputSpec = [{ minNdim: 2, axes: { [-1]: inputDim } }];
  }

  override call(inputs: tf.Tensor | tf.Tensor[], _options: CallOptions = {}): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const kernel = this.kernel!.variable;
    const bias = this.bias?.variable;
    const output = tf.tidy(() => {
      const flat = x.rank === 2 ? x : tf.reshape(x, [-1, x.shape[x.rank - 1]!]);
      const activation = FUSED_ACTIVATIONS.get(this.activation);
      // A backend may run the declared op, and its gradient, as a few fused kernels.
      const result =
        activation !== undefined
          ? fusedDense.run(
              { x: flat as tf.Tensor2D, kernel: kernel as tf.Tensor2D, bias: bias as tf.Tensor1D | undefined },
              { activation, withBias: bias !== undefined },
            )
          : this.activation(bias ? tf.add(tf.matMul(flat, kernel), bias) : tf.matMul(flat, kernel));
      return x.rank === 2 ? result : tf.reshape(result, [...x.shape.slice(0, -1), this.units]);
    });
    // Outside the tidy: the penalty must outlive this call until the training step adds it to the loss.
    if (this.activityRegularizer) this.addLoss(this.activityRegularizer.apply(output));
    return output;
  }

  /** Checks the last input dimension against the kernel first, with a message that says how to fix it. */
  protected override assertInputCompatibility(shapes: (number | null)[][], dtypes: tf.DataType[]): void {
    const shape = shapes[0];
    const expected = this.kernel?.shape[0];
    const last = shape?.[shape.length - 1];
    if (shape !== undefined && shape.length >= 2 && expected !== undefined && last !== null && last !== undefined && last !== expected) {
      const features = shape.slice(1).every((d) => d !== null) ? shape.slice(1).reduce<number>((a, b) => a * (b as number), 1) : null;
      const fix =
        shape.length > 2 && features === expected
          ? 'Add a Flatten layer before it.'
          : `Give it inputs with ${expected} features, or use a new Dense layer for inputs of this size.`;
      throw new ShapeError(
        `Dense '${this.name}' expects inputs with last dimension ${expected}, got shape [${shape.map((d) => d ?? 'null').join(', ')}]. ${fix}`,
      );
    }
    super.assertInputCompatibility(shapes, dtypes);
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    const shape = inputShape as Shape;
    return [...shape.slice(0, -1), this.units];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelOptions.initializer),
      biasInitializer: serializeInitializer(this.biasOptions.initializer),
      kernelRegularizer: serializeOptional(this.kernelOptions.regularizer),
      biasRegularizer: serializeOptional(this.biasOptions.regularizer),
      activityRegularizer: serializeOptional(this.activityRegularizer),
      kernelConstraint: serializeOptional(this.kernelOptions.constraint),
      biasConstraint: serializeOptional(this.biasOptions.constraint),
    };
  }
}
registerLayerClass(Dense);
