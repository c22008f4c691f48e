import { type CategoricalCrossentropyOptions, categoricalCrossentropy } from '@keras-ts/losses';
import type { MetricOptions } from '../base/metric.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** Options of the {@link CategoricalCrossentropy} metric. */
export interface CategoricalCrossentropyMetricOptions extends MetricOptions, CategoricalCrossentropyOptions {}

/** Categorical crossentropy averaged over every sample seen; default name `'categorical_crossentropy'`. */
export class CategoricalCrossentropy extends MeanMetricWrapper {
  static override className = 'CategoricalCrossentropy';
  private readonly options: CategoricalCrossentropyOptions;

  /** @param options name and crossentropy options (fromLogits, labelSmoothing, axis). */
  constructor(options: CategoricalCrossentropyMetricOptions = {}) {
    const { name, ...lossOptions } = options;
    super((yTrue, yPred) => categoricalCrossentropy(yTrue, yPred, lossOptions), {
      name: name ?? 'categorical_crossentropy',
    });
    this.options = lossOptions;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...this.options };
  }
}
