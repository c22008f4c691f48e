/** Allocator counters reported by the addon (all in bytes or counts). */
export interface AllocatorStats {
  /** Rounded sizes of the blocks held by live tensors. */
  bytesInUse: number;
  /** Rounded sizes of freed blocks kept for reuse. */
  bytesCached: number;
  /** Exact sizes requested by live blocks. */
  bytesRequested: number;
  /** Highest `bytesInUse + bytesCached` seen. */
  peakBytesReserved: number;
  /** Calls to allocate. */
  allocations: number;
  /** Allocations served from the cache. */
  cacheHits: number;
  /** Successful calls to the device allocator. */
  deviceAllocations: number;
  /** Blocks returned to the device. */
  deviceFrees: number;
  /** Allocations that succeeded only after the cache was emptied. */
  retriesAfterFlush: number;
  /** Blocks held by live tensors. */
  liveBlocks: number;
  /** Blocks in the cache. */
  cachedBlocks: number;
}

/** What `probe()` learns from the CUDA runtime. */
export interface ProbeResult {
  driverVersion: number;
  runtimeVersion: number;
  deviceCount: number;
  error?: string;
  /** Set when the runtime found no usable driver and libcuda.so.1 itself did not open: the loader's message. */
  driverLibraryError?: string;
  device?: { name: string; computeCapability: string; totalMemory: number; multiprocessors: number };
}

/** Convolution geometry passed to cuDNN (NHWC when `channelsLast` is 1). */
export interface ConvolutionParameters {
  batch: number;
  inChannels: number;
  inHeight: number;
  inWidth: number;
  outChannels: number;
  outHeight: number;
  outWidth: number;
  filterHeight: number;
  filterWidth: number;
  padTop: number;
  padLeft: number;
  strideHeight: number;
  strideWidth: number;
  dilationHeight: number;
  dilationWidth: number;
  groups: number;
  channelsLast: number;
  /** Pooling only: 0 max; 1 average over the window's real elements; 2 average over the whole window, padding included. */
  average?: number;
}

/** The host-side test double of the caching allocator (a fake device of fixed capacity). */
export interface PoolForTesting {
  allocate(bytes: number): number;
  free(pointer: number): void;
  emptyCache(): void;
  stats(): AllocatorStats;
  deviceBytes(): number;
}

/** Memory functions of the addon: the part a host test double can provide. */
export interface MemoryAddon {
  allocate(bytes: number): number;
  free(pointer: number): void;
  memoryStats(): AllocatorStats;
  emptyCache(): void;
  upload(pointer: number, values: ArrayBufferView): void;
  download(pointer: number, values: ArrayBufferView): void;
  copyDevice(source: number, destination: number, bytes: number): void;
  synchronize(): void;
}

/** The N-API addon built from native/ (see native/bindings). Pointers are device addresses as numbers. */
export interface CudaAddon extends MemoryAddon {
  probe(): ProbeResult;
  /**
   * Opens cuBLAS and cuDNN (an empty string per library on success, else why not).
   * `tensorFloat32` tells whether KERAS_TS_CUDA_TF32=1 let float32 products and convolutions use TF32.
   */
  loadLibraries(
    cublasPath: string,
    cudnnPath: string,
  ): { cublas: string; cudnn: string; cublasVersion?: number; cudnnVersion?: number; tensorFloat32?: boolean };
  unary(op: number, dtype: number, x: number, y: number, n: number, alpha: number, beta: number): void;
  binary(op: number, dtype: number, a: number, b: number, out: number, n: number, shape: number[], aStrides: number[], bStrides: number[]): void;
  cast(from: number, to: number, toBool: boolean, x: number, y: number, n: number): void;
  fill(dtype: number, y: number, n: number, value: number): void;
  select(condition: number, onTrue: number, onFalse: number, out: number, n: number, conditionSize: number): void;
  biasActivation(
    y: number,
    n: number,
    columns: number,
    bias: number | null,
    biasSize: number,
    activation: number,
    alpha: number | null,
    alphaSize: number,
    leakyAlpha: number,
  ): void;
  copyStrided(x: number, y: number, shape: number[], inStrides: number[], outStrides: number[], inOffset: number, outOffset: number, modulo?: number[]): void;
  reduce(op: number, dtype: number, x: number, y: number, rows: number, columns: number): void;
  argReduce(isMax: boolean, dtype: number, x: number, y: number, rows: number, columns: number): void;
  softmax(x: number, y: number, rows: number, columns: number): void;
  gather(x: number, indices: number, y: number, batch: number, outer: number, axisSize: number, indexCount: number, inner: number): void;
  unsortedSegmentSum(dtype: number, x: number, segments: number, y: number, rows: number, inner: number, segmentCount: number): void;
  oneHot(dtype: number, indices: number, y: number, n: number, depth: number, onValue: number, offValue: number): void;
  gemm(
    a: number,
    b: number,
    c: number,
    batch: number,
    m: number,
    n: number,
    k: number,
    transposeA: boolean,
    transposeB: boolean,
    strideA: number,
    strideB: number,
  ): void;
  convolution(mode: number, first: number, second: number, result: number, parameters: ConvolutionParameters): void;
  pool(x: number, y: number, parameters: ConvolutionParameters): void;
  poolBackward(y: number, dy: number, x: number, dx: number, parameters: ConvolutionParameters): void;
  PoolForTesting: new (capacity: number) => PoolForTesting;
}
