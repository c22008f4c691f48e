import * as tf from '@tensorflow/tfjs-core';
import { jsBinaryKernelConfig } from './broadcast-binary.js';

/**
 * Maximum for 'wasm' as the cpu kernel computes it, `Math.max(a, b)`: NaN in either operand gives
 * NaN. The stock kernel (XNNPACK's maximum, a compare-and-select) returned the other operand when
 * the NaN was in `b`, so `tf.maximum(x, NaN)` was finite on 'wasm' only.
 */
export const maximumConfig: tf.KernelConfig = jsBinaryKernelConfig(tf.Maximum, Math.max);
