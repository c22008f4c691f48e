import { gunzipSync } from 'fflate';
import { DatasetFormatError } from '../errors/errors.js';

/** Whether the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip data, or returns the bytes unchanged when they are not gzipped.
 * @throws DatasetFormatError when the gzip stream is corrupt or truncated.
 */
export function maybeGunzip(bytes: Uint8Array, where: string): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    throw new DatasetFormatError(
      `${where}: cannot decompress gzip data (${(error as Error).message}). The file is corrupt or truncated; delete it and get it again.`,
    );
  }
}
