import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import type { HostArray } from '../addon/native-addon.js';

/**
 * The 'native' tfjs backend. It stores tensors exactly as tfjs-backend-cpu does (host
 * TypedArrays in the same data storage), so the C++ kernels read and fill those arrays in
 * place, and any kernel it lacks runs the cpu kernel on the same memory without a copy.
 */
export class NativeBackend extends MathBackendCPU {
  constructor() {
    super();
    // MathBackendCPU prints "install tfjs-node to speed things up" on first write; that
    // advice is wrong for this backend, so the notice is marked as already shown.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /** The host array behind a tensor (shared, not copied). */
  values(info: tf.TensorInfo): HostArray {
    return this.data.get(info.dataId).values as HostArray;
  }

  /** Wraps a freshly filled host array as the kernel output. */
  output(shape: number[], dtype: tf.DataType, values: HostArray): tf.TensorInfo {
    return this.makeTensorInfo(shape, dtype, values);
  }

  /** A new tensor sharing `info`'s data under another shape (as Reshape does). */
  alias(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    this.incRef(info.dataId);
    return { dataId: info.dataId, shape, dtype: info.dtype };
  }
}
