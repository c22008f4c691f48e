import '@tensorflow/tfjs-backend-cpu';
import { describeElementwiseLoss } from '../testing/elementwise-loss.test-utils.js';
import { LogCosh, logCosh } from './log-cosh.js';

describeElementwiseLoss({
  fn: logCosh,
  LossClass: LogCosh,
  kerasName: 'log_cosh',
  className: 'LogCosh',
  term: (tv, pv) => Math.log(Math.cosh(pv - tv)),
});
