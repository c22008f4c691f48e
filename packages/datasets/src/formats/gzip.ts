import { gunzipLimited, type InflateOptions, inflateLimit } from './inflate.js';

/** Whether the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decompresses gzip data, or returns the bytes unchanged when they are not gzipped. Inflates in
 * small steps with a running count, so a gzip bomb stops at `options.maxInflatedBytes`
 * (default 512 MiB), and checks each member's CRC-32 and length trailer.
 * @throws DecompressionLimitError when the data inflates past the limit.
 * @throws DatasetFormatError when the gzip stream is corrupt or truncated.
 */
export function maybeGunzip(bytes: Uint8Array, where: string, options: InflateOptions = {}): Uint8Array {
  if (!isGzip(bytes)) return bytes;
  return gunzipLimited(bytes, inflateLimit(options), where);
}
