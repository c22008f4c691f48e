import '../src/index.js';
import { paddedFilterTapSkips, runConformanceSuite, runNonfiniteSuite, runRobustnessSuite } from '@keras-ts/backend-conformance';
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
  // Skipped: a non-finite filter weight on a tap in 'same' padding (see paddedFilterTapSkips).
  runNonfiniteSuite('native', {
    skip: paddedFilterTapSkips('the native im2col + GEMM', false),
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
