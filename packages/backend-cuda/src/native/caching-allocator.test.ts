import { describe, expect, it } from 'vitest';
import { loadAddon } from '../loading/addon.js';

// The C++ CachingAllocator (native/runtime/caching-allocator.h) instantiated over a fake device
// of fixed capacity: the real accounting code, no GPU. Needs the addon built (nvcc present).
const loaded = loadAddon();
const describeWithAddon = loaded.addon === undefined ? describe.skip : describe;
if (loaded.addon === undefined) console.warn(`caching-allocator tests skipped: ${loaded.reason}`);

describeWithAddon('CachingAllocator accounting', () => {
  const Pool = loaded.addon?.PoolForTesting as NonNullable<typeof loaded.addon>['PoolForTesting'];
  const MiB = 1 << 20;

  it('rounds small requests to 512 B and large ones to 2 MiB', () => {
    const pool = new Pool(64 * MiB);
    const small = pool.allocate(100);
    const exact = pool.allocate(1024);
    const large = pool.allocate(MiB + 1);
    expect(pool.stats()).toMatchObject({ bytesInUse: 512 + 1024 + 2 * MiB, bytesRequested: 100 + 1024 + MiB + 1, deviceAllocations: 3, liveBlocks: 3 });
    expect(pool.deviceBytes()).toBe(512 + 1024 + 2 * MiB);
    for (const pointer of [small, exact, large]) pool.free(pointer);
  });

  it('reuses a freed block of a fitting size instead of asking the device', () => {
    const pool = new Pool(64 * MiB);
    const first = pool.allocate(4000);
    pool.free(first);
    expect(pool.stats()).toMatchObject({ bytesInUse: 0, bytesCached: 4096, cachedBlocks: 1 });
    const second = pool.allocate(3900);
    expect(second).toBe(first);
    expect(pool.stats()).toMatchObject({ cacheHits: 1, deviceAllocations: 1, bytesInUse: 4096, bytesCached: 0 });
  });

  it('never serves a request from a cached block more than twice its rounded size', () => {
    const pool = new Pool(64 * MiB);
    pool.free(pool.allocate(8192));
    pool.allocate(512);
    expect(pool.stats()).toMatchObject({ cacheHits: 0, deviceAllocations: 2, bytesCached: 8192 });
  });

  it('empties the cache and retries once when the device is full, then reports out of memory', () => {
    const pool = new Pool(4 * MiB);
    pool.free(pool.allocate(3 * MiB)); // rounds to a 4 MiB block, now cached; the fake device is full
    expect(pool.deviceBytes()).toBe(4 * MiB);
    const small = pool.allocate(1); // the cached block is over twice 512 B, and the device has no room
    expect(pool.stats()).toMatchObject({ retriesAfterFlush: 1, deviceFrees: 1, cacheHits: 0, bytesCached: 0, bytesInUse: 512 });
    expect(pool.deviceBytes()).toBe(512);
    expect(() => pool.allocate(4 * MiB)).toThrow(/out of device memory allocating 4194304 bytes \(512 bytes in use/);
    expect(pool.stats().retriesAfterFlush).toBe(2);
    pool.free(small);
  });

  it('peak reserved covers live plus cached bytes, and emptyCache returns only free blocks', () => {
    const pool = new Pool(64 * MiB);
    const kept = pool.allocate(MiB);
    pool.free(pool.allocate(4 * MiB));
    expect(pool.stats().peakBytesReserved).toBe(MiB + 4 * MiB);
    pool.emptyCache();
    expect(pool.stats()).toMatchObject({ bytesCached: 0, cachedBlocks: 0, bytesInUse: MiB, deviceFrees: 1 });
    expect(pool.deviceBytes()).toBe(MiB);
    pool.free(kept);
  });

  it('rejects freeing a pointer it did not hand out, and double frees', () => {
    const pool = new Pool(MiB);
    const pointer = pool.allocate(10);
    pool.free(pointer);
    expect(() => pool.free(pointer)).toThrow(/did not hand out \(or freed twice\)/);
    expect(() => pool.free(12345)).toThrow(/did not hand out/);
  });
});
