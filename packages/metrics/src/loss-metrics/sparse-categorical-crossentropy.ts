import { type SparseCategoricalCrossentropyOptions, sparseCategoricalCrossentropy } from '@keras-ts/losses';
import type { MetricOptions } from '../base/metric.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** Options of the {@link SparseCategoricalCrossentropy} metric. */
export interface SparseCategoricalCrossentropyMetricOptions extends MetricOptions, SparseCategoricalCrossentropyOptions {}

/** Sparse categorical crossentropy averaged over every sample seen; default name `'sparse_categorical_crossentropy'`. */
export class SparseCategoricalCrossentropy extends MeanMetricWrapper {
  static override className = 'SparseCategoricalCrossentropy';
  private readonly options: SparseCategoricalCrossentropyOptions;

  /** @param options name and crossentropy options (fromLogits, ignoreClass). */
  constructor(options: SparseCategoricalCrossentropyMetricOptions = {}) {
    const { name, ...lossOptions } = options;
    super((yTrue, yPred) => sparseCategoricalCrossentropy(yTrue, yPred, lossOptions), {
      name: name ?? 'sparse_categorical_crossentropy',
    });
    this.options = lossOptions;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...this.options };
  }
}
