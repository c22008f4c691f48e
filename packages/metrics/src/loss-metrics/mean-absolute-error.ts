import { meanAbsoluteError } from '@keras-ts/losses';
import type { MetricOptions } from '../base/metric.js';
import { MeanMetricWrapper } from '../reduction/mean-metric-wrapper.js';

/** Mean absolute error (`@keras-ts/losses` `meanAbsoluteError`) averaged over every sample seen; default name `'mean_absolute_error'`. */
export class MeanAbsoluteError extends MeanMetricWrapper {
  static override className = 'MeanAbsoluteError';

  /** @param options metric name. */
  constructor(options: MetricOptions = {}) {
    super(meanAbsoluteError, { name: options.name ?? 'mean_absolute_error' });
  }
}
