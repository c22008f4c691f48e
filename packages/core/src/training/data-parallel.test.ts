import { describe, expect, it } from 'vitest';
import { checkGlobalBatchSize, checkSynchronizedRemainder, shardRange, synchronizedLayerNames } from './data-parallel.js';
import type { Distribution } from './distribution.js';

const world = (worldSize: number, rank = 0) => ({ rank, worldSize }) as Distribution;

describe('shardRange', () => {
  it("gives rank r rows [r·B/N, (r+1)·B/N) of a batch that divides, Keras's DataParallel slices", () => {
    expect([0, 1, 2, 3].map((rank) => shardRange(32, rank, 4))).toEqual([
      [0, 8],
      [8, 16],
      [16, 24],
      [24, 32],
    ]);
  });

  it('splits a short last batch as evenly as possible, every row once', () => {
    expect([0, 1].map((rank) => shardRange(25, rank, 2))).toEqual([
      [0, 12],
      [12, 25],
    ]);
    expect([0, 1, 2, 3].map((rank) => shardRange(2, rank, 4))).toEqual([
      [0, 0],
      [0, 1],
      [1, 1],
      [1, 2],
    ]);
  });
});

describe('checkGlobalBatchSize', () => {
  it('accepts a global batch that divides by the world size', () => {
    expect(() => checkGlobalBatchSize(64, world(4), 'fit')).not.toThrow();
  });

  it('refuses one that does not, naming the sizes that would work', () => {
    expect(() => checkGlobalBatchSize(33, world(2), 'fit')).toThrow(
      'fit: under DataParallel `batchSize` is the global batch and must divide by the world size 2, got 33. Use batchSize 32 or 34 (each rank then takes 16 or 17 rows).',
    );
    expect(() => checkGlobalBatchSize(3, world(8), 'fit')).toThrow(/Use batchSize 8 or 16/);
  });
});

describe('checkSynchronizedRemainder', () => {
  it('names the synchronized layers of nested models', () => {
    const inner = { name: 'inner', layers: [{ name: 'bn_2', synchronized: true }] };
    expect(synchronizedLayerNames([{ name: 'dense' }, { name: 'bn', synchronized: true }, inner])).toEqual(['bn', 'bn_2']);
  });

  it('refuses a last batch with fewer rows than ranks when a layer synchronizes, and only then', () => {
    expect(() => checkSynchronizedRemainder(['bn'], 100, 32, world(8))).toThrow(
      'fit: the last batch of each epoch has 4 row(s) (100 samples, batchSize 32), fewer than the 8 ranks, and bn synchronize(s) batch statistics across ranks, which needs rows on every rank. Use a sample count whose last batch is empty or has at least 8 rows (drop 4 sample(s)), or `stepsPerEpoch` 3.',
    );
    expect(() => checkSynchronizedRemainder([], 100, 32, world(8))).not.toThrow();
    expect(() => checkSynchronizedRemainder(['bn'], 96, 32, world(8))).not.toThrow();
    expect(() => checkSynchronizedRemainder(['bn'], 108, 32, world(8))).not.toThrow();
  });
});
