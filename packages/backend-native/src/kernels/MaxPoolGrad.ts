import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { poolGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { type PoolAttributes, poolInfo } from '../backend/pool-info.js';

/** MaxPoolGrad: each window's dy goes to the first input position holding the window maximum. */
export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
    if (dy.dtype !== 'float32' || input.dtype !== 'float32') return cpuFallback(tf.MaxPoolGrad, args);
    const info = poolInfo(input.shape, args.attrs as unknown as PoolAttributes);
    const dx = allocate('float32', tf.util.sizeFromShape(input.shape), false) as Float32Array;
    if (dx.length > 0) nativeAddon().maxPoolGrad(backend.values(dy) as Float32Array, backend.values(input) as Float32Array, dx, poolGeometry(info));
    return backend.output(input.shape, 'float32', dx);
  },
};
