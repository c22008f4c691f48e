import { type BinaryCrossentropyOptions, binaryCrossentropy } from '@keras-ts/losses';
import type { MetricOptions } from '../base/metric.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** Options of the {@link BinaryCrossentropy} metric. */
export interface BinaryCrossentropyMetricOptions extends MetricOptions, BinaryCrossentropyOptions {}

/** Binary crossentropy averaged over every sample seen; default name `'binary_crossentropy'`. */
export class BinaryCrossentropy extends MeanMetricWrapper {
  static override className = 'BinaryCrossentropy';
  private readonly options: BinaryCrossentropyOptions;

  /** @param options name and crossentropy options (fromLogits, labelSmoothing, axis). */
  constructor(options: BinaryCrossentropyMetricOptions = {}) {
    const { name, ...lossOptions } = options;
    super((yTrue, yPred) => binaryCrossentropy(yTrue, yPred, lossOptions), { name: name ?? 'binary_crossentropy' });
    this.options = lossOptions;
  }

  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), ...this.options };
  }
}
