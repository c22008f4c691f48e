import { meanSquaredError } from '@keras-ts/losses';
import type { MetricOptions } from '../base/metric.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** Mean squared error (`@keras-ts/losses` `meanSquaredError`) averaged over every sample seen; default name `'mean_squared_error'`. */
export class MeanSquaredError extends MeanMetricWrapper {
  static override className = 'MeanSquaredError';

  /** @param options metric name. */
  constructor(options: MetricOptions = {}) {
    super(meanSquaredError, { name: options.name ?? 'mean_squared_error' });
  }
}
