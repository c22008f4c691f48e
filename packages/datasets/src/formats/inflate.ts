import { Gunzip, Inflate } from 'fflate';
import { DatasetFormatError, DatasetValueError, DecompressionLimitError } from '../errors/errors.js';
import { Crc32 } from './crc32.js';

/**
 * Default decompression limit per member: 512 MiB. It sits well under the memory of a small
 * machine (a 2 GiB container can still hold the result and a copy), and well above every real
 * Keras dataset member: the largest is the decompressed stream of CIFAR's `.tar.gz` (~186 MB for
 * CIFAR-10 and for CIFAR-100, whose `train` batch alone is ~155 MB: 50,000 × 3,072 bytes);
 * MNIST's `x_train.npy` and Fashion-MNIST's train images are ~47 MB (60,000 × 784 bytes); the
 * imdb, reuters and housing arrays are smaller still.
 */
export const DEFAULT_MAX_INFLATED_BYTES = 512 * 1024 * 1024;

/** The decompression option shared by every `loadData` and by the readers of compressed formats. */
export interface InflateOptions {
  /**
   * Most bytes one compressed member (an `.npz` entry, a `.gz` file, the stream of a `.tar.gz`)
   * may inflate to. Members that declare more are refused before inflating; streams are inflated
   * in small steps with a running count and stopped as soon as they pass it. Default:
   * {@link DEFAULT_MAX_INFLATED_BYTES} (512 MiB). `Infinity` disables the check.
   */
  maxInflatedBytes?: number;
}

/** The limit `options` asks for, checked. */
export function inflateLimit(options: InflateOptions | undefined): number {
  const limit = options?.maxInflatedBytes ?? DEFAULT_MAX_INFLATED_BYTES;
  if (typeof limit !== 'number' || !(limit > 0) || (!Number.isInteger(limit) && limit !== Number.POSITIVE_INFINITY)) {
    throw new DatasetValueError(`\`maxInflatedBytes\` must be a positive integer number of bytes (or Infinity), got ${String(limit)}.`);
  }
  return limit;
}

// Compressed bytes fed per step. Deflate expands at most ~1032×, so one step yields at most
// ~16.5 MB: the most a refused stream can inflate past its limit.
const STEP = 16 * 1024;

/** Thrown from a decoder's callback to stop it; replaced by the real error by the caller. */
class Overflow {}

interface Sink {
  chunks: Uint8Array[];
  total: number;
}

/** Feeds `input` to `decoder` in {@link STEP}-sized slices; the decoder's callback fills `sink`. */
function feed(decoder: { push(chunk: Uint8Array, final?: boolean): void }, input: Uint8Array, where: string, kind: 'gzip' | 'deflated zip'): void {
  try {
    for (let start = 0; start < input.length; start += STEP) decoder.push(input.subarray(start, Math.min(start + STEP, input.length)), false);
    // The end is signalled by an empty final push: fflate's Gunzip only looks for a further member
    // after a non-final push, so data in a final push would hide a concatenated member.
    decoder.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof Overflow || error instanceof DatasetFormatError) throw error;
    throw new DatasetFormatError(
      `${where}: cannot decompress ${kind} data (${(error as Error).message}). The file is corrupt or truncated; delete it and get it again.`,
    );
  }
}

function concat(sink: Sink): Uint8Array {
  if (sink.chunks.length === 1) return sink.chunks[0]!;
  const out = new Uint8Array(sink.total);
  let offset = 0;
  for (const chunk of sink.chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Inflates one raw-deflate zip member whose header declares `declaredSize` bytes and CRC-32
 * `declaredCrc`: refuses it unread when the declared size passes `limit`, stops as soon as the
 * output passes the declared size, and checks the final size and checksum.
 * @param where `file:member`, for messages.
 */
export function inflateMember(compressed: Uint8Array, declaredSize: number, declaredCrc: number, limit: number, where: string): Uint8Array {
  if (declaredSize > limit) throw new DecompressionLimitError(where, limit, `declares ${declaredSize} bytes uncompressed`, 'nothing was inflated');
  const sink: Sink = { chunks: [], total: 0 };
  const crc = new Crc32();
  const decoder = new Inflate((chunk) => {
    sink.total += chunk.length;
    if (sink.total > declaredSize) throw new Overflow();
    crc.update(chunk);
    sink.chunks.push(chunk);
  });
  try {
    feed(decoder, compressed, where, 'deflated zip');
  } catch (error) {
    if (!(error instanceof Overflow)) throw error;
    throw new DatasetFormatError(
      `${where}: inflates to more than the ${declaredSize} bytes its zip header declares (stopped at ${sink.total}). The archive is corrupt or crafted; delete it and get it again.`,
    );
  }
  if (sink.total !== declaredSize) {
    throw new DatasetFormatError(
      `${where}: inflates to ${sink.total} bytes but its zip header declares ${declaredSize}. The archive is corrupt or truncated; delete it and get it again.`,
    );
  }
  checkCrc(crc.value, declaredCrc, where);
  return concat(sink);
}

/** Throws when a computed CRC-32 differs from the stored one. */
export function checkCrc(actual: number, expected: number, where: string): void {
  if (actual !== expected) {
    throw new DatasetFormatError(
      `${where}: CRC-32 mismatch (stored ${hex(expected)}, computed ${hex(actual)}); the data is corrupt. Delete the file and get it again.`,
    );
  }
}

const hex = (value: number) => `0x${value.toString(16).padStart(8, '0')}`;

/**
 * Decompresses a gzip file (one or several members) in small steps, stopping once the output passes
 * `limit`, and checks each member's CRC-32 and length trailer.
 * @throws DecompressionLimitError past the limit; DatasetFormatError on corrupt or truncated data.
 */
export function gunzipLimited(bytes: Uint8Array, limit: number, where: string): Uint8Array {
  const sink: Sink = { chunks: [], total: 0 };
  let crc = new Crc32();
  let memberSize = 0;
  const checkTrailer = (end: number) => {
    if (end < 8) throw new DatasetFormatError(`${where}: truncated gzip data (no trailer). Delete the file and get it again.`);
    const view = new DataView(bytes.buffer, bytes.byteOffset + end - 8, 8);
    checkCrc(crc.value, view.getUint32(0, true), where);
    if (view.getUint32(4, true) !== memberSize % 2 ** 32) {
      throw new DatasetFormatError(
        `${where}: gzip length trailer says ${view.getUint32(4, true)} bytes (mod 2^32), the data inflates to ${memberSize}. The file is corrupt; delete it and get it again.`,
      );
    }
  };
  const decoder = new Gunzip((chunk) => {
    sink.total += chunk.length;
    if (sink.total > limit) throw new Overflow();
    crc.update(chunk);
    memberSize += chunk.length;
    sink.chunks.push(chunk);
  });
  decoder.onmember = (offset: number) => {
    // Every byte of the previous member has been delivered: its trailer ends where this one starts.
    checkTrailer(offset);
    crc = new Crc32();
    memberSize = 0;
  };
  try {
    feed(decoder, bytes, where, 'gzip');
  } catch (error) {
    if (!(error instanceof Overflow)) throw error;
    throw new DecompressionLimitError(where, limit, `inflates past ${limit} bytes`, 'inflating stopped there');
  }
  checkTrailer(bytes.length);
  return concat(sink);
}
