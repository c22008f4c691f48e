import '@tensorflow/tfjs-backend-cpu';
import { describeElementwiseLoss } from '../testing/elementwise-loss.test-utils.js';
import { MeanSquaredError, meanSquaredError } from './mean-squared-error.js';

describeElementwiseLoss({
  fn: meanSquaredError,
  LossClass: MeanSquaredError,
  kerasName: 'mean_squared_error',
  className: 'MeanSquaredError',
  term: (tv, pv) => (tv - pv) ** 2,
});
