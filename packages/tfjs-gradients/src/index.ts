// Side effect only: registers tfjs-core's gradients (see scripts/bundle.mjs for why).
import '../generated/register.js';

/** Whether tfjs-core has a gradient registered for `kernelName` (e.g. 'MatMul'). */
export { getGradient as gradientFor } from '@tensorflow/tfjs-core';
