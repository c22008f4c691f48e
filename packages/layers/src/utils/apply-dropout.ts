import * as tf from '@tensorflow/tfjs-core';
import { dropoutMaskFloat32 } from '@keras-ts/backend-kit/fused';
import { stepTensor } from '@keras-ts/common';
import type { LayerSeed } from './layer-seed.js';

/**
 * tf.dropout's arithmetic for a layer: `x` times the multiplier ⌊u + keep⌋ / keep of uniform noise
 * `u` of `noiseShape` (broadcast over `x`), with the next seed of `seeds`. The mask is one step
 * value: a compiled step draws a new one from the same seed stream at every replay.
 */
export function applyDropout(x: tf.Tensor, noiseShape: number[], rate: number, seeds: LayerSeed): tf.Tensor {
  return tf.tidy(() =>
    tf.mul(
      x,
      stepTensor(() => dropoutMaskFloat32(noiseShape, rate, seeds.next())),
    ),
  );
}
