import { registerLayerClass } from '@keras-ts/core';
import { RNN, type RNNOptions, cellOptions, flattenCellConfig } from './rnn.js';
import { SimpleRNNCell, type SimpleRNNCellConfig } from './simple-rnn-cell.js';

/** Options for {@link SimpleRNN}: the cell's options plus the recurrent layer's. Defaults follow Keras 3. */
export interface SimpleRNNConfig extends SimpleRNNCellConfig, RNNOptions {}

/**
 * Fully-connected RNN whose output is fed back as the next step's state (see SimpleRNNCell).
 *
 * Shapes: input `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * returnSequences; with returnState, `[output, ...states]`.
 */
export class SimpleRNN extends RNN {
  static override className = 'SimpleRNN';
  declare readonly cell: SimpleRNNCell;

  constructor(config: SimpleRNNConfig) {
    super({ ...config, cell: new SimpleRNNCell({ ...cellOptions(config), dtype: config?.dtype } as SimpleRNNCellConfig) });
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
