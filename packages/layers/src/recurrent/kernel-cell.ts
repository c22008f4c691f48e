import * as tf from '@tensorflow/tfjs-core';
import { type LayerWeight, type Shape, ShapeError } from '@keras-ts/core';
import type { ActivationFunction } from '../activations/activations.js';
import { type ActivationIdentifier, getActivation, serializeActivation } from '../activations/registry.js';
import type { ConstraintIdentifier } from '../constraints/constraints.js';
import type { Initializer } from '../initializers/base.js';
import { type InitializerIdentifier, serializeInitializer } from '../initializers/registry.js';
import type { RegularizerIdentifier } from '../regularizers/regularizers.js';
import { serializeOptional } from '../serialization.js';
import { checkPositiveInteger, checkRate, firstShape } from '../utils/arguments.js';
import { type WeightOptions, weightOptions } from '../utils/weight-options.js';
import { type DropoutCellConfig, RNNCell } from './base.js';

/** Options shared by SimpleRNNCell, LSTMCell and GRUCell. Defaults follow Keras 3. */
export interface KernelCellConfig extends DropoutCellConfig {
  /** Dimensionality of the output (and of each state). */
  units: number;
  /** Activation of the candidate state and output. Default: 'tanh'. */
  activation?: ActivationIdentifier;
  /** Whether to add bias vectors. Default: true. */
  useBias?: boolean;
  /** Initializer of the input kernel. Default: 'glorotUniform'. */
  kernelInitializer?: InitializerIdentifier;
  /** Initializer of the recurrent kernel. Default: 'orthogonal'. */
  recurrentInitializer?: InitializerIdentifier;
  /** Default: 'zeros'. */
  biasInitializer?: InitializerIdentifier;
  kernelRegularizer?: RegularizerIdentifier;
  recurrentRegularizer?: RegularizerIdentifier;
  biasRegularizer?: RegularizerIdentifier;
  kernelConstraint?: ConstraintIdentifier;
  recurrentConstraint?: ConstraintIdentifier;
  biasConstraint?: ConstraintIdentifier;
}

/**
 * Shared base of the built-in cells: an input kernel `[inputDim, gates·units]`, a recurrent kernel
 * `[units, gates·units]` and a bias, with Keras's options for each.
 */
export abstract class KernelCell extends RNNCell {
  readonly units: number;
  readonly activation: ActivationFunction;
  readonly useBias: boolean;
  /** The input kernel's initializer, regularizer and constraint. */
  readonly kernelOptions: WeightOptions;
  /** The recurrent kernel's initializer, regularizer and constraint. */
  readonly recurrentOptions: WeightOptions;
  /** The bias's initializer, regularizer and constraint. */
  readonly biasOptions: WeightOptions;
  readonly dropout: number;
  readonly recurrentDropout: number;
  kernel?: LayerWeight;
  recurrentKernel?: LayerWeight;
  bias?: LayerWeight;

  constructor(config: KernelCellConfig) {
    super(config);
    const owner = (this.constructor as typeof RNNCell).className;
    this.units = checkPositiveInteger(config?.units, 'units', owner);
    this.activation = getActivation(config.activation === undefined ? 'tanh' : config.activation);
    this.useBias = config.useBias ?? true;
    this.kernelOptions = weightOptions(config, 'kernel', 'glorotUniform');
    this.recurrentOptions = weightOptions(config, 'recurrent', 'orthogonal');
    this.biasOptions = weightOptions(config, 'bias', 'zeros');
    this.dropout = checkRate(config.dropout ?? 0, 'dropout', owner);
    this.recurrentDropout = checkRate(config.recurrentDropout ?? 0, 'recurrentDropout', owner);
  }

  /** Number of gate blocks in the kernels (SimpleRNN 1, GRU 3, LSTM 4). */
  protected abstract get gates(): number;

  /** Shape of the bias weight (GRU with resetAfter uses two rows). */
  protected biasShape(): number[] {
    return [this.gates * this.units];
  }

  /** The initializer of the bias (LSTM overrides it for unitForgetBias). */
  protected biasInitializerForBuild(): Initializer {
    return this.biasOptions.initializer;
  }

  override build(inputShape: Shape | Shape[]): void {
    const shape = firstShape(inputShape);
    const inputDim = shape[shape.length - 1];
    if (inputDim === null || inputDim === undefined) {
      throw new ShapeError(
        `${this.className} '${this.name}' needs a known feature dimension, got input shape [${shape.join(', ')}]. Give the input a fixed last dimension, e.g. Input({ shape: [null, 8] }).`,
      );
    }
    const width = this.gates * this.units;
    this.kernel = this.addWeight('kernel', [inputDim, width], this.kernelOptions.initializer, this.kernelOptions);
    this.recurrentKernel = this.addWeight('recurrent_kernel', [this.units, width], this.recurrentOptions.initializer, this.recurrentOptions);
    if (this.useBias) this.bias = this.addWeight('bias', this.biasShape(), this.biasInitializerForBuild(), this.biasOptions);
  }

  /** Applies input dropout when training (same mask at every step of a sequence). */
  protected dropInput(input: tf.Tensor, training: boolean): tf.Tensor {
    return training && this.dropout > 0 ? tf.mul(input, this.inputDropoutMask(input, this.dropout)) : input;
  }

  /** Applies recurrent dropout to the previous output state when training. */
  protected dropState(state: tf.Tensor, training: boolean): tf.Tensor {
    return training && this.recurrentDropout > 0 ? tf.mul(state, this.stateDropoutMask(state, this.recurrentDropout)) : state;
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape[] {
    const batch = firstShape(inputShape)[0] ?? null;
    return [[batch, this.outputSize], ...this.stateSize.map((size) => [batch, size])];
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: serializeActivation(this.activation),
      useBias: this.useBias,
      kernelInitializer: serializeInitializer(this.kernelOptions.initializer),
      recurrentInitializer: serializeInitializer(this.recurrentOptions.initializer),
      biasInitializer: serializeInitializer(this.biasOptions.initializer),
      kernelRegularizer: serializeOptional(this.kernelOptions.regularizer),
      recurrentRegularizer: serializeOptional(this.recurrentOptions.regularizer),
      biasRegularizer: serializeOptional(this.biasOptions.regularizer),
      kernelConstraint: serializeOptional(this.kernelOptions.constraint),
      recurrentConstraint: serializeOptional(this.recurrentOptions.constraint),
      biasConstraint: serializeOptional(this.biasOptions.constraint),
      dropout: this.dropout,
      recurrentDropout: this.recurrentDropout,
    };
  }
}
