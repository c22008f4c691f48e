import * as tf from '@tensorflow/tfjs-core';
import { nativeAddon } from '../addon/load.js';
import { poolGeometry } from '../backend/conv-geometry.js';
import { allocate, BACKEND_NAME, cpuFallback } from '../backend/host.js';
import type { NativeBackend } from '../backend/native-backend.js';
import { type PoolAttributes, poolInfo } from '../backend/pool-info.js';

/** MaxPool (NHWC): the maximum over each window. */
export const maxPoolConfig: tf.KernelConfig = {
  kernelName: tf.MaxPool,
  backendName: BACKEND_NAME,
  kernelFunc: (args) => {
    const backend = args.backend as NativeBackend;
    const x = args.inputs.x as tf.TensorInfo;
    if (x.dtype !== 'float32') return cpuFallback(tf.MaxPool, args);
    const info = poolInfo(x.shape, args.attrs as unknown as PoolAttributes);
    const out = allocate('float32', tf.util.sizeFromShape(info.outShape), false) as Float32Array;
    if (out.length > 0) nativeAddon().maxPool(backend.values(x) as Float32Array, out, poolGeometry(info));
    return backend.output(info.outShape, 'float32', out);
  },
};
