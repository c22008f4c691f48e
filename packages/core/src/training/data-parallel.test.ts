import { describe, expect, it } from 'vitest';
import { checkGlobalBatchSize, shardRange } from './data-parallel.js';
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
