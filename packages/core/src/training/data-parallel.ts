import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@keras-ts/optimizers';
import { ValueError } from '../errors/errors.js';
import type { LayerWeight } from '../engine/layer-weight.js';
import { drawSeed, setRandomSeed } from '../random/seed.js';
import { allReduceSum } from './all-reduce-sum.js';
import type { Batch } from './data-adapter.js';
import type { Distribution } from './distribution.js';

/**
 * The rows `[start, end)` of a batch of `size` samples that `rank` trains on: the batch split as
 * evenly as possible, in rank order. For a size divisible by the world size that is Keras's
 * `[rank · size / N, (rank + 1) · size / N)`; otherwise some ranks take one row more (and with
 * fewer rows than ranks, some take none).
 */
export function shardRange(size: number, rank: number, worldSize: number): [number, number] {
  return [Math.floor((size * rank) / worldSize), Math.floor((size * (rank + 1)) / worldSize)];
}

/** This rank's rows of `batch` (new tensors the caller disposes). */
export function shardBatch(batch: Batch, distribution: Distribution): Batch {
  const [start, end] = shardRange(batch.size, distribution.rank, distribution.worldSize);
  const rows = (t: tf.Tensor) => tf.slice(t, [start], [end - start]);
  return {
    x: batch.x.map(rows),
    y: batch.y.map(rows),
    sampleWeight: batch.sampleWeight.map((t) => (t === undefined ? undefined : rows(t))),
    size: end - start,
  };
}

/**
 * Refuses a global batch size that does not divide by the world size, as Keras 3's DataParallel
 * does: every full batch must give each rank the same number of rows. (The last, partial batch
 * of an epoch is split as evenly as possible instead; see {@link shardRange}.)
 */
export function checkGlobalBatchSize(batchSize: number, distribution: Distribution, method: string): void {
  if (batchSize % distribution.worldSize === 0) return;
  const lower = Math.max(distribution.worldSize, batchSize - (batchSize % distribution.worldSize));
  throw new ValueError(
    `${method}: under DataParallel \`batchSize\` is the global batch and must divide by the world size ${distribution.worldSize}, got ${batchSize}. ` +
      `Use batchSize ${lower} or ${lower + distribution.worldSize} (each rank then takes ${lower / distribution.worldSize} or ${lower / distribution.worldSize + 1} rows).`,
  );
}

/** Layers, nested models' included, that run a collective in their training forward pass (BatchNormalization with `synchronized`). */
export function synchronizedLayerNames(layers: readonly unknown[]): string[] {
  return layers.flatMap((layer) => {
    const { synchronized, name, layers: inner } = layer as { synchronized?: unknown; name?: string; layers?: unknown[] };
    return [...(synchronized === true ? [name ?? '?'] : []), ...(Array.isArray(inner) ? synchronizedLayerNames(inner) : [])];
  });
}

/**
 * Refuses, before training, an epoch whose last batch leaves a rank without rows when a layer
 * synchronizes across ranks: a rank without rows runs no forward pass, so that layer's
 * all-reduce would wait for it.
 */
export function checkSynchronizedRemainder(layerNames: readonly string[], samples: number, batchSize: number, distribution: Distribution): void {
  const remainder = samples % batchSize;
  if (layerNames.length === 0 || remainder === 0 || remainder >= distribution.worldSize) return;
  throw new ValueError(
    `fit: the last batch of each epoch has ${remainder} row(s) (${samples} samples, batchSize ${batchSize}), fewer than the ${distribution.worldSize} ranks, and ${layerNames.join(', ')} synchronize(s) batch statistics across ranks, which needs rows on every rank. ` +
      `Use a sample count whose last batch is empty or has at least ${distribution.worldSize} rows (drop ${remainder} sample(s)), or \`stepsPerEpoch\` ${Math.floor(samples / batchSize)}.`,
  );
}

/**
 * The element-wise sum over ranks of each tensor (float32), each first multiplied by `scale`: one
 * flat vector, so one collective (which buckets it), whatever the number of tensors. Call inside
 * `tf.tidy`. A distribution with a host all-reduce runs it as the {@link allReduceSum} kernel,
 * which compiled steps record and replay.
 */
/**
 * The element-wise sum of a float32 vector over the ranks: the {@link allReduceSum} kernel (which
 * compiled steps record and replay) when the distribution has a host all-reduce, else its tensor
 * all-reduce (a device collective such as NCCL's).
 */
export function allReduceVector(distribution: Distribution, x: tf.Tensor1D): tf.Tensor1D {
  return distribution.allReduceSumValues !== undefined ? allReduceSum(x) : distribution.allReduceSum(x);
}

export function allReduceTensors(distribution: Distribution, tensors: readonly tf.Tensor[], scale = 1): tf.Tensor[] {
  if (tensors.length === 0) return [];
  const flat = tf.concat(tensors.map((t) => tf.reshape(t.dtype === 'float32' ? t : tf.cast(t, 'float32'), [-1])));
  const scaled = (scale === 1 ? flat : tf.mul(flat, scale)) as tf.Tensor1D;
  const summed = allReduceVector(distribution, scaled);
  const parts = tf.split(
    summed,
    tensors.map((t) => t.size),
  );
  return parts.map((part, i) => tf.reshape(tensors[i]!.dtype === 'float32' ? part : tf.cast(part, tensors[i]!.dtype), tensors[i]!.shape));
}

/** Assigns rank 0's values of `variables` on every rank (one collective). */
export function broadcastVariables(distribution: Distribution, variables: readonly tf.Variable[]): void {
  if (variables.length === 0) return;
  tf.tidy(() => {
    const flat = tf.concat(variables.map((v) => tf.reshape(v.dtype === 'float32' ? v : tf.cast(v, 'float32'), [-1]))) as tf.Tensor1D;
    const parts = tf.split(
      distribution.broadcast(flat),
      variables.map((v) => v.size),
    );
    variables.forEach((variable, i) =>
      variable.assign(tf.reshape(variable.dtype === 'float32' ? parts[i]! : tf.cast(parts[i]!, variable.dtype), variable.shape)),
    );
  });
}

/** What {@link beginDataParallelFit} synchronizes. */
export interface TrainingState {
  /** Every weight of the model. */
  weights: readonly LayerWeight[];
  /** The trainable ones, in the order the train step hands them to the optimizer. */
  trainableWeights: readonly LayerWeight[];
  optimizer: Optimizer;
  startEpoch: number;
}

/**
 * Makes every rank start `fit` where rank 0 starts: its weights (restored by BackupAndRestore or
 * loaded on rank 0 alone), its optimizer state, its start epoch, and one shuffling seed drawn on
 * rank 0, so every rank walks the same permutation and takes its slice of the same global batch.
 * Returns the start epoch.
 */
export function beginDataParallelFit(distribution: Distribution, state: TrainingState): number {
  const header = tf.tidy(() => distribution.broadcast(tf.tensor1d([state.startEpoch, drawSeed() % 2 ** 24])));
  const [startEpoch, seed] = Array.from(header.dataSync());
  header.dispose();
  setRandomSeed(seed!);
  broadcastVariables(
    distribution,
    state.weights.map((w) => w.variable),
  );
  // Every rank creates its slots now (as its first step would, in the same order), so rank 0's
  // state — fresh, or restored from a backup on rank 0 alone — has a place on every rank.
  state.optimizer.build(state.trainableWeights.map((w) => w.variable));
  const slots = state.optimizer.getWeights();
  try {
    broadcastOptimizer(distribution, state.optimizer, slots);
  } finally {
    tf.dispose(slots);
  }
  return startEpoch!;
}

function broadcastOptimizer(distribution: Distribution, optimizer: Optimizer, slots: tf.Tensor[]): void {
  const values = tf.tidy(() => {
    const flat = tf.concat(slots.map((t) => tf.reshape(tf.cast(t, 'float32'), [-1]))) as tf.Tensor1D;
    const parts = tf.split(
      distribution.broadcast(flat),
      slots.map((t) => t.size),
    );
    return parts.map((part, i) => tf.reshape(tf.cast(part, slots[i]!.dtype), slots[i]!.shape));
  });
  try {
    optimizer.setWeights(values);
  } finally {
    tf.dispose(values);
  }
}

/**
 * Averages the non-trainable float weights (BatchNormalization's moving statistics) over ranks,
 * so every rank holds the same weights at epoch boundaries while batches keep per-rank statistics.
 */
export function averageNonTrainableWeights(distribution: Distribution, weights: readonly LayerWeight[]): void {
  const variables = weights.filter((w) => !w.trainable && w.dtype === 'float32').map((w) => w.variable);
  if (variables.length === 0) return;
  tf.tidy(() => {
    const averaged = allReduceTensors(distribution, variables, 1 / distribution.worldSize);
    variables.forEach((variable, i) => variable.assign(averaged[i]!));
  });
}

/** `tensor`'s rows from every rank, in rank order (each rank passes its own rows; row shapes agree). */
export function gatherRows(distribution: Distribution, tensor: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const flat = tf.reshape(tensor.dtype === 'float32' ? tensor : tf.cast(tensor, 'float32'), [-1]) as tf.Tensor1D;
    const gathered = distribution.allGather(flat);
    const rows = tf.reshape(gathered, [-1, ...tensor.shape.slice(1)]);
    return tensor.dtype === 'float32' ? rows : tf.cast(rows, tensor.dtype);
  });
}
