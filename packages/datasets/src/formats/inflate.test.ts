import '@tensorflow/tfjs-backend-cpu';
import { join } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { mnist } from '../datasets/mnist.js';
import { DatasetFormatError, DatasetValueError, DecompressionLimitError } from '../errors/errors.js';
import { disposeAll, folderWith } from '../testing/fixtures.test-utils.js';
import { idxBytes, int64Bytes, npyBytes, npzBytes, tarBytes } from '../testing/npz-writer.test-utils.js';
import { maybeGunzip } from './gzip.js';
import { readIdx } from './idx.js';
import { DEFAULT_MAX_INFLATED_BYTES } from './inflate.js';
import { readNpz } from './npz.js';
import { readTar } from './tar.js';

const MiB = 1024 * 1024;
const LIMIT = 16 * MiB;
// 64 MiB of zeros deflate to ~64 KiB: a small decompression bomb, refused at a 16 MiB test limit.
const zeros = new Uint8Array(64 * MiB);
const zipBomb = zipSync({ 'x.npy': [zeros, { level: 9 }] });
const gzipBomb = gzipSync(zeros, { level: 9 });

const advice =
  'The file may be a decompression bomb. If you trust it, raise the limit with the `maxInflatedBytes` option ' +
  '(e.g. `loadData({ maxInflatedBytes: 2 ** 31 })`, or the same option of readNpz, readIdx or readTar).';

/** Offsets of every occurrence of a 4-byte little-endian signature. */
function signatures(bytes: Uint8Array, signature: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === signature) found.push(i);
  return found;
}

/** A copy of `bytes` with bit 0 of the byte at `offset` flipped. */
function flipBit(bytes: Uint8Array, offset: number): Uint8Array {
  const copy = bytes.slice();
  copy[offset] = (copy[offset] ?? 0) ^ 1;
  return copy;
}

/** A copy of a one-member zip whose local and central headers declare `size` uncompressed bytes. */
function withDeclaredSize(zip: Uint8Array, size: number): Uint8Array {
  const copy = zip.slice();
  const view = new DataView(copy.buffer);
  for (const local of signatures(copy, 0x04034b50)) view.setUint32(local + 22, size, true);
  for (const central of signatures(copy, 0x02014b50)) view.setUint32(central + 24, size, true);
  return copy;
}

/** What `run` threw, and how long it took. */
function timed(run: () => unknown): { error: unknown; seconds: number } {
  const start = performance.now();
  try {
    run();
  } catch (error) {
    return { error, seconds: (performance.now() - start) / 1000 };
  }
  throw new Error('expected a throw');
}

describe('decompression limits', () => {
  it('defaults to 512 MiB per member', () => {
    expect(DEFAULT_MAX_INFLATED_BYTES).toBe(512 * MiB);
  });

  it('refuses a zip bomb from its declared size, before inflating', () => {
    expect(zipBomb.length).toBeLessThan(MiB);
    const { error, seconds } = timed(() => readNpz(zipBomb, 'bomb.npz', [], { maxInflatedBytes: LIMIT }));
    expect(error).toBeInstanceOf(DecompressionLimitError);
    expect((error as Error).message).toBe(
      `bomb.npz:x.npy declares ${64 * MiB} bytes uncompressed, over the decompression limit of 16 MiB (16777216 bytes) per member; nothing was inflated. ${advice}`,
    );
    expect((error as DecompressionLimitError).member).toBe('bomb.npz:x.npy');
    expect((error as DecompressionLimitError).limit).toBe(LIMIT);
    expect(seconds).toBeLessThan(1);
  });

  it('refuses a member that inflates past the size its header declares, stopping there', () => {
    // The header says 1 KiB, so the bomb is under any limit on paper; the running count catches it.
    const { error, seconds } = timed(() => readNpz(withDeclaredSize(zipBomb, 1024), 'lying.npz'));
    expect(error).toBeInstanceOf(DatasetFormatError);
    expect((error as Error).message).toMatch(
      /^lying\.npz:x\.npy: inflates to more than the 1024 bytes its zip header declares \(stopped at \d+\)\. The archive is corrupt or crafted; delete it and get it again\.$/,
    );
    expect(seconds).toBeLessThan(2);
    const small = npzBytes({ y: npyBytes('<i8', [3], int64Bytes([1, 2, 3])) });
    const declared = new DataView(small.buffer).getUint32(signatures(small, 0x02014b50)[0]! + 24, true);
    expect(() => readNpz(withDeclaredSize(small, declared + 10), 'short.npz')).toThrow(
      `short.npz:y.npy: inflates to ${declared} bytes but its zip header declares ${declared + 10}. The archive is corrupt or truncated; delete it and get it again.`,
    );
  });

  it('refuses a gzip bomb as it inflates (IDX, plain gzip, .tar.gz)', () => {
    for (const [read, where] of [
      [() => maybeGunzip(gzipBomb, 'bomb.gz', { maxInflatedBytes: LIMIT }), 'bomb.gz'],
      [() => readIdx(gzipBomb, 'train-images-idx3-ubyte.gz', 3, { maxInflatedBytes: LIMIT }), 'train-images-idx3-ubyte.gz'],
      [() => readTar(gzipBomb, 'cifar.tar.gz', { maxInflatedBytes: LIMIT }), 'cifar.tar.gz'],
    ] as const) {
      const { error, seconds } = timed(read);
      expect(error).toBeInstanceOf(DecompressionLimitError);
      expect((error as Error).message).toBe(
        `${where} inflates past 16777216 bytes, over the decompression limit of 16 MiB (16777216 bytes) per member; inflating stopped there. ${advice}`,
      );
      expect(seconds).toBeLessThan(2);
    }
  });

  it('loadData passes maxInflatedBytes to the readers', async () => {
    const pixels = new Uint8Array(2 * 28 * 28).fill(7);
    const npz = npzBytes({
      x_train: npyBytes('|u1', [2, 28, 28], pixels),
      y_train: npyBytes('|u1', [2], Uint8Array.from([1, 2])),
      x_test: npyBytes('|u1', [2, 28, 28], pixels),
      y_test: npyBytes('|u1', [2], Uint8Array.from([3, 4])),
    });
    const path = join(folderWith({ 'mnist.npz': npz }), 'mnist.npz');
    await expect(mnist.loadData({ path, maxInflatedBytes: 1000 })).rejects.toThrow(DecompressionLimitError);
    await expect(mnist.loadData({ path, maxInflatedBytes: 1000 })).rejects.toThrow(
      /mnist\.npz:x_train\.npy declares 1696 bytes uncompressed, over the decompression limit of 1000 bytes per member/,
    );
    disposeAll(await mnist.loadData({ path, maxInflatedBytes: 2000 }));
    await expect(mnist.loadData({ path, maxInflatedBytes: -1 })).rejects.toThrow(DatasetValueError);
  });

  it('still reads normal files, stored and deflated, at the default and at a tight limit', () => {
    const body = int64Bytes([5, 6, 7]);
    for (const compressed of [true, false]) {
      const arrays = readNpz(npzBytes({ y: npyBytes('<i8', [3], body) }, compressed), 'ok.npz', ['y'], { maxInflatedBytes: 10 + 118 + 24 });
      expect(Array.from(arrays['y']!.data as BigInt64Array, Number)).toEqual([5, 6, 7]);
    }
    const image = idxBytes([2, 2], Uint8Array.from([1, 2, 3, 4]), true);
    expect(Array.from(readIdx(image, 'ok.gz', 2, { maxInflatedBytes: 16 }).data as Uint8Array)).toEqual([1, 2, 3, 4]);
    expect(() => readIdx(image, 'ok.gz', 2, { maxInflatedBytes: 15 })).toThrow(DecompressionLimitError);
    const archive = gzipSync(tarBytes({ 'a/b': Uint8Array.from([9, 8]) }));
    expect(Array.from(readTar(archive, 'ok.tar.gz').get('a/b')!)).toEqual([9, 8]);
    // Two gzip members concatenated (as `cat a.gz b.gz` makes) read as their concatenation.
    const twoMembers = new Uint8Array([...gzipSync(Uint8Array.from([1, 2])), ...gzipSync(Uint8Array.from([3]))]);
    expect(Array.from(maybeGunzip(twoMembers, 'two.gz'))).toEqual([1, 2, 3]);
  });

  it('checks CRC-32s and gzip length trailers', () => {
    const stored = npzBytes({ y: npyBytes('<i8', [1], int64Bytes([1])) }, false);
    const flipped = flipBit(stored, signatures(stored, 0x04034b50)[0]! + 30 + 'y.npy'.length + 20);
    expect(() => readNpz(flipped, 'flip.npz')).toThrow(
      /^flip\.npz:y\.npy: CRC-32 mismatch \(stored 0x[0-9a-f]{8}, computed 0x[0-9a-f]{8}\); the data is corrupt\./,
    );
    const gz = gzipSync(Uint8Array.from([1, 2, 3]));
    const badLength = flipBit(gz, gz.length - 4);
    expect(() => maybeGunzip(badLength, 'len.gz')).toThrow(
      'len.gz: gzip length trailer says 2 bytes (mod 2^32), the data inflates to 3. The file is corrupt; delete it and get it again.',
    );
    const badCrc = flipBit(gz, gz.length - 8);
    expect(() => maybeGunzip(badCrc, 'crc.gz')).toThrow(/^crc\.gz: CRC-32 mismatch/);
  });
});
