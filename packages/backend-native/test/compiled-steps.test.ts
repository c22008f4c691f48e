import '../src/index.js';
import { runCompiledStepsSuite } from '@keras-ts/backend-conformance';
import * as tf from '@tensorflow/tfjs-core';
import { describe } from 'vitest';
import { nativeStatus } from '../src/index.js';

// Compiled training steps replay native's kernels directly: they must match eager steps on native.
if (nativeStatus.available) {
  runCompiledStepsSuite('native', {
    setup: async () => {
      await tf.ready();
    },
    expectPrograms: true,
  });
} else {
  describe.skip(`compiled steps on 'native' (skipped: ${nativeStatus.reason})`, () => {});
}
