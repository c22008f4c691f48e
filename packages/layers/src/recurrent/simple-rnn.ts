import type * as tf from '@tensorflow/tfjs-core';
import { registerLayerClass } from '@keras-ts/core';
import { RNN, type RNNOptions, cellOptions, flattenCellConfig } from './rnn.js';
import { SimpleRNNCell, type SimpleRNNCellConfig } from './simple-rnn-cell.js';

/** Options for {@link SimpleRNN}: the cell's options plus the recurrent layer's. Defaults follow Keras 3. */
export interface SimpleRNNConfig<ReturnState extends boolean = boolean> extends SimpleRNNCellConfig, RNNOptions<ReturnState> {}

/**
 * Fully-connected RNN whose output is fed back as the next step's state (see SimpleRNNCell).
 *
 * Shapes: input `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * returnSequences; with returnState, `[output, ...states]` with the hidden state
 * (`const [output, hiddenState] = rnn.apply(x)`, typed from `returnState: true`).
 */
export class SimpleRNN<const ReturnState extends boolean = false> extends RNN<ReturnState, [hiddenState: tf.Tensor]> {
  static override className = 'SimpleRNN';
  declare readonly cell: SimpleRNNCell;

  constructor(config: SimpleRNNConfig<ReturnState>) {
    // Keras 3 names the cell 'simple_rnn_cell' inside the layer's scope (weights `simple_rnn/simple_rnn_cell/kernel`), so
    // it takes no default name: a user's own SimpleRNNCell is still named as in Keras.
    super({ ...config, cell: new SimpleRNNCell({ ...cellOptions(config), name: 'simple_rnn_cell', dtype: config?.dtype } as SimpleRNNCellConfig) });
  }

  /** Dimensionality of the output. */
  get units(): number {
    return this.cell.units;
  }

  override getConfig(): Record<string, unknown> {
    return flattenCellConfig(super.getConfig(), this.cell);
  }
}
registerLayerClass(SimpleRNN);
