import type * as tf from '@tensorflow/tfjs-core';

/**
 * The collectives a data-parallel distribution gives the training loop (Keras 3's
 * `keras.distribution`, reduced to what data parallelism needs). `@keras-ts/distributed`
 * implements it over MPI (host memory) and NCCL (CUDA memory); core only calls it.
 *
 * Every method is a collective: every rank must call it, in the same order, with vectors of the
 * lengths documented. The training loop guarantees that by running the same steps on every rank.
 */
export interface Distribution {
  /** This process's index, `0 … worldSize - 1`; rank 0 prints progress and writes files. */
  readonly rank: number;
  /** Number of processes training together. */
  readonly worldSize: number;
  /** The element-wise sum over all ranks of a float32 vector of the same length on every rank, as a new tensor. */
  allReduceSum(values: tf.Tensor1D): tf.Tensor1D;
  /**
   * {@link Distribution.allReduceSum} on host memory: the element-wise sum over all ranks of
   * `values` (same length on every rank), as a new array; `values` is not modified. Optional: when
   * present, the training steps all-reduce through the `KerasAllReduceSum` kernel, which calls
   * it from inside the kernel, so compiled steps (`jitCompile`) can replay the all-reduce; without
   * it the steps call `allReduceSum`, and compiled steps stay eager if that reads on the host.
   */
  allReduceSumValues?(values: Float32Array): Float32Array;
  /** Rank 0's vector on every rank (every rank passes one of the same length), as a new tensor. */
  broadcast(values: tf.Tensor1D): tf.Tensor1D;
  /** Every rank's float32 vector, concatenated in rank order (lengths may differ), as a new tensor. */
  allGather(values: tf.Tensor1D): tf.Tensor1D;
}

let current: Distribution | undefined;

/**
 * Makes `fit`, `evaluate`, `predict`, `trainOnBatch` and `testOnBatch` of every model run
 * data-parallel over `distribution` (`undefined` turns it off). Users call
 * `setDistribution` from `@keras-ts/distributed`, which calls this.
 */
export function setDistribution(distribution: Distribution | undefined): void {
  current = distribution;
}

/**
 * The active distribution, or `undefined` when training runs in one process. A distribution over
 * a world of one process is no distribution: this returns `undefined` for it, so training runs
 * exactly as without one (compiled steps included).
 */
export function getDistribution(): Distribution | undefined {
  return current !== undefined && current.worldSize > 1 ? current : undefined;
}
