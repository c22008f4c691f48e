import * as tf from '@tensorflow/tfjs-core';
import { registerLayerClass } from '@keras-ts/core';
import type { CellStep } from './base.js';
import { KernelCell, type KernelCellConfig } from './kernel-cell.js';

/** Options for {@link SimpleRNNCell}. Defaults follow Keras 3. */
export interface SimpleRNNCellConfig extends KernelCellConfig {}

/**
 * Fully-connected recurrent cell: `h_t = activation(x_t·W + h_{t-1}·U + b)`; the output is `h_t`.
 *
 * Weights: kernel `[inputDim, units]`, recurrent kernel `[units, units]`, bias `[units]`.
 */
export class SimpleRNNCell extends KernelCell {
  static override className = 'SimpleRNNCell';

  protected get gates(): number {
    return 1;
  }

  get stateSize(): number[] {
    return [this.units];
  }

  get outputSize(): number {
    return this.units;
  }

  step(input: tf.Tensor, states: tf.Tensor[], training: boolean): CellStep {
    const previous = this.dropState(states[0]!, training);
    let z = tf.add(tf.matMul(this.dropInput(input, training), this.kernel!.variable), tf.matMul(previous, this.recurrentKernel!.variable));
    if (this.bias) z = tf.add(z, this.bias.variable);
    const output = this.activation(z);
    return { output, states: [output] };
  }
}
registerLayerClass(SimpleRNNCell);
