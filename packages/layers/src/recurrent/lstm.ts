import type * as tf from '@tensorflow/tfjs-core';
import { registerLayerClass } from '@keras-ts/core';
import { RNN, type RNNOptions, cellOptions, flattenCellConfig } from './rnn.js';
import { LSTMCell, type LSTMCellConfig } from './lstm-cell.js';

/** Options for {@link LSTM}: the cell's options plus the recurrent layer's. Defaults follow Keras 3. */
export interface LSTMConfig<ReturnState extends boolean = boolean> extends LSTMCellConfig, RNNOptions<ReturnState> {}

/**
 * Long short-term memory layer (Hochreiter & Schmidhuber, 1997; see LSTMCell). `LSTM({ units: 32 })` on 64 features has 4·32·(64 + 32 + 1) = 12,416 parameters.
 *
 * Shapes: input `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * returnSequences; with returnState, `[output, ...states]` with the hidden and the cell state
 * (`const [output, hiddenState, cellState] = lstm.apply(x)`, typed from `returnState: true`).
 */
export class LSTM<const ReturnState extends boolean = false> extends RNN<ReturnState, [hiddenState: tf.Tensor, cellState: tf.Tensor]> {
  static override className = 'LSTM';
  declare readonly cell: LSTMCell;

  constructor(config: LSTMConfig<ReturnState>) {
    // Keras 3 names the cell 'lstm_cell' inside the layer's scope (weights `lstm/lstm_cell/kernel`), so
    // it takes no default name: a user's own LSTMCell is still named as in Keras.
    super({ ...config, cell: new LSTMCell({ ...cellOptions(config), name: 'lstm_cell', dtype: config?.dtype } as LSTMCellConfig) });
  }

  /** Dimensionality of the output. */
  get units(): number {
    return this.cell.units;
  }

  override getConfig(): Record<string, unknown> {
    return flattenCellConfig(super.getConfig(), this.cell);
  }
}
registerLayerClass(LSTM);
