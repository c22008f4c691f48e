import { unzipSync } from 'fflate';
import { DatasetFormatError } from '../errors/errors.js';
import type { NdArray } from './ndarray.js';
import { readNpy } from './npy.js';

// A member whose declared size is far beyond what is stored is treated as a decompression bomb
// (the same guard Keras applies): above 4 GiB and more than 100 times its compressed size.
const BOMB_FLOOR_BYTES = 2 ** 32;
const MAX_EXPANSION = 100;

/**
 * Reads an `.npz` archive (a zip of `.npy` members, stored or deflated) into a record keyed by
 * member name without the `.npy` suffix.
 * @throws DatasetFormatError when the bytes are not a readable zip, a member is malformed, or a
 * required member is missing.
 */
export function readNpz(bytes: Uint8Array, where: string, required: readonly string[] = []): Record<string, NdArray> {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) {
    throw new DatasetFormatError(`${where}: not an .npz archive (no zip signature "PK" at the start).`);
  }
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter: (file) => {
        if (file.originalSize > BOMB_FLOOR_BYTES && file.originalSize > MAX_EXPANSION * file.size) {
          throw new DatasetFormatError(
            `${where}: refusing member '${file.name}': it declares ${file.originalSize} bytes but stores only ${file.size}.`,
          );
        }
        return file.name.endsWith('.npy');
      },
    });
  } catch (error) {
    if (error instanceof DatasetFormatError) throw error;
    throw new DatasetFormatError(
      `${where}: cannot read the .npz archive (${(error as Error).message}). The file is corrupt or truncated; delete it and download it again.`,
    );
  }
  const arrays: Record<string, NdArray> = Object.create(null);
  for (const [name, content] of Object.entries(members)) {
    arrays[name.slice(0, -'.npy'.length)] = readNpy(content, `${where}:${name}`);
  }
  const missing = required.filter((name) => !(name in arrays));
  if (missing.length > 0) {
    throw new DatasetFormatError(
      `${where}: the .npz archive lacks ${missing.map((name) => `'${name}'`).join(', ')}; found ${Object.keys(arrays).map((name) => `'${name}'`).join(', ') || 'no arrays'}.`,
    );
  }
  return arrays;
}
