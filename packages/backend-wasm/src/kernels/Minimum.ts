import * as tf from '@tensorflow/tfjs-core';
import { jsBinaryKernelConfig } from './broadcast-binary.js';

/**
 * Minimum for 'wasm' as the cpu kernel computes it, `Math.min(a, b)`: NaN in either operand gives
 * NaN. The stock kernel (XNNPACK's minimum, a compare-and-select) returned the other operand when
 * the NaN was in `b`, so `tf.minimum(x, NaN)` was finite on 'wasm' only.
 */
export const minimumConfig: tf.KernelConfig = jsBinaryKernelConfig(tf.Minimum, Math.min);
