import { Inflate, zipSync } from 'fflate';
import { ModelFormatError } from '../model-format-error.js';

// Zip records from PKWARE's APPNOTE (4.3.7–4.3.16). A `.keras` file is a zip that Python's
// zipfile writes: stored or deflated members, no zip64 below 4 GiB. @keras-ts/datasets has a
// fuller reader (zip64), but it depends on core, so core keeps this small one of its own.
const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_DIRECTORY = 0x06054b50;
const END_SIZE = 22;
const MAX_COMMENT = 0xffff;
const MAX_MEMBERS = 1024;

/** Options of {@link readZip}. */
export interface ZipReadOptions {
  /** Members over this many bytes, declared or real, are refused before or while inflating. */
  maxMemberBytes: number;
  /** The member names to read; the others are skipped (and not inflated). */
  members: readonly string[];
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(chunks: readonly Uint8Array[]): number {
  let crc = 0xffffffff;
  for (const chunk of chunks) for (let index = 0; index < chunk.length; index++) crc = CRC_TABLE[(crc ^ chunk[index]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** A member name that is a plain file name: no folders, no `..`, no drive or absolute path. */
function isPlainName(name: string): boolean {
  return name.length > 0 && name.length <= 255 && !/[/\\:\0]/.test(name) && name !== '.' && name !== '..';
}

class Overflow extends Error {}

function inflate(compressed: Uint8Array, declared: number, fail: (problem: string) => never): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  let total = 0;
  const decoder = new Inflate((chunk) => {
    total += chunk.length;
    if (total > declared) throw new Overflow();
    chunks.push(chunk);
  });
  try {
    // Small steps, so a member that inflates past its declared size stops within 64 KiB of it.
    for (let offset = 0; offset < compressed.length; offset += 65536) {
      decoder.push(compressed.subarray(offset, offset + 65536), offset + 65536 >= compressed.length);
    }
    if (compressed.length === 0) decoder.push(new Uint8Array(0), true);
  } catch (error) {
    if (error instanceof Overflow) fail(`inflates to more than the ${declared} bytes its zip header declares`);
    fail(`is not valid deflate data (${(error as Error).message})`);
  }
  if (total !== declared) fail(`inflates to ${total} bytes, but its zip header declares ${declared}`);
  return chunks;
}

function join(chunks: readonly Uint8Array[], size: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * Reads the named members of a zip archive through its central directory. Every offset is checked
 * against the bytes present; member names must be plain file names (a `../` or `/` path is refused,
 * whether read or not); a member is refused unread when its declared size passes the limit,
 * inflated in steps that stop once it passes its declared size, and checked against its declared
 * size and CRC-32. Missing members are absent from the result.
 * @throws ModelFormatError for anything malformed, truncated, oversized or encrypted.
 */
export function readZip(bytes: Uint8Array, source: string, options: ZipReadOptions): Map<string, Uint8Array> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const fail = (field: string, problem: string): never => {
    throw new ModelFormatError(source, field, `${problem}. The .keras archive is corrupt, truncated or not a Keras file.`);
  };
  const u16 = (offset: number) =>
    offset >= 0 && offset + 2 <= bytes.length ? view.getUint16(offset, true) : fail('', `a zip record at byte ${offset} runs past the end`);
  const u32 = (offset: number) =>
    offset >= 0 && offset + 4 <= bytes.length ? view.getUint32(offset, true) : fail('', `a zip record at byte ${offset} runs past the end`);

  let end = -1;
  for (let offset = bytes.length - END_SIZE; offset >= Math.max(0, bytes.length - END_SIZE - MAX_COMMENT); offset--) {
    if (view.getUint32(offset, true) === END_OF_DIRECTORY && offset + END_SIZE + view.getUint16(offset + 20, true) <= bytes.length) {
      end = offset;
      break;
    }
  }
  if (end < 0) fail('', 'no zip end-of-central-directory record');
  const count = u16(end + 10);
  const directorySize = u32(end + 12);
  const directoryOffset = u32(end + 16);
  if (u16(end + 4) !== 0 || u16(end + 6) !== 0) fail('', 'multi-volume zip archives are not supported');
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff)
    fail('', 'zip64 archives are not supported (keras-ts reads .keras files up to 2 GiB)');
  if (count > MAX_MEMBERS) fail('', `the archive lists ${count} members; a .keras file holds 3`);
  if (directoryOffset + directorySize > end) fail('', `the central directory (${directorySize} bytes at ${directoryOffset}) runs past its end record`);

  const members = new Map<string, Uint8Array>();
  let offset = directoryOffset;
  for (let index = 0; index < count; index++) {
    if (u32(offset) !== CENTRAL_HEADER) fail('', `central directory entry ${index} at byte ${offset} has a bad signature`);
    const nameLength = u16(offset + 28);
    const next = offset + 46 + nameLength + u16(offset + 30) + u16(offset + 32);
    if (next > directoryOffset + directorySize) fail('', `central directory entry ${index} runs past the directory`);
    const name = new TextDecoder('utf-8').decode(bytes.subarray(offset + 46, offset + 46 + nameLength));
    if (!isPlainName(name)) fail(name, 'is not a plain file name (a .keras archive holds metadata.json, config.json and model.weights.h5 at its root)');
    const [flags, method, crc, compressedSize, size, local] = [
      u16(offset + 8),
      u16(offset + 10),
      u32(offset + 16),
      u32(offset + 20),
      u32(offset + 24),
      u32(offset + 42),
    ];
    offset = next;
    if (!options.members.includes(name)) continue;
    if (members.has(name)) fail(name, 'appears twice in the archive');
    const failMember = (problem: string): never => fail(name, problem);
    if (flags & 1) failMember('is encrypted');
    if (size > options.maxMemberBytes) failMember(`declares ${size} bytes; keras-ts reads members up to ${options.maxMemberBytes} bytes`);
    if (u32(local) !== LOCAL_HEADER) failMember(`has no local header at byte ${local}`);
    const localNameLength = u16(local + 26);
    if (new TextDecoder('utf-8').decode(bytes.subarray(local + 30, local + 30 + localNameLength)) !== name) failMember('has another name in its local header');
    const start = local + 30 + localNameLength + u16(local + 28);
    if (start + compressedSize > directoryOffset) failMember(`needs ${compressedSize} bytes at byte ${start}, past the member data`);
    const compressed = bytes.subarray(start, start + compressedSize);
    let chunks: Uint8Array[];
    if (method === 0) {
      if (compressedSize !== size) failMember(`is stored with ${compressedSize} bytes but declares ${size}`);
      chunks = [compressed];
    } else if (method === 8) {
      chunks = inflate(compressed, size, failMember);
    } else {
      return failMember(`uses zip compression method ${method}; expected 0 (stored) or 8 (deflated)`);
    }
    const actual = crc32(chunks);
    if (actual !== crc) failMember(`fails its CRC-32 check (stored ${crc.toString(16)}, computed ${actual.toString(16)})`);
    members.set(name, join(chunks, size));
  }
  return members;
}

/** A zip archive of `members` (deflated, as Keras's zipfile writes them), in the order given. */
export function writeZip(members: readonly [string, Uint8Array][]): Uint8Array {
  return zipSync(Object.fromEntries(members.map(([name, data]) => [name, [data, { level: 6 }]])));
}
