import { registerLayerClass } from '@keras-ts/core';
import { RNN, type RNNOptions, cellOptions, flattenCellConfig } from './rnn.js';
import { GRUCell, type GRUCellConfig } from './gru-cell.js';

/** Options for {@link GRU}: the cell's options plus the recurrent layer's. Defaults follow Keras 3. */
export interface GRUConfig extends GRUCellConfig, RNNOptions {}

/**
 * Gated recurrent unit layer (Cho et al., 2014; see GRUCell). Keras 3's default `resetAfter: true` gives 3·units·(features + units + 2) parameters.
 *
 * Shapes: input `[batch, time, features]` → `[batch, units]`, or `[batch, time, units]` with
 * returnSequences; with returnState, `[output, ...states]`.
 */
export class GRU extends RNN {
  static override className = 'GRU';
  declare readonly cell: GRUCell;

  constructor(config: GRUConfig) {
    super({ ...config, cell: new GRUCell({ ...cellOptions(config), dtype: config?.dtype } as GRUCellConfig) });
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
