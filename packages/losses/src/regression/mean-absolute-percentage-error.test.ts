import '@tensorflow/tfjs-backend-cpu';
import { describeElementwiseLoss } from '../testing/elementwise-loss.test-utils.js';
import { MeanAbsolutePercentageError, meanAbsolutePercentageError } from './mean-absolute-percentage-error.js';

describeElementwiseLoss({
  fn: meanAbsolutePercentageError,
  LossClass: MeanAbsolutePercentageError,
  kerasName: 'mean_absolute_percentage_error',
  className: 'MeanAbsolutePercentageError',
  term: (tv, pv) => (100 * Math.abs(tv - pv)) / Math.max(Math.abs(tv), 1e-7),
});
