import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
import { silenceTfjsNodeNotice } from '@keras-ts/backend-kit';
import type { KernelProgramRecorder } from '@keras-ts/common';
import type * as tf from '@tensorflow/tfjs-core';
import type { HostArray } from '../addon/native-addon.js';
import { bufferPool } from './buffer-pool.js';
import { NativeProgramRecorder } from './step-program.js';

/**
 * The 'native' tfjs backend. It stores tensors exactly as tfjs-backend-cpu does (host
 * TypedArrays in the same data storage), so the C++ kernels read and fill those arrays in
 * place, and any kernel it lacks runs the cpu kernel on the same memory without a copy.
 */
export class NativeBackend extends MathBackendCPU {
  constructor() {
    super();
    // MathBackendCPU prints "install tfjs-node to speed things up" on first write; that
    // advice is wrong for this backend.
    silenceTfjsNodeNotice(this);
  }

  /**
   * Stores `values` as a tensor's data. Arrays issued by the buffer pool become recyclable;
   * an array already stored in another tensor (or a view of one) is no longer recycled.
   */
  override write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): tf.DataId {
    bufferPool.adopt(values);
    return super.write(values, shape, dtype);
  }

  /** Data moved in from another backend is never recycled. */
  override move(dataId: tf.DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    bufferPool.disown(values);
    super.move(dataId, values, shape, dtype, refCount);
  }

  /**
   * Reads a tensor's values. tfjs-backend-cpu returns the stored array itself (so
   * `dataSync()` results stay valid after dispose); such an array is never recycled.
   */
  override readSync(dataId: tf.DataId): tf.backend_util.BackendValues {
    const values = super.readSync(dataId);
    if (this.data.has(dataId)) bufferPool.disown(this.data.get(dataId).values);
    return values;
  }

  /** Frees a tensor's data when its reference count reaches zero, recycling its array. */
  override disposeData(dataId: tf.DataId, force = false): boolean {
    const stored = this.data.has(dataId) ? this.data.get(dataId).values : undefined;
    const released = super.disposeData(dataId, force);
    if (stored !== undefined && !this.data.has(dataId)) bufferPool.release(stored);
    return released;
  }

  /** The host array behind a tensor (shared, not copied). */
  values(info: tf.TensorInfo): HostArray {
    return this.data.get(info.dataId).values as HostArray;
  }

  /**
   * Whether a kernel may overwrite `info`'s data and return it as its output: the data has
   * one reference (the tensor being replaced, typically a variable about to be assigned the
   * result), its array backs no other tensor and was never handed to user code.
   */
  overwritable(info: tf.TensorInfo): boolean {
    return this.refCount(info.dataId) === 1 && bufferPool.isPrivate(this.data.get(info.dataId).values);
  }

  /** Wraps a freshly filled host array as the kernel output. */
  output(shape: number[], dtype: tf.DataType, values: HostArray): tf.TensorInfo {
    return this.makeTensorInfo(shape, dtype, values);
  }

  /**
   * A recorder that turns one replay of a compiled step's plan into a program of addon calls
   * (see `KernelProgram` in @keras-ts/common and step-program.ts).
   */
  createKernelProgramRecorder(): KernelProgramRecorder {
    return new NativeProgramRecorder(this);
  }

  /** A new tensor sharing `info`'s data under another shape (as Reshape does). */
  alias(info: tf.TensorInfo, shape: number[]): tf.TensorInfo {
    this.incRef(info.dataId);
    return { dataId: info.dataId, shape, dtype: info.dtype };
  }
}
