import '../src/index.js';
import { runConformanceSuite, runNonfiniteSuite, runRobustnessSuite } from '@keras-ts/backend-conformance';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { nativeStatus } from '../src/index.js';

// The shared suite compares every case (forward and gradient) with the cpu backend. The
// 'native' backend skips no case: kernels it lacks run as counted cpu fallbacks, and the
// fused/* cases check its nine fused kernels against backend-kit's declared references.
if (nativeStatus.available) {
  runConformanceSuite('native', {
    skip: {},
    setup: async () => {
      await tf.ready();
    },
  });
  // The same cases with NaN, +Infinity and -Infinity planted in each float input in turn: every
  // output and gradient must be NaN, ±Infinity or finite exactly where the cpu backend's is.
  // Skipped: a non-finite *filter* weight on a tap that falls in 'same' padding. The cpu kernels
  // skip padded taps; the native im2col + GEMM multiplies the zero padding by the weight, as
  // TensorFlow does, so 0 × ±Infinity or 0 × NaN gives NaN at the border where cpu gives ±Infinity
  // or a finite value. Non-finite inputs (input 0) agree, and such a layer's outputs are
  // non-finite on every backend.
  const paddedTap =
    "a non-finite filter weight meets 'same' padding: im2col multiplies the zero padding by it (NaN, as TensorFlow), the cpu kernel skips padded taps";
  runNonfiniteSuite('native', {
    skip: {
      'conv2d/3x3-same-stride1 [nan in input 1]': paddedTap,
      'conv2d/3x3-same-stride1 [-nan in input 1]': paddedTap,
      'conv2d/3x3-same-stride1 [+inf in input 1]': paddedTap,
      'conv2d/3x3-same-stride1 [-inf in input 1]': paddedTap,
      'conv2d/mnist-like [+inf in input 1]': paddedTap,
      'conv2d/mnist-like [-inf in input 1]': paddedTap,
      'conv2d/dilation2-same [+inf in input 1]': paddedTap,
      'conv2d/dilation2-same [-inf in input 1]': paddedTap,
      'conv2d/fused-bias-relu [nan in input 1]': paddedTap,
      'conv2d/fused-bias-relu [-nan in input 1]': paddedTap,
      'conv2d/fused-bias-relu [+inf in input 1]': paddedTap,
      'conv2d/fused-bias-relu [-inf in input 1]': paddedTap,
      'conv1d/stride1-same [+inf in input 1]': paddedTap,
      'conv1d/stride1-same [-inf in input 1]': paddedTap,
    },
    setup: async () => {
      await tf.ready();
    },
  });
  // Seed 003's variable-length three-output model trains, refuses too-short posts with a
  // ShapeError and meets NaN as the cpu backend does; each test is bounded, so a hang fails it.
  runRobustnessSuite('native', {
    setup: async () => {
      await tf.ready();
    },
  });
} else {
  describe.skip(`conformance: 'native' (skipped: ${nativeStatus.reason})`, () => {
    it('needs the native addon', () => {});
  });
}
