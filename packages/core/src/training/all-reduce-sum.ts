import * as tf from '@tensorflow/tfjs-core';
import { DistributedError, ValueError } from '@keras-ts/common';
import { getDistribution } from './distribution.js';

/** Kernel name of {@link allReduceSum}: one float32 input `x`, no attributes. */
export const KERAS_ALL_REDUCE_SUM = 'KerasAllReduceSum';

/**
 * The kernel: reads `x` from its backend, sums it over the ranks with the active distribution's
 * host all-reduce and writes the sum as new data of the same backend. It runs no tfjs op and no
 * engine read, so a compiled step records it as one kernel and its plan calls it again at every
 * replay (a collective every rank reaches at the same point of every step).
 */
const allReduceSumKernel: tf.KernelFunc = ({ inputs, backend: anyBackend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const backend = anyBackend as tf.KernelBackend;
  const distribution = getDistribution();
  if (distribution?.allReduceSumValues === undefined) {
    throw new DistributedError(
      `${KERAS_ALL_REDUCE_SUM} needs an active distribution over more than one process that implements allReduceSumValues, found ${
        distribution === undefined ? 'none' : 'one without it'
      }. Call setDistribution (from @keras-ts/distributed) before training, and do not replay steps traced under a distribution after turning it off.`,
    );
  }
  if (x.dtype !== 'float32' || x.shape.length !== 1) {
    throw new ValueError(`${KERAS_ALL_REDUCE_SUM} sums a float32 vector, got a ${x.dtype} tensor of shape [${x.shape}]. Cast and flatten it first.`);
  }
  const values = backend.readSync(x.dataId) as Float32Array;
  const sum = distribution.allReduceSumValues(values);
  if (sum.length !== values.length) {
    throw new DistributedError(
      `${KERAS_ALL_REDUCE_SUM}: the distribution's allReduceSumValues returned ${sum.length} values for a vector of ${values.length}; it must return one sum per element.`,
    );
  }
  return { dataId: backend.write(sum, [...x.shape], 'float32'), shape: [...x.shape], dtype: 'float32' };
};

/**
 * The element-wise sum of a float32 vector over every rank of the active distribution, as a new
 * tensor (the data-parallel gradient all-reduce). It runs as the tfjs kernel
 * {@link KERAS_ALL_REDUCE_SUM}, so compiled steps (`compile({ jitCompile })`) record and replay it
 * like any other kernel. The first call on a backend registers the host implementation there
 * (any backend's `readSync` and `write`), unless the backend registered a kernel of its own.
 *
 * Every rank must call it at the same point with a vector of the same length; the active
 * distribution must implement `allReduceSumValues`.
 */
export function allReduceSum(x: tf.Tensor1D): tf.Tensor1D {
  const backendName = tf.getBackend();
  if (tf.getKernel(KERAS_ALL_REDUCE_SUM, backendName) === undefined) {
    tf.registerKernel({ kernelName: KERAS_ALL_REDUCE_SUM, backendName, kernelFunc: allReduceSumKernel });
  }
  return tf.engine().runKernel(KERAS_ALL_REDUCE_SUM, { x }) as tf.Tensor1D;
}
