import * as tf from '@tensorflow/tfjs-core';
import { dropoutMaskFloat32 } from '@keras-ts/backend-kit/fused';
import { stepTensor } from '@keras-ts/common';
import { type CallOptions, Layer, type LayerConfig, drawSeed } from '@keras-ts/core';

/** One time step of a recurrent cell: the step output and the new states. */
export interface CellStep {
  output: tf.Tensor;
  states: tf.Tensor[];
}

/**
 * Base of recurrent cells (SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells): one time step
 * `(input, states) → (output, newStates)`. The RNN layer runs the loop over time.
 *
 * Called directly as a layer, a cell takes `[input, ...states]` and returns `[output, ...newStates]`.
 */
export abstract class RNNCell extends Layer {
  /** Size of each state tensor (LSTM: `[units, units]` for h and c). */
  abstract get stateSize(): number[];
  /** Size of the step output. */
  abstract get outputSize(): number;
  /** Computes one step; `training` turns on dropout. */
  abstract step(input: tf.Tensor, states: tf.Tensor[], training: boolean): CellStep;

  private inputMask: tf.Tensor | undefined;
  private stateMask: tf.Tensor | undefined;

  /**
   * The dropout mask for the step inputs. Keras draws one mask per sequence (per RNN call) and
   * reuses it at every step, so it is cached until {@link resetDropoutMasks}.
   */
  protected inputDropoutMask(input: tf.Tensor, rate: number): tf.Tensor {
    // tf.dropout's multiplier (what tf.dropout of ones returns) as a step value: a compiled step
    // draws a new mask (same seed stream) at every replay.
    this.inputMask ??= stepTensor(() => dropoutMaskFloat32(input.shape, rate, drawSeed()));
    return this.inputMask;
  }

  /** The recurrent dropout mask for the previous output state (cached like the input mask). */
  protected stateDropoutMask(state: tf.Tensor, rate: number): tf.Tensor {
    this.stateMask ??= stepTensor(() => dropoutMaskFloat32(state.shape, rate, drawSeed()));
    return this.stateMask;
  }

  /** Forgets the cached dropout masks (the RNN layer calls this before and after each sequence). */
  resetDropoutMasks(): void {
    this.inputMask = undefined;
    this.stateMask = undefined;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor[] {
    const [input, ...states] = Array.isArray(inputs) ? inputs : [inputs];
    this.resetDropoutMasks();
    try {
      return tf.tidy(() => {
        const result = this.step(input!, states, options.training === true);
        return [result.output, ...result.states];
      });
    } finally {
      this.resetDropoutMasks();
    }
  }
}

/** Options shared by the built-in cells' dropout. */
export interface DropoutCellConfig extends LayerConfig {
  /** Fraction of the input units to drop (one mask per sequence). Default: 0. */
  dropout?: number;
  /** Fraction of the recurrent state units to drop (one mask per sequence). Default: 0. */
  recurrentDropout?: number;
}
