// Mutations for the format-reader fuzz test (src/formats/fuzz.test.ts): a seeded random source,
// generic byte-level mutations, and the integer fields (sizes, counts, offsets) of each format.
/** Marsaglia's xorshift32: small, fast and reproducible from one seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  /** The next unsigned 32-bit value. */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return n <= 0 ? 0 : this.next() % n;
  }

  /** A random item of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }
}

/** A place in a file holding an integer: a size, a count, an offset or a length. */
export interface Field {
  readonly offset: number;
  readonly width: 1 | 2 | 4 | 8;
  readonly littleEndian: boolean;
}

const INTERESTING = [0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xfffffff0, 0xffffffff];
const INTERESTING_64 = [2n ** 32n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n];

/** Writes a boundary, huge or random value into `field` of `bytes` (in place); returns a description. */
export function writeInteger(bytes: Uint8Array, field: Field, random: Random): string {
  if (field.offset < 0 || field.offset + field.width > bytes.length) return 'field out of range';
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const value = random.below(4) === 0 ? random.next() : random.pick(INTERESTING);
  if (field.width === 1) view.setUint8(field.offset, value & 0xff);
  else if (field.width === 2) view.setUint16(field.offset, value & 0xffff, field.littleEndian);
  else if (field.width === 4) view.setUint32(field.offset, value >>> 0, field.littleEndian);
  else view.setBigUint64(field.offset, random.below(2) === 0 ? random.pick(INTERESTING_64) : BigInt(value >>> 0), field.littleEndian);
  return `set ${field.width}-byte ${field.littleEndian ? 'LE' : 'BE'} field at ${field.offset} to ${value}`;
}

/** A mutation: from a file, its integer fields and the random source, a new file and a description. */
export type Mutation = (bytes: Uint8Array, random: Random, fields: readonly Field[]) => [Uint8Array, string];

/** The generic mutations: bit flips, truncation, insertion, deletion, integer overwrites, field changes, repeats. */
export const MUTATIONS: Mutation[] = [
  (bytes, random) => {
    const copy = bytes.slice();
    const flips = 1 + random.below(4);
    const where: number[] = [];
    for (let i = 0; i < flips && copy.length > 0; i++) {
      const offset = random.below(copy.length);
      copy[offset] = (copy[offset] ?? 0) ^ (1 << random.below(8));
      where.push(offset);
    }
    return [copy, `flip bits at ${where.join(', ')}`];
  },
  (bytes, random) => {
    const length = random.below(bytes.length);
    return [bytes.slice(0, length), `truncate to ${length}`];
  },
  (bytes, random) => {
    const offset = random.below(bytes.length + 1);
    const inserted = Uint8Array.from({ length: 1 + random.below(16) }, () => random.below(256));
    return [new Uint8Array([...bytes.subarray(0, offset), ...inserted, ...bytes.subarray(offset)]), `insert ${inserted.length} bytes at ${offset}`];
  },
  (bytes, random) => {
    const offset = random.below(bytes.length);
    const count = 1 + random.below(16);
    return [new Uint8Array([...bytes.subarray(0, offset), ...bytes.subarray(offset + count)]), `delete ${count} bytes at ${offset}`];
  },
  (bytes, random) => {
    // Integer overwrite anywhere, biased to the headers and trailers where sizes live.
    const copy = bytes.slice();
    const near = random.below(3);
    const offset =
      near === 0 ? random.below(Math.min(64, copy.length)) : near === 1 ? Math.max(0, copy.length - 1 - random.below(64)) : random.below(copy.length);
    const width = random.pick([1, 2, 4, 8] as const);
    return [copy, writeInteger(copy, { offset, width, littleEndian: random.below(2) === 0 }, random)];
  },
  (bytes, random, fields) => {
    // A header or size field of this format set to a boundary or huge value.
    if (fields.length === 0) return [bytes.slice(), 'no fields'];
    const copy = bytes.slice();
    return [copy, writeInteger(copy, random.pick(fields), random)];
  },
  (bytes, random) => {
    const start = random.below(bytes.length);
    const chunk = bytes.subarray(start, start + 1 + random.below(64));
    const offset = random.below(bytes.length + 1);
    return [new Uint8Array([...bytes.subarray(0, offset), ...chunk, ...bytes.subarray(offset)]), `repeat ${chunk.length} bytes from ${start} at ${offset}`];
  },
];

/** Offsets of every occurrence of a 4-byte little-endian signature. */
export function signatureOffsets(bytes: Uint8Array, signature: number): number[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: number[] = [];
  for (let i = 0; i + 4 <= bytes.length; i++) if (view.getUint32(i, true) === signature) found.push(i);
  return found;
}

/** A little-endian field. */
export const le = (offset: number, width: 1 | 2 | 4 | 8): Field => ({ offset, width, littleEndian: true });
/** A big-endian field. */
export const be = (offset: number, width: 1 | 2 | 4 | 8): Field => ({ offset, width, littleEndian: false });

/** The integer fields of a zip: local headers, central directory entries, end record. */
export function zipFields(bytes: Uint8Array): Field[] {
  return [
    ...signatureOffsets(bytes, 0x04034b50).flatMap((at) => [le(at + 6, 2), le(at + 8, 2), le(at + 18, 4), le(at + 22, 4), le(at + 26, 2), le(at + 28, 2)]),
    ...signatureOffsets(bytes, 0x02014b50).flatMap((at) => [
      le(at + 8, 2),
      le(at + 10, 2),
      le(at + 16, 4),
      le(at + 20, 4),
      le(at + 24, 4),
      le(at + 28, 2),
      le(at + 30, 2),
      le(at + 42, 4),
    ]),
    ...signatureOffsets(bytes, 0x06054b50).flatMap((at) => [le(at + 8, 2), le(at + 10, 2), le(at + 12, 4), le(at + 16, 4), le(at + 20, 2)]),
  ];
}

/** gzip: flags, the extra-field length, and the CRC-32 and length trailer. */
export function gzipFields(bytes: Uint8Array): Field[] {
  return [le(3, 1), le(10, 2), le(bytes.length - 8, 4), le(bytes.length - 4, 4)];
}

/** Length prefixes after pickle opcodes that take one (any byte equal to such an opcode is a candidate). */
export function pickleFields(bytes: Uint8Array): Field[] {
  const widths = new Map<number, 1 | 4 | 8>([
    [0x55, 1],
    [0x43, 1],
    [0x8c, 1],
    [0x8a, 1],
    [0x54, 4],
    [0x42, 4],
    [0x58, 4],
    [0x8b, 4],
    [0x72, 4],
    [0x6a, 4],
    [0x8e, 8],
    [0x8d, 8],
    [0x95, 8],
  ]);
  const fields: Field[] = [];
  bytes.forEach((byte, offset) => {
    const width = widths.get(byte);
    if (width !== undefined) fields.push(le(offset + 1, width));
  });
  return fields;
}

/** Tar size fields, rewritten as octal text with a recomputed header checksum (so the size, not the checksum, is tested). */
export function tarSizeMutation(bytes: Uint8Array, random: Random): [Uint8Array, string] {
  const copy = bytes.slice();
  const headers: number[] = [];
  for (let offset = 0; offset + 512 <= copy.length; offset += 512) if (copy[offset + 257] === 0x75) headers.push(offset); // "ustar"
  if (headers.length === 0) return [copy, 'no tar header'];
  const header = random.pick(headers);
  const size = random.pick(['77777777777', '00000000000', '00000001000', '17777777777', (random.next() % 0o7777777).toString(8).padStart(11, '0')]);
  copy.set(new TextEncoder().encode(`${size}\0`), header + 124);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (copy[header + i] ?? 0);
  copy.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), header + 148);
  return [copy, `tar member at ${header}: size field '${size}' (checksum fixed)`];
}

/** npy: a shape entry replaced with a huge or odd number (the header text changes length). */
export function npyShapeMutation(bytes: Uint8Array, random: Random): [Uint8Array, string] {
  const text = new TextDecoder('latin1').decode(bytes);
  const match = /'shape': \(([^)]*)\)/.exec(text);
  if (!match) return [bytes.slice(), 'no shape'];
  const replacement = random.pick(['99999999999999999999', '4294967296', '0', '1', '-1', '2, 2, 2, 2, 2, 2', '9007199254740993L', '']);
  const start = match.index + "'shape': (".length;
  const mutated = new Uint8Array([...bytes.subarray(0, start), ...new TextEncoder().encode(replacement), ...bytes.subarray(start + (match[1] ?? '').length)]);
  return [mutated, `npy shape (${match[1]}) → (${replacement})`];
}
