import { DatasetFormatError } from '../errors/errors.js';
import { maybeGunzip } from './gzip.js';
import type { InflateOptions } from './inflate.js';

const BLOCK = 512;

function field(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return new TextDecoder('utf-8').decode(bytes.subarray(start, end));
}

function octal(bytes: Uint8Array, start: number, length: number, where: string): number {
  const text = field(bytes, start, length).trim();
  if (!/^[0-7]*$/.test(text)) throw new DatasetFormatError(`${where}: malformed tar header (bad octal number '${text}').`);
  return text.length === 0 ? 0 : Number.parseInt(text, 8);
}

/**
 * Reads the regular files of a (ustar or GNU) tar archive, raw or gzipped (`.tar.gz`), into a map
 * from path to content. Only file contents are returned; links, devices and directories are
 * skipped and nothing is written to disk. A gzipped archive is one compressed stream, so
 * `options.maxInflatedBytes` (default 512 MiB) bounds the whole decompressed archive.
 * @throws DecompressionLimitError when a gzipped archive inflates past the limit.
 * @throws DatasetFormatError on a bad header checksum or a truncated archive.
 */
export function readTar(archive: Uint8Array, where: string, options: InflateOptions = {}): Map<string, Uint8Array> {
  const bytes = maybeGunzip(archive, where, options);
  const files = new Map<string, Uint8Array>();
  let offset = 0;
  let longName: string | undefined;
  while (offset + BLOCK <= bytes.length) {
    const header = bytes.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) return files;
    let checksum = 0;
    for (let i = 0; i < BLOCK; i++) checksum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
    const stored = octal(header, 148, 8, where);
    if (stored !== checksum) {
      throw new DatasetFormatError(`${where}: tar header checksum mismatch at byte ${offset}; the archive is corrupt.`);
    }
    const size = octal(header, 124, 12, where);
    const type = String.fromCharCode(header[156] ?? 0);
    const prefix = field(header, 257, 6).startsWith('ustar') ? field(header, 345, 155) : '';
    const name = longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const start = offset + BLOCK;
    if (start + size > bytes.length) {
      throw new DatasetFormatError(
        `${where}: truncated tar archive: member '${name}' needs ${size} bytes, ${bytes.length - start} remain. Delete it and download it again.`,
      );
    }
    const content = bytes.subarray(start, start + size);
    longName = undefined;
    if (type === 'L') longName = field(content, 0, content.length);
    else if (type === '0' || type === '\0') files.set(name.replace(/^\.\//, ''), content);
    offset = start + Math.ceil(size / BLOCK) * BLOCK;
  }
  throw new DatasetFormatError(`${where}: truncated tar archive (no end-of-archive marker). Delete it and download it again.`);
}
