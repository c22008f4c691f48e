import '@tensorflow/tfjs-backend-cpu';
import { describeElementwiseMetric } from '../testing/elementwise-metric.test-utils.js';
import { MeanSquaredError } from './mean-squared-error.js';

describeElementwiseMetric(
  'MeanSquaredError metric',
  () => new MeanSquaredError(),
  'mean_squared_error',
  (t, p) => (t - p) ** 2,
);
