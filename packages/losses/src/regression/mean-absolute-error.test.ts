import '@tensorflow/tfjs-backend-cpu';
import { describeElementwiseLoss } from '../testing/elementwise-loss.test-utils.js';
import { MeanAbsoluteError, meanAbsoluteError } from './mean-absolute-error.js';

describeElementwiseLoss({
  fn: meanAbsoluteError,
  LossClass: MeanAbsoluteError,
  kerasName: 'mean_absolute_error',
  className: 'MeanAbsoluteError',
  term: (tv, pv) => Math.abs(tv - pv),
});
