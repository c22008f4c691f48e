import '../src/index.js';
import { runConformanceSuite } from '@keras-ts/backend-conformance';
import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { nativeStatus } from '../src/index.js';

// The shared suite compares every case (forward and gradient) with the cpu backend. The
// 'native' backend skips no case: kernels it lacks run as counted cpu fallbacks, and the
// fused/* cases check its five fused kernels against backend-kit's declared references.
if (nativeStatus.available) {
  runConformanceSuite('native', {
    skip: {},
    setup: async () => {
      await tf.ready();
    },
  });
} else {
  describe.skip(`conformance: 'native' (skipped: ${nativeStatus.reason})`, () => {
    it('needs the native addon', () => {});
  });
}
