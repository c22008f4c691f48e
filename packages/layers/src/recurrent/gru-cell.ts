import * as tf from '@tensorflow/tfjs-core';
import { registerLayerClass } from '@keras-ts/core';
import type { ActivationFunction } from '../activations/activations.js';
import { type ActivationIdentifier, getActivation, serializeActivation } from '../activations/registry.js';
import type { CellStep } from './base.js';
import { KernelCell, type KernelCellConfig } from './kernel-cell.js';

/** Options for {@link GRUCell}. Defaults follow Keras 3. */
export interface GRUCellConfig extends KernelCellConfig {
  /** Activation of the update and reset gates. Default: 'sigmoid'. */
  recurrentActivation?: ActivationIdentifier;
  /**
   * Apply the reset gate after the recurrent matrix multiplication (the cuDNN-compatible variant,
   * with separate input and recurrent biases). Default: true.
   */
  resetAfter?: boolean;
}

/**
 * Gated recurrent unit cell (Cho et al., 2014). Gates z (update), r (reset) and the candidate h̃ in
 * Keras's order; `h' = z·h + (1 − z)·h̃`. With `resetAfter`, `h̃ = tanh(x·W_h + b_h + r·(h·U_h + b'_h))`;
 * without, `h̃ = tanh(x·W_h + b_h + (r·h)·U_h)`.
 *
 * Weights: kernel `[inputDim, 3·units]`, recurrent kernel `[units, 3·units]`, bias `[2, 3·units]`
 * (resetAfter) or `[3·units]`.
 */
export class GRUCell extends KernelCell {
  static override className = 'GRUCell';
  readonly recurrentActivation: ActivationFunction;
  readonly resetAfter: boolean;

  constructor(config: GRUCellConfig) {
    super(config);
    this.recurrentActivation = getActivation(config.recurrentActivation === undefined ? 'sigmoid' : config.recurrentActivation);
    this.resetAfter = config.resetAfter ?? true;
  }

  protected get gates(): number {
    return 3;
  }

  protected override biasShape(): number[] {
    return this.resetAfter ? [2, 3 * this.units] : [3 * this.units];
  }

  get stateSize(): number[] {
    return [this.units];
  }

  get outputSize(): number {
    return this.units;
  }

  step(input: tf.Tensor, states: tf.Tensor[], training: boolean): CellStep {
    const previous = states[0]!;
    const droppedPrevious = this.dropState(previous, training);
    const kernel = this.kernel!.variable;
    const recurrent = this.recurrentKernel!.variable;
    let inputBias: tf.Tensor | undefined;
    let recurrentBias: tf.Tensor | undefined;
    if (this.bias) {
      if (this.resetAfter) [inputBias, recurrentBias] = tf.unstack(this.bias.variable) as [tf.Tensor, tf.Tensor];
      else inputBias = this.bias.variable;
    }
    let xz = tf.matMul(this.dropInput(input, training), kernel);
    if (inputBias) xz = tf.add(xz, inputBias);
    const [xUpdate, xReset, xCandidate] = tf.split(xz, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    let candidateRecurrent: tf.Tensor;
    let update: tf.Tensor;
    let reset: tf.Tensor;
    if (this.resetAfter) {
      let hz = tf.matMul(droppedPrevious, recurrent);
      if (recurrentBias) hz = tf.add(hz, recurrentBias);
      const [hUpdate, hReset, hCandidate] = tf.split(hz, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      update = this.recurrentActivation(tf.add(xUpdate, hUpdate));
      reset = this.recurrentActivation(tf.add(xReset, hReset));
      candidateRecurrent = tf.mul(reset, hCandidate);
    } else {
      const [uUpdate, uReset, uCandidate] = tf.split(recurrent, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      update = this.recurrentActivation(tf.add(xUpdate, tf.matMul(droppedPrevious, uUpdate)));
      reset = this.recurrentActivation(tf.add(xReset, tf.matMul(droppedPrevious, uReset)));
      candidateRecurrent = tf.matMul(tf.mul(reset, droppedPrevious), uCandidate);
    }
    const candidate = this.activation(tf.add(xCandidate, candidateRecurrent));
    const output = tf.add(tf.mul(update, previous), tf.mul(tf.sub(1, update), candidate));
    return { output, states: [output] };
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), recurrentActivation: serializeActivation(this.recurrentActivation), resetAfter: this.resetAfter };
  }
}
registerLayerClass(GRUCell);
