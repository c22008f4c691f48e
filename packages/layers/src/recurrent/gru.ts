import type * as tf from '@tensorflow/tfjs-core';
import { registerLayerClass } from '@keras-ts/core';
import { RNN, type RNNOptions, cellOptions, flattenCellConfig } from './rnn.js';
import { GRUCell, type GRUCellConfig } from './gru-cell.js';

/** Options for {@link GRU}: the cell's options plus the recurrent layer's. Defaults follow Keras 3. */
export interface GRUConfig<ReturnState extends boolean = boolean> extends GRUCellConfig, RNNOptions<ReturnState> {}

/**
 * Gated recurrent unit layer (Cho et al., 2014; see GRUCell). Keras 3's default `resetAfter: true` gives 3·units·(features + units + 2) parameters.
 *
 * Shapes: input `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * returnSequences; with returnState, `[output, ...states]` with the hidden state
 * (`const [output, hiddenState] = gru.apply(x)`, typed from `returnState: true`).
 */
export class GRU<const ReturnState extends boolean = false> extends RNN<ReturnState, [hiddenState: tf.Tensor]> {
  static override className = 'GRU';
  declare readonly cell: GRUCell;

  constructor(config: GRUConfig<ReturnState>) {
    // Keras 3 names the cell 'gru_cell' inside the layer's scope (weights `gru/gru_cell/kernel`), so
    // it takes no default name: a user's own GRUCell is still named as in Keras.
    super({ ...config, cell: new GRUCell({ ...cellOptions(config), name: 'gru_cell', dtype: config?.dtype } as GRUCellConfig) });
  }

  /** Dimensionality of the output. */
  get units(): number {
    return this.cell.units;
  }

  override getConfig(): Record<string, unknown> {
    return flattenCellConfig(super.getConfig(), this.cell);
  }
}
registerLayerClass(GRU);
