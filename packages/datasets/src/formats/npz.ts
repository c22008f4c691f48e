import { DatasetFormatError } from '../errors/errors.js';
import type { InflateOptions } from './inflate.js';
import type { NdArray } from './ndarray.js';
import { readNpy } from './npy.js';
import { readZip } from './zip.js';

/**
 * Reads an `.npz` archive (a zip of `.npy` members, stored or deflated, zip64 included) into a
 * record keyed by member name without the `.npy` suffix.
 *
 * Decompression is bounded: a member declaring more than `options.maxInflatedBytes` (default
 * 512 MiB) is refused before inflating, and a member whose real inflated size or CRC-32 differs
 * from its zip header is an error, checked as it inflates, so a small file cannot expand into
 * gigabytes.
 * @throws DecompressionLimitError when a member is over the limit.
 * @throws DatasetFormatError when the bytes are not a readable zip, a member is malformed, or a
 * required member is missing.
 */
export function readNpz(bytes: Uint8Array, where: string, required: readonly string[] = [], options: InflateOptions = {}): Record<string, NdArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DatasetFormatError(`${where}: not an .npz archive (no zip signature "PK" at the start).`);
  }
  const members = readZip(bytes, where, { ...options, include: (name) => name.endsWith('.npy') });
  const arrays: Record<string, NdArray> = Object.create(null);
  for (const [name, content] of members) {
    arrays[name.slice(0, -'.npy'.length)] = readNpy(content, `${where}:${name}`);
  }
  const missing = required.filter((name) => !(name in arrays));
  if (missing.length > 0) {
    throw new DatasetFormatError(
      `${where}: the .npz archive lacks ${missing.map((name) => `'${name}'`).join(', ')}; found ${
        Object.keys(arrays)
          .map((name) => `'${name}'`)
          .join(', ') || 'no arrays'
      }.`,
    );
  }
  return arrays;
}
