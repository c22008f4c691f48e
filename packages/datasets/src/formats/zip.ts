import { DatasetFormatError } from '../errors/errors.js';
import { crc32 } from './crc32.js';
import { checkCrc, type InflateOptions, inflateLimit, inflateMember } from './inflate.js';

// Record signatures and fixed sizes from PKWARE's APPNOTE (sections 4.3.7–4.3.16).
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA = 0x0001;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** One entry of the central directory. */
interface Entry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localOffset: number;
}

/** Options of {@link readZip}. */
export interface ZipReadOptions extends InflateOptions {
  /** Which members to read, by name; the others are neither inflated nor checked. Default: all. */
  include?: (name: string) => boolean;
}

/**
 * Reads the members of a zip archive (stored or deflated, zip64 included) from its central
 * directory. Every offset and size is checked against the bytes present; a deflated member is
 * refused unread when its declared size passes `maxInflatedBytes`, inflated in small steps that
 * stop as soon as the output passes its declared size, and must match its declared size and CRC-32.
 * @param where the file name, used in messages.
 * @throws DecompressionLimitError for members over the limit; DatasetFormatError for anything
 * malformed, truncated, encrypted or compressed with another method.
 */
export function readZip(bytes: Uint8Array, where: string, options: ZipReadOptions = {}): Map<string, Uint8Array> {
  const limit = inflateLimit(options);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (problem: string): never => {
    throw new DatasetFormatError(`${where}: ${problem}. The archive is corrupt or truncated; delete it and get it again.`);
  };
  const u16 = (offset: number) => (offset + 2 <= bytes.length ? view.getUint16(offset, true) : fail(`zip record at byte ${offset} runs past the end`));
  const u32 = (offset: number) => (offset + 4 <= bytes.length ? view.getUint32(offset, true) : fail(`zip record at byte ${offset} runs past the end`));
  const u64 = (offset: number): number => {
    if (offset + 8 > bytes.length) fail(`zip record at byte ${offset} runs past the end`);
    const value = view.getBigUint64(offset, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? fail(`zip64 field at byte ${offset} holds ${value}, beyond any real file`) : Number(value);
  };

  // The end-of-directory record sits in the last 22 + (up to 65535 comment) bytes.
  let end = -1;
  for (let offset = bytes.length - END_SIZE; offset >= Math.max(0, bytes.length - END_SIZE - MAX_COMMENT); offset--) {
    if (view.getUint32(offset, true) === END_OF_DIRECTORY && offset + END_SIZE + view.getUint16(offset + 20, true) <= bytes.length) {
      end = offset;
      break;
    }
  }
  if (end < 0) fail('no zip end-of-central-directory record');
  let count = u16(end + 10);
  let directorySize = u32(end + 12);
  let directoryOffset = u32(end + 16);
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0) fail('multi-volume zip archives are not supported');
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locator = end - 20;
    if (locator < 0 || u32(locator) !== ZIP64_LOCATOR) fail('zip64 sizes without a zip64 end-of-directory locator');
    const end64 = u64(locator + 8);
    if (u32(end64) !== ZIP64_END_OF_DIRECTORY) fail(`no zip64 end-of-directory record at byte ${end64}`);
    count = u64(end64 + 32);
    directorySize = u64(end64 + 40);
    directoryOffset = u64(end64 + 48);
  }
  if (directoryOffset + directorySize > bytes.length)
    fail(`the central directory (${directorySize} bytes at ${directoryOffset}) runs past the end of the ${bytes.length}-byte file`);

  const entries: Entry[] = [];
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (u32(offset) !== CENTRAL_HEADER) fail(`central directory entry ${index} at byte ${offset} has a bad signature`);
    const nameLength = u16(offset + 28);
    const extraLength = u16(offset + 30);
    const commentLength = u16(offset + 32);
    const next = offset + 46 + nameLength + extraLength + commentLength;
    if (next > directoryOffset + directorySize) fail(`central directory entry ${index} runs past the directory`);
    const name = new TextDecoder('utf-8').decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    let size = u32(offset + 24);
    let compressedSize = u32(offset + 20);
    let localOffset = u32(offset + 42);
    // zip64 extra field: the 8-byte values present are those whose 4-byte field is 0xFFFFFFFF, in this order.
    for (let extra = offset + 46 + nameLength; extra + 4 <= offset + 46 + nameLength + extraLength; ) {
      const id = u16(extra);
      const length = u16(extra + 2);
      if (id === ZIP64_EXTRA) {
        let field = extra + 4;
        const take = () => {
          if (field + 8 > extra + 4 + length) fail(`member '${name}' has a short zip64 extra field`);
          const value = u64(field);
          field += 8;
          return value;
        };
        if (size === 0xffffffff) size = take();
        if (compressedSize === 0xffffffff) compressedSize = take();
        if (localOffset === 0xffffffff) localOffset = take();
      }
      extra += 4 + length;
    }
    entries.push({ name, flags: u16(offset + 8), method: u16(offset + 10), crc: u32(offset + 16), compressedSize, size, localOffset });
    offset = next;
  }

  const members = new Map<string, Uint8Array>();
  for (const entry of entries) {
    if (options.include && !options.include(entry.name)) continue;
    const member = `${where}:${entry.name}`;
    if (u32(entry.localOffset) !== LOCAL_HEADER) fail(`member '${entry.name}' has no local header at byte ${entry.localOffset}`);
    const localNameLength = u16(entry.localOffset + 26);
    const localName = new TextDecoder('utf-8').decode(bytes.subarray(entry.localOffset + 30, entry.localOffset + 30 + localNameLength));
    if (localName !== entry.name) fail(`member '${entry.name}' has the name '${localName}' in its local header`);
    const start = entry.localOffset + 30 + localNameLength + u16(entry.localOffset + 28);
    if (start + entry.compressedSize > bytes.length) {
      fail(`member '${entry.name}' needs ${entry.compressedSize} bytes at ${start}, only ${Math.max(0, bytes.length - start)} remain`);
    }
    if (entry.flags & 1) throw new DatasetFormatError(`${member}: encrypted zip members are not supported.`);
    const compressed = bytes.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) {
      if (entry.compressedSize !== entry.size) fail(`stored member '${entry.name}' declares ${entry.size} bytes but holds ${entry.compressedSize}`);
      checkCrc(crc32(compressed), entry.crc, member);
      members.set(entry.name, compressed);
    } else if (entry.method === 8) {
      members.set(entry.name, inflateMember(compressed, entry.size, entry.crc, limit, member));
    } else {
      throw new DatasetFormatError(`${member}: unsupported zip compression method ${entry.method}; expected 0 (stored) or 8 (deflated), as numpy writes.`);
    }
  }
  return members;
}
