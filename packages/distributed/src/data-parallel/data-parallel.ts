import { DistributedError, refuseCompiledStep, ValueError } from '@keras-ts/common';
import type { Distribution } from '@keras-ts/core/internal';
import * as tf from '@tensorflow/tfjs-core';
import { currentWorld, runCollective, type World } from '../world/world.js';

/** Options for {@link DataParallel}. */
export interface DataParallelOptions {
  /**
   * Size in bytes of one all-reduce bucket: the gradients of a step are flattened into one
   * vector and summed with one MPI_Allreduce per bucket. Default: 4 MiB.
   */
  bucketBytes?: number;
}

/** Time and volume of the all-reduces so far (see {@link DataParallel.statistics}). */
export interface CollectiveStatistics {
  /** All-reduce calls (one per train step, one per test step, plus epoch-end syncs). */
  allReduces: number;
  /** Bytes all-reduced by this rank. */
  bytes: number;
  /** Seconds spent in all-reduce, host copies included. */
  seconds: number;
}

/** The 'cuda' backend's device pointer of a tensor, when the active backend is one that has them. */
interface DevicePointers {
  pointerOf(info: tf.TensorInfo): number;
}

/**
 * Data parallelism, as Keras 3's `keras.distribution.DataParallel`: every rank holds the whole
 * model, takes its slice of each global batch (`fit`'s `batchSize` is the global batch), and the
 * gradients are averaged across ranks before each update, so the ranks keep identical weights.
 * Activate it with `setDistribution(new DataParallel())` after `await initialize()`.
 *
 * - A `batchSize` that does not divide by the world size is refused, as Keras does; the last,
 *   partial batch of an epoch is split as evenly as possible and each rank's gradient is weighted
 *   by its share of the rows, so the step equals one process training on the whole batch.
 * - Loss trackers and metrics are summed across ranks every step: logs are global and identical
 *   everywhere. `predict` gathers every rank's rows in order.
 * - BatchNormalization uses each rank's own batch statistics; moving statistics are averaged at
 *   the end of each epoch.
 */
export class DataParallel implements Distribution {
  readonly rank: number;
  readonly worldSize: number;
  /** Floats per all-reduce bucket. */
  readonly bucketElements: number;
  private readonly world: World;
  private readonly stats: CollectiveStatistics = { allReduces: 0, bytes: 0, seconds: 0 };
  /**
   * The host all-reduce (one MPI_Allreduce per bucket) that core's `KerasAllReduceSum` kernel
   * calls, which lets compiled steps (`jitCompile`) replay the gradient all-reduce. Absent when
   * NCCL runs: the steps then call {@link DataParallel.allReduceSum}, which keeps 'cuda' tensors
   * on the device and keeps those steps eager.
   */
  readonly allReduceSumValues?: (values: Float32Array) => Float32Array;

  constructor(options: DataParallelOptions = {}) {
    const world = currentWorld();
    if (world === undefined) {
      throw new DistributedError('DataParallel needs the world first: call `await initialize()` (from @keras-ts/distributed) before `new DataParallel()`.');
    }
    if (world.finalized) throw new DistributedError('DataParallel: finalize() was already called; no collective works after it.');
    const { bucketBytes = 4 * 1024 * 1024 } = options;
    if (!Number.isInteger(bucketBytes) || bucketBytes < 4)
      throw new ValueError(`DataParallel: \`bucketBytes\` must be an integer of at least 4, got ${bucketBytes}.`);
    this.world = world;
    this.rank = world.rank;
    this.worldSize = world.size;
    this.bucketElements = Math.floor(bucketBytes / 4);
    if (world.collectives !== 'mpi+nccl') this.allReduceSumValues = (values) => this.hostAllReduceSum(values);
  }

  /** All-reduce volume and time on this rank since construction (the bench's all-reduce cost per byte). */
  get statistics(): CollectiveStatistics {
    return { ...this.stats };
  }

  private get addon() {
    const addon = this.world.addon;
    if (addon === undefined || this.world.finalized) {
      throw new DistributedError(`DataParallel: no collectives are running (world of ${this.worldSize}${this.world.finalized ? ', finalized' : ''}).`);
    }
    return addon;
  }

  /** The device pointer when this tensor lives in CUDA memory and NCCL is running. */
  private devicePointer(values: tf.Tensor): number | undefined {
    if (this.world.collectives !== 'mpi+nccl' || tf.getBackend() !== 'cuda') return undefined;
    return (tf.backend() as unknown as DevicePointers).pointerOf(values);
  }

  allReduceSum(values: tf.Tensor1D): tf.Tensor1D {
    const started = performance.now();
    const addon = this.addon;
    let result: tf.Tensor1D;
    if (this.devicePointer(values) !== undefined) {
      // NCCL sums in place, outside the kernels a compiled step records: its replay would skip it.
      refuseCompiledStep('it all-reduces CUDA tensors with NCCL, which compiled steps cannot replay');
      // A new device buffer: NCCL works in place, and `values` may share its data with other tensors.
      const owned = tf.add(values, tf.scalar(0)) as tf.Tensor1D;
      const pointer = this.devicePointer(owned)!;
      runCollective('ncclAllReduce', () => addon.ncclCollective(pointer, owned.size, -1, this.world.timeoutMs));
      result = owned;
    } else {
      // MPI reads the backend's host array and writes a new one, which becomes the result: no copies.
      const sum = new Float32Array(values.size);
      runCollective('MPI_Allreduce', () => addon.allReduceSum(values.dataSync() as Float32Array, sum, this.bucketElements, this.world.timeoutMs));
      result = tf.tensor1d(sum, 'float32');
    }
    this.stats.allReduces++;
    this.stats.bytes += values.size * 4;
    this.stats.seconds += (performance.now() - started) / 1000;
    return result;
  }

  /** The sum over ranks of a host vector, with the statistics of {@link DataParallel.allReduceSum}. */
  private hostAllReduceSum(values: Float32Array): Float32Array {
    const started = performance.now();
    const addon = this.addon;
    const sum = new Float32Array(values.length);
    runCollective('MPI_Allreduce', () => addon.allReduceSum(values, sum, this.bucketElements, this.world.timeoutMs));
    this.stats.allReduces++;
    this.stats.bytes += values.length * 4;
    this.stats.seconds += (performance.now() - started) / 1000;
    return sum;
  }

  broadcast(values: tf.Tensor1D): tf.Tensor1D {
    const addon = this.addon;
    if (this.devicePointer(values) !== undefined) {
      refuseCompiledStep('it broadcasts CUDA tensors with NCCL, which compiled steps cannot replay');
      const owned = tf.add(values, tf.scalar(0)) as tf.Tensor1D;
      const pointer = this.devicePointer(owned)!;
      runCollective('ncclBroadcast', () => addon.ncclCollective(pointer, owned.size, 0, this.world.timeoutMs));
      return owned;
    }
    const copy = new Float32Array(values.dataSync() as Float32Array);
    runCollective('MPI_Bcast', () => addon.broadcast(copy, 0, this.world.timeoutMs));
    return tf.tensor1d(copy, 'float32');
  }

  allGather(values: tf.Tensor1D): tf.Tensor1D {
    const addon = this.addon;
    const local = new Float32Array(values.dataSync() as Float32Array);
    const counts = new Int32Array(this.worldSize);
    runCollective('MPI_Allgather', () => addon.allGatherCounts(local.length, counts, this.world.timeoutMs));
    const out = new Float32Array(counts.reduce((sum, count) => sum + count, 0));
    runCollective('MPI_Allgatherv', () => addon.allGatherv(local, counts, out, this.world.timeoutMs));
    return tf.tensor1d(out, 'float32');
  }
}
