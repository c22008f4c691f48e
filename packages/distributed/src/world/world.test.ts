import { DistributedError } from '@keras-ts/common';
import { describe, expect, it } from 'vitest';
import { DataParallel } from '../data-parallel/data-parallel.js';
import { finalize, getRank, getWorldSize, initialize } from './world.js';

// One process, no mpirun: the order matters, since the first successful initialize() fixes the world.
describe('initialize outside mpirun', () => {
  it('refuses DataParallel before initialize', () => {
    expect(() => new DataParallel()).toThrow(/call `await initialize\(\)`/);
  });

  it('explains what is missing when MPI is asked for and libmpi cannot be loaded', async () => {
    const failure = initialize({ collectives: 'mpi', mpiLibrary: '/nowhere/libmpi.so.40' });
    await expect(failure).rejects.toBeInstanceOf(DistributedError);
    // Without the addon built the message names the build command instead; with it, the apt command.
    await expect(failure).rejects.toThrow(/apt-get install openmpi-bin libopenmpi-dev|npx @keras-ts\/distributed build/);
  });

  it('checks its options', async () => {
    await expect(initialize({ timeout: 0 })).rejects.toThrow('initialize: `timeout` must be a positive number of seconds, got 0.');
  });

  it('is a world of one process, and stays the same world', async () => {
    expect(await initialize()).toEqual({ rank: 0, size: 1, collectives: 'none' });
    expect(await initialize({ collectives: 'mpi' })).toEqual({ rank: 0, size: 1, collectives: 'none' });
    expect([getRank(), getWorldSize()]).toEqual([0, 1]);
    const parallel = new DataParallel();
    expect([parallel.rank, parallel.worldSize, parallel.bucketElements]).toEqual([0, 1, 1024 * 1024]);
    expect(() => new DataParallel({ bucketBytes: 2 })).toThrow('DataParallel: `bucketBytes` must be an integer of at least 4, got 2.');
    await finalize();
    expect(() => new DataParallel()).toThrow(/finalize\(\) was already called/);
  });
});
