import type { AllocatorStats, MemoryAddon } from '../native/addon-types.js';

/**
 * A test double of the addon's memory functions backed by host ArrayBuffers, so the backend's
 * bookkeeping (write/read, reference counts, disposal, fallbacks) is tested without a GPU.
 */
export class HostMemoryAddon implements MemoryAddon {
  readonly blocks = new Map<number, Uint8Array>();
  private next = 4096;
  frees = 0;

  allocate(bytes: number): number {
    const pointer = this.next;
    this.next += bytes + 4096;
    this.blocks.set(pointer, new Uint8Array(bytes));
    return pointer;
  }

  free(pointer: number): void {
    if (!this.blocks.delete(pointer)) throw new Error(`free of unknown pointer ${pointer}`);
    this.frees++;
  }

  private block(pointer: number): Uint8Array {
    const block = this.blocks.get(pointer);
    if (block === undefined) throw new Error(`unknown pointer ${pointer}`);
    return block;
  }

  upload(pointer: number, values: ArrayBufferView): void {
    this.block(pointer).set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
  }

  download(pointer: number, values: ArrayBufferView): void {
    new Uint8Array(values.buffer, values.byteOffset, values.byteLength).set(this.block(pointer).subarray(0, values.byteLength));
  }

  copyDevice(source: number, destination: number, bytes: number): void {
    this.block(destination).set(this.block(source).subarray(0, bytes));
  }

  synchronize(): void {}

  emptyCache(): void {}

  memoryStats(): AllocatorStats {
    let bytes = 0;
    for (const block of this.blocks.values()) bytes += block.byteLength;
    return {
      bytesInUse: bytes,
      bytesCached: 0,
      bytesRequested: bytes,
      peakBytesReserved: bytes,
      allocations: 0,
      cacheHits: 0,
      deviceAllocations: 0,
      deviceFrees: this.frees,
      retriesAfterFlush: 0,
      liveBlocks: this.blocks.size,
      cachedBlocks: 0,
    };
  }
}
