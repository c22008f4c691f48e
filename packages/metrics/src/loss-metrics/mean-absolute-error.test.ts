import '@tensorflow/tfjs-backend-cpu';
import { describeElementwiseMetric } from '../testing/elementwise-metric.test-utils.js';
import { MeanAbsoluteError } from './mean-absolute-error.js';

describeElementwiseMetric(
  'MeanAbsoluteError metric',
  () => new MeanAbsoluteError(),
  'mean_absolute_error',
  (t, p) => Math.abs(t - p),
);
