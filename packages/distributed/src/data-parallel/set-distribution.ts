import { type Distribution, setDistribution as setCoreDistribution } from '@keras-ts/core/internal';

let current: Distribution | undefined;

/**
 * Makes every model's `fit`, `evaluate`, `predict`, `trainOnBatch` and `testOnBatch` run under
 * `distribution` (a {@link DataParallel}); `undefined` turns distribution off. In a world of one
 * process nothing changes: training runs exactly as without a distribution.
 */
export function setDistribution(distribution: Distribution | undefined): void {
  current = distribution;
  setCoreDistribution(distribution);
}

/** The distribution set by {@link setDistribution}, or `undefined`. */
export function getDistribution(): Distribution | undefined {
  return current;
}
