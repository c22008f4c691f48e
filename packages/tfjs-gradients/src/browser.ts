// Side effect only. Bundlers (Vite, esbuild, webpack) load tfjs-core's ES modules, whose own
// `register_all_gradients` module resolves against the same tfjs-core instance as the user's code,
// so browsers need no pre-bundled copy (the one Node uses would duplicate tfjs-core's ops).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';

/** Whether tfjs-core has a gradient registered for `kernelName` (e.g. 'MatMul'). */
export { getGradient as gradientFor } from '@tensorflow/tfjs-core';
