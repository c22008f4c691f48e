import * as tf from '@tensorflow/tfjs-core';
import { registerLayerClass } from '@keras-ts/core';
import type { ActivationFunction } from '../activations/activations.js';
import { type ActivationIdentifier, getActivation, serializeActivation } from '../activations/registry.js';
import { Initializer } from '../initializers/base.js';
import type { CellStep } from './base.js';
import { KernelCell, type KernelCellConfig } from './kernel-cell.js';

/** Options for {@link LSTMCell}. Defaults follow Keras 3. */
export interface LSTMCellConfig extends KernelCellConfig {
  /** Activation of the input, forget and output gates. Default: 'sigmoid'. */
  recurrentActivation?: ActivationIdentifier;
  /** Whether to add 1 to the forget gate's bias at initialization (Jozefowicz et al.). Default: true. */
  unitForgetBias?: boolean;
}

/** The LSTM bias initializer with unitForgetBias: the base initializer, with ones for the forget gate. */
class UnitForgetBias extends Initializer {
  static override className = 'UnitForgetBias';
  constructor(
    private readonly base: Initializer,
    private readonly units: number,
  ) {
    super();
  }
  apply(_shape: number[], dtype?: tf.DataType): tf.Tensor {
    return tf.tidy(() => tf.concat([this.base.apply([this.units], dtype), tf.ones([this.units], dtype), this.base.apply([2 * this.units], dtype)]));
  }
}

/**
 * Long short-term memory cell (Hochreiter & Schmidhuber, 1997). With `z = x·W + h·U + b` split into
 * gates i, f, c, o (Keras's order): `c' = σ(f)·c + σ(i)·tanh(c̃)`, `h' = σ(o)·tanh(c')`.
 *
 * Weights: kernel `[inputDim, 4·units]`, recurrent kernel `[units, 4·units]`, bias `[4·units]`;
 * states `[h, c]`.
 */
export class LSTMCell extends KernelCell {
  static override className = 'LSTMCell';
  readonly recurrentActivation: ActivationFunction;
  readonly unitForgetBias: boolean;

  constructor(config: LSTMCellConfig) {
    super(config);
    this.recurrentActivation = getActivation(config.recurrentActivation === undefined ? 'sigmoid' : config.recurrentActivation);
    this.unitForgetBias = config.unitForgetBias ?? true;
  }

  protected get gates(): number {
    return 4;
  }

  protected override biasInitializerForBuild(): Initializer {
    const base = this.biasOptions.initializer;
    return this.unitForgetBias ? new UnitForgetBias(base, this.units) : base;
  }

  get stateSize(): number[] {
    return [this.units, this.units];
  }

  get outputSize(): number {
    return this.units;
  }

  step(input: tf.Tensor, states: tf.Tensor[], training: boolean): CellStep {
    const previousOutput = this.dropState(states[0]!, training);
    const previousCarry = states[1]!;
    let z = tf.add(tf.matMul(this.dropInput(input, training), this.kernel!.variable), tf.matMul(previousOutput, this.recurrentKernel!.variable));
    if (this.bias) z = tf.add(z, this.bias.variable);
    const [zi, zf, zc, zo] = tf.split(z, 4, 1) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
    const inputGate = this.recurrentActivation(zi);
    const forgetGate = this.recurrentActivation(zf);
    const carry = tf.add(tf.mul(forgetGate, previousCarry), tf.mul(inputGate, this.activation(zc)));
    const output = tf.mul(this.recurrentActivation(zo), this.activation(carry));
    return { output, states: [output, carry] };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: serializeActivation(this.recurrentActivation), unitForgetBias: this.unitForgetBias };
  }
}
registerLayerClass(LSTMCell);
