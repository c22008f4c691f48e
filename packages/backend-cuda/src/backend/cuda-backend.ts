import * as tf from '@tensorflow/tfjs-core';
import { BackendError, ValueError } from '@keras-ts/common';
import type { AllocatorStats, CudaAddon, MemoryAddon } from '../native/addon-types.js';

/** What the backend keeps per tensor: a device block (4 bytes per element) or host strings. */
export interface CudaTensorData {
  /** Device address of the block; 0 for empty tensors and strings. */
  pointer: number;
  /** Number of elements. */
  size: number;
  dtype: tf.DataType;
  refCount: number;
  /** Host values of string tensors, which never go to the device. */
  strings?: Uint8Array[];
}

/** Memory report of the backend, as `tf.memory()` shows it. */
export interface CudaMemoryInfo {
  /** False: the allocator's counts are exact. */
  unreliable: boolean;
  /** Bytes held by live tensors on the device (rounded block sizes). */
  numBytesInGPU: number;
  /** Bytes reserved from the device, cache included. */
  numBytesInGPUAllocated: number;
  /** The caching allocator's counters. */
  allocator: AllocatorStats;
}

function bytesOf(size: number): number {
  return size * 4;
}

/**
 * The 'cuda' tfjs backend: tensors live in device memory from a caching allocator and are
 * copied to and from the host on write / read. Kernels reach the addon through {@link addon}.
 */
export class CudaBackend extends tf.KernelBackend {
  /** Per-tensor data, keyed by data id. */
  readonly data: tf.DataStorage<CudaTensorData>;

  /**
   * @param addon the N-API addon (tests pass a host double with only the memory functions).
   */
  constructor(readonly addon: CudaAddon | MemoryAddon) {
    super();
    this.data = new tf.DataStorage(this, tf.engine());
  }

  /** The full addon; throws for the host double used in memory tests. */
  get kernels(): CudaAddon {
    if (!('gemm' in this.addon)) throw new BackendError('cuda: this CudaBackend was built on a memory-only addon; GPU kernels are not available.');
    return this.addon as CudaAddon;
  }

  private allocateData(size: number, dtype: tf.DataType): CudaTensorData {
    const pointer = size === 0 ? 0 : this.addon.allocate(bytesOf(size));
    return { pointer, size, dtype, refCount: 1 };
  }

  private upload(data: CudaTensorData, values: tf.backend_util.BackendValues): void {
    if (data.size === 0) return;
    if (data.dtype === 'float32') this.addon.upload(data.pointer, values instanceof Float32Array ? values : Float32Array.from(values as ArrayLike<number>));
    else this.addon.upload(data.pointer, values instanceof Int32Array ? values : Int32Array.from(values as ArrayLike<number>));
  }

  override write(values: tf.backend_util.BackendValues | null, shape: number[], dtype: tf.DataType): tf.DataId {
    if (dtype === 'complex64')
      throw new BackendError("cuda: complex64 tensors are not supported by the 'cuda' backend; compute them on 'cpu' (tf.setBackend('cpu')).");
    const dataId = {};
    const size = tf.util.sizeFromShape(shape);
    if (dtype === 'string') {
      this.data.set(dataId, { pointer: 0, size, dtype, refCount: 1, strings: (values ?? []) as Uint8Array[] });
      return dataId;
    }
    const data = this.allocateData(size, dtype);
    if (values !== null) this.upload(data, values);
    this.data.set(dataId, data);
    return dataId;
  }

  makeTensorInfo(shape: number[], dtype: tf.DataType, values?: tf.backend_util.BackendValues | string[]): tf.TensorInfo {
    let dataId: tf.DataId;
    if (dtype === 'string' && values !== undefined && values.length > 0 && tf.util.isString(values[0] as unknown as object)) {
      dataId = this.write(
        (values as string[]).map((value) => tf.util.encodeString(value)),
        shape,
        dtype,
      );
    } else {
      dataId = this.write((values as tf.backend_util.BackendValues | undefined) ?? null, shape, dtype);
    }
    return { dataId, shape, dtype };
  }

  /** A kernel output: an uninitialised device block of the shape's size. */
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo {
    return this.makeTensorInfo(shape, dtype);
  }

  /** Device address of a tensor's data. */
  pointerOf(info: tf.TensorInfo): number {
    return this.dataOf(info.dataId).pointer;
  }

  /** The data of a live tensor; throws for a disposed one. */
  dataOf(dataId: tf.DataId): CudaTensorData {
    // DataStorage.get on an id it does not hold asks the engine to move the data here, so ask has() first.
    const data = this.data.has(dataId) ? this.data.get(dataId) : undefined;
    if (data === undefined) throw new ValueError('cuda: the tensor was already disposed (its data is not on this backend).');
    return data;
  }

  override move(dataId: tf.DataId, values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType, refCount: number): void {
    const id = this.write(values, shape, dtype);
    const data = this.dataOf(id);
    this.data.delete(id);
    data.refCount = refCount;
    this.data.set(dataId, data);
  }

  override readSync(dataId: tf.DataId): tf.backend_util.BackendValues {
    const data = this.dataOf(dataId);
    if (data.dtype === 'string') return data.strings ?? [];
    if (data.dtype === 'float32') {
      const values = new Float32Array(data.size);
      if (data.size > 0) this.addon.download(data.pointer, values);
      return values;
    }
    const values = new Int32Array(data.size);
    if (data.size > 0) this.addon.download(data.pointer, values);
    return data.dtype === 'bool' ? Uint8Array.from(values) : values;
  }

  override async read(dataId: tf.DataId): Promise<tf.backend_util.BackendValues> {
    return this.readSync(dataId);
  }

  override disposeData(dataId: tf.DataId, force = false): boolean {
    if (!this.data.has(dataId)) return true;
    const data = this.dataOf(dataId);
    data.refCount--;
    if (!force && data.refCount > 0) return false;
    if (data.pointer !== 0) this.addon.free(data.pointer);
    this.data.delete(dataId);
    return true;
  }

  /** Releases a kernel's intermediate result. */
  disposeIntermediate(info: tf.TensorInfo): void {
    this.disposeData(info.dataId);
  }

  override refCount(dataId: tf.DataId): number {
    return this.data.has(dataId) ? this.dataOf(dataId).refCount : 0;
  }

  override incRef(dataId: tf.DataId): void {
    this.dataOf(dataId).refCount++;
  }

  /** Drops one reference without freeing (tfjs's cpu backend has the same method). */
  decRef(dataId: tf.DataId): void {
    if (this.data.has(dataId)) this.dataOf(dataId).refCount--;
  }

  override numDataIds(): number {
    return this.data.numDataIds();
  }

  override memory(): CudaMemoryInfo {
    const allocator = this.addon.memoryStats();
    return {
      unreliable: false,
      numBytesInGPU: allocator.bytesInUse,
      numBytesInGPUAllocated: allocator.bytesInUse + allocator.bytesCached,
      allocator,
    };
  }

  override async time(f: () => void): Promise<tf.BackendTimingInfo> {
    this.addon.synchronize();
    const start = tf.util.now();
    f();
    this.addon.synchronize();
    return { kernelMs: tf.util.now() - start };
  }

  override floatPrecision(): 16 | 32 {
    return 32;
  }

  override epsilon(): number {
    return 1e-7;
  }

  override dispose(): void {
    this.addon.synchronize();
  }
}
