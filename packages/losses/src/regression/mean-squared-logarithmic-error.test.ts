import '@tensorflow/tfjs-backend-cpu';
import { describeElementwiseLoss } from '../testing/elementwise-loss.test-utils.js';
import { MeanSquaredLogarithmicError, meanSquaredLogarithmicError } from './mean-squared-logarithmic-error.js';

describeElementwiseLoss({
  fn: meanSquaredLogarithmicError,
  LossClass: MeanSquaredLogarithmicError,
  kerasName: 'mean_squared_logarithmic_error',
  className: 'MeanSquaredLogarithmicError',
  term: (tv, pv) => (Math.log(Math.max(pv, 1e-7) + 1) - Math.log(Math.max(tv, 1e-7) + 1)) ** 2,
});
