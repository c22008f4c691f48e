// Seeded, bounded fuzzing of the format readers: valid files from the test writers, mutated by bit
// flips, truncations, insertions, deletions, integer overwrites and targeted header/size-field
// changes (in the container, and inside it before re-compressing). Every outcome must be a
// structurally sound read or a typed DatasetError: never a raw TypeError/RangeError/Error, a slow
// case, or a crash. KERAS_TS_FUZZ_CASES raises the number of cases per format.
import { gzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCifarBatch } from '../datasets/cifar-batch.js';
import { DatasetError } from '../errors/errors.js';
import { float64Bytes, idxBytes, int64Bytes, npyBytes, npzBytes, tarBytes } from '../testing/npz-writer.test-utils.js';
import {
  Random,
  type Field,
  be,
  gzipFields,
  le,
  MUTATIONS,
  npyShapeMutation,
  pickleFields,
  signatureOffsets,
  tarSizeMutation,
  zipFields,
} from '../testing/fuzz-mutations.test-utils.js';
import { NUMPY_NPZ } from '../testing/numpy-npz.test-utils.js';
import { pickleCifarBatch, pickleObjectArray } from '../testing/pickle-writer.test-utils.js';
import { readIdx } from './idx.js';
import type { NdArray } from './ndarray.js';
import { readNpy } from './npy.js';
import { readNpz } from './npz.js';
import { readPickle } from './pickle.js';
import { readTar } from './tar.js';

const SEED = 20240616;
const DEFAULT_CASES = 5000;
const CASES = casesFromEnvironment();
// Far above what any case needs (most take under 10 ms, the slowest pickle ≈ 170 ms on an idle
// machine; CI may be several times slower); a case past it is a defect (a size field obeyed).
const CASE_BUDGET_MS = 3000;
// Small, so that mutated size fields cannot make a case allocate much.
const LIMIT = { maxInflatedBytes: 4 * 1024 * 1024 };

/** Cases per format: KERAS_TS_FUZZ_CASES when set (it can only raise the default). */
function casesFromEnvironment(): number {
  const text = process.env.KERAS_TS_FUZZ_CASES;
  if (text === undefined || text === '') return DEFAULT_CASES;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`KERAS_TS_FUZZ_CASES must be a positive integer, got '${text}'.`);
  return Math.max(value, DEFAULT_CASES);
}

/** A format under test: valid seeds, how to read one, and what a sound read looks like. */
interface Target {
  readonly name: string;
  readonly seeds: readonly Uint8Array[];
  /** Reads a file and returns a digest of what was read; throws a plain Error on an unsound result. */
  readonly read: (bytes: Uint8Array) => string;
  /**
   * Checksummed regions (compressed data of a zip member or gzip stream). A bit flip there must
   * never read as success with different content: the CRC-32 has to catch it.
   */
  readonly checksummed?: (bytes: Uint8Array) => [number, number][];
  readonly fields: (bytes: Uint8Array) => Field[];
  /** Format-specific mutations on top of the generic ones. */
  readonly special?: readonly ((bytes: Uint8Array, random: Random) => [Uint8Array, string])[];
  /** Large crafted inputs, read once each within the case budget: what small mutations cannot reach (cost that grows with size). */
  readonly probes?: readonly (readonly [string, Uint8Array])[];
  /** For containers: mutate the plain payload, then wrap it again (valid container, corrupt content). */
  readonly inner?: {
    readonly seeds: readonly Uint8Array[];
    readonly wrap: (payload: Uint8Array) => Uint8Array;
    readonly fields: (bytes: Uint8Array) => Field[];
  };
}

/** Throws a plain Error when a read result is not sound (so the case counts as a defect); else a digest of it. */
function checkArray(array: NdArray): string {
  const size = array.shape.reduce((product, dimension) => product * dimension, 1);
  if (typeof array.dtype !== 'string' || !array.shape.every((d) => Number.isInteger(d) && d >= 0) || array.data.length !== size) {
    throw new Error(`unsound array: dtype ${array.dtype}, shape [${array.shape.join(', ')}], ${array.data.length} elements`);
  }
  return `${array.dtype} [${array.shape.join(',')}] ${JSON.stringify(Array.from(array.data as ArrayLike<unknown>, (v) => (typeof v === 'bigint' ? `${v}n` : v)))}`;
}

const digestBytes = (bytes: Uint8Array) => `${bytes.length}:${Array.from(bytes).join(',')}`;

/** The deflate data of a gzip stream as fflate writes it (10-byte header, 8-byte trailer). */
const gzipData = (bytes: Uint8Array): [number, number][] => [[10, bytes.length - 8]];

/** The data of every zip member, from its local header. */
function zipData(bytes: Uint8Array): [number, number][] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return signatureOffsets(bytes, 0x04034b50).map((at) => {
    const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
    return [start, start + view.getUint32(at + 18, true)];
  });
}

function readTarDigest(bytes: Uint8Array, where: string): string {
  const parts: string[] = [];
  for (const [name, content] of readTar(bytes, where, LIMIT)) {
    if (typeof name !== 'string' || !(content instanceof Uint8Array)) throw new Error('unsound tar entry');
    parts.push(`${name}=${digestBytes(content)}`);
  }
  return parts.join(';');
}

const pixels = Uint8Array.from({ length: 2 * 3072 }, (_, i) => (i * 31) % 256);
const idxSeeds = [
  idxBytes(
    [3, 4, 5],
    Uint8Array.from({ length: 60 }, (_, i) => i),
  ),
  idxBytes([7], Uint8Array.from([0, 1, 2, 3, 4, 5, 6])),
];
const npySeeds = [
  npyBytes('<f8', [2, 3], float64Bytes([1, 2, 3, 4, 5, 6])),
  npyBytes('>f4', [2, 3], new Uint8Array(24).fill(0x3f), true),
  npyBytes('|u1', [4], Uint8Array.from([1, 2, 3, 4])),
  npyBytes('<i8', [3], int64Bytes([1, -2, 3])),
  npyBytes(
    '|O',
    [2],
    pickleObjectArray(
      [
        [1, 2, 3],
        [4, 70000],
      ],
      3,
    ),
  ),
];
const pickleSeeds = [
  pickleObjectArray(
    [
      [1, 2, 3],
      [4, 5],
      [600, 70000, 1],
    ],
    2,
  ),
  pickleObjectArray(
    [
      [1, 2, 3],
      [2 ** 40, 5],
    ],
    3,
  ),
  pickleObjectArray([[7], [8, 9]], 4, 'numpy._core.multiarray'),
  pickleCifarBatch(pixels, { labels: [3, 9] }),
];
const cifarSeeds = [pickleCifarBatch(pixels, { labels: [3, 9] }), pickleCifarBatch(pixels, { fine_labels: [42, 99], coarse_labels: [1, 19] })];
const tarSeeds = [
  tarBytes({ 'folder/a.bin': Uint8Array.from([1, 2, 3]), 'folder/b': new Uint8Array(700).fill(9) }),
  tarBytes({ 'cifar-10-batches-py/data_batch_1': cifarSeeds[0]! }),
];

/** A protocol-2 pickle of `body` opcodes followed by STOP. */
function pickleOf(...parts: (number[] | Uint8Array)[]): Uint8Array {
  const out = new Uint8Array(3 + parts.reduce((total, part) => total + part.length, 0));
  out.set([0x80, 2]);
  let offset = 2;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  out[offset] = 0x2e;
  return out;
}

function length32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, value >>> 24];
}

const PICKLE_PROBES: (readonly [string, Uint8Array])[] = [
  [
    'LONG4 of 256 KiB',
    pickleOf(
      [0x8b, ...length32(256 * 1024)],
      Uint8Array.from({ length: 256 * 1024 }, (_, i) => (i * 131) & 0xff),
    ),
  ],
  ['protocol-0 LONG of 200,000 digits', Uint8Array.from([0x4c, ...new TextEncoder().encode(`${'7'.repeat(200_000)}L\n`), 0x2e])],
  ['lists nested 100,000 deep', pickleOf(new Array<number>(100_000).fill(0x5d), new Array<number>(99_999).fill(0x61))],
  ['100,000 unclosed MARKs', pickleOf(new Array<number>(100_000).fill(0x28))],
  ['BINUNICODE of 4 MiB', pickleOf([0x58, ...length32(4 * 1024 * 1024)], new Uint8Array(4 * 1024 * 1024).fill(0x61))],
];

const NPY_PROBES: (readonly [string, Uint8Array])[] = [
  [
    'a 65,535-byte header',
    (() => {
      const dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }";
      const header = `${dict}${' '.repeat(65535 - dict.length - 1)}\n`;
      return Uint8Array.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, 0xff, 0xff, ...new TextEncoder().encode(header), ...int64Bytes([5])]);
    })(),
  ],
  ['a shape of 10,000 ones', npyBytes('|u1', new Array<number>(10_000).fill(1), Uint8Array.from([7]))],
];

const IDX_PROBES: (readonly [string, Uint8Array])[] = [
  ['255 dimensions of 1', idxBytes(new Array<number>(255).fill(1), Uint8Array.from([3]))],
  ['dimensions whose product overflows 2^53', idxBytes([0xffffffff, 0xffffffff, 0xffffffff], new Uint8Array(8))],
];

const TARGETS: Target[] = [
  {
    name: 'idx',
    seeds: idxSeeds,
    probes: IDX_PROBES,
    read: (bytes) => checkArray(readIdx(bytes, 'fuzz-idx')),
    fields: (bytes) => [le(2, 1), le(3, 1), ...[0, 1, 2, 3].map((i) => be(4 + 4 * i, 4)).filter((f) => f.offset + 4 <= bytes.length)],
  },
  {
    name: 'idx.gz',
    seeds: idxSeeds.map((seed) => gzipSync(seed)),
    read: (bytes) => checkArray(readIdx(bytes, 'fuzz-idx.gz', undefined, LIMIT)),
    fields: gzipFields,
    checksummed: gzipData,
    inner: { seeds: idxSeeds, wrap: (payload) => gzipSync(payload), fields: () => [0, 1, 2].map((i) => be(4 + 4 * i, 4)) },
  },
  {
    name: 'npy',
    seeds: npySeeds,
    read: (bytes) => checkArray(readNpy(bytes, 'fuzz.npy')),
    probes: NPY_PROBES,
    fields: (bytes) => [le(6, 1), le(8, 2), le(8, 4), ...pickleFields(bytes).filter((f) => f.offset > 64)],
    special: [npyShapeMutation],
  },
  {
    name: 'npz',
    seeds: [
      npzBytes({ a: npySeeds[0]!, s: npySeeds[4]! }, true),
      npzBytes({ y: npySeeds[3]!, f: npySeeds[1]! }, false),
      new Uint8Array(Buffer.from(NUMPY_NPZ, 'base64')),
    ],
    read: (bytes) =>
      Object.entries(readNpz(bytes, 'fuzz.npz', [], LIMIT))
        .map(([name, array]) => `${name}: ${checkArray(array)}`)
        .join('\n'),
    fields: zipFields,
    checksummed: zipData,
    inner: { seeds: npySeeds, wrap: (payload) => npzBytes({ x: payload, y: npySeeds[2]! }, true), fields: (bytes) => [le(8, 2), ...pickleFields(bytes)] },
  },
  { name: 'pickle', seeds: pickleSeeds, read: (bytes) => String(readPickle(bytes, 'fuzz.pkl') !== undefined), fields: pickleFields, probes: PICKLE_PROBES },
  {
    name: 'tar',
    seeds: [...tarSeeds, gzipSync(tarSeeds[0]!)],
    read: (bytes) => readTarDigest(bytes, 'fuzz.tar'),
    fields: (bytes) => (bytes[0] === 0x1f ? gzipFields(bytes) : []),
    checksummed: (bytes) => (bytes[0] === 0x1f ? gzipData(bytes) : []),
    special: [tarSizeMutation],
  },
  {
    name: 'cifar',
    seeds: [...cifarSeeds, gzipSync(tarSeeds[1]!)],
    read: (bytes) => {
      const batches = bytes[0] === 0x1f ? [...readTar(bytes, 'fuzz.tar.gz', LIMIT).values()] : [bytes];
      return batches
        .map((batch) => {
          // CIFAR-100 batches carry fine_labels; CIFAR-10 batches labels.
          const key = new TextDecoder('latin1').decode(batch).includes('fine_labels') ? 'fine_labels' : 'labels';
          const parsed = parseCifarBatch(batch, 'fuzz-batch', key);
          if (parsed.data.length !== parsed.labels.length * 3072 || !parsed.labels.every(Number.isInteger)) throw new Error('unsound CIFAR batch');
          return `${parsed.labels.join(',')} ${digestBytes(parsed.data)}`;
        })
        .join(';');
    },
    checksummed: (bytes) => (bytes[0] === 0x1f ? gzipData(bytes) : []),
    fields: pickleFields,
    special: [tarSizeMutation],
  },
];

interface Tally {
  cases: number;
  typed: number;
  reads: number;
  slowestMs: number;
  errors: Map<string, number>;
}

const tallies = new Map<string, Tally>();

describe(`format readers under seeded fuzzing (seed ${SEED}, ${CASES} cases per format)`, () => {
  afterAll(() => {
    const lines = [...tallies].map(
      ([name, t]) =>
        `${name.padEnd(7)} cases ${String(t.cases).padStart(6)}  typed errors ${String(t.typed).padStart(6)}  successful reads ${String(t.reads).padStart(6)}  slowest ${t.slowestMs.toFixed(1)} ms  (${[...t.errors].map(([k, v]) => `${k} ${v}`).join(', ')})`,
    );
    console.log(`fuzz (seed ${SEED}):\n${lines.join('\n')}`);
  });

  TARGETS.forEach((target, index) => {
    it(`${target.name}: every mutated file reads soundly or throws a typed DatasetError`, () => {
      const random = new Random(SEED + index * 7919);
      const tally: Tally = { cases: 0, typed: 0, reads: 0, slowestMs: 0, errors: new Map() };
      tallies.set(target.name, tally);
      const defects: string[] = [];
      // The seeds themselves must read.
      for (const seed of target.seeds) target.read(seed);
      const run = (caseName: string, bytes: Uint8Array, expected?: string) => {
        const start = performance.now();
        try {
          const digest = target.read(bytes);
          tally.reads++;
          if (expected !== undefined && digest !== expected)
            defects.push(`${caseName}: corrupt compressed data was read without error, with different content`);
        } catch (error) {
          if (error instanceof DatasetError) {
            tally.typed++;
            tally.errors.set(error.name, (tally.errors.get(error.name) ?? 0) + 1);
          } else {
            defects.push(`${caseName}: ${(error as Error)?.name}: ${(error as Error)?.message}`);
          }
        }
        const elapsed = performance.now() - start;
        tally.slowestMs = Math.max(tally.slowestMs, elapsed);
        if (elapsed > CASE_BUDGET_MS) defects.push(`${caseName}: took ${elapsed.toFixed(0)} ms (budget ${CASE_BUDGET_MS} ms)`);
        tally.cases++;
      };
      for (const [description, bytes] of target.probes ?? []) run(`probe [${description}]`, bytes);
      for (let caseIndex = 0; caseIndex < CASES; caseIndex++) {
        let bytes: Uint8Array;
        let expected: string | undefined;
        const steps: string[] = [];
        const seed = random.pick(target.seeds);
        const regions = target.checksummed?.(seed).filter(([start, end]) => end > start) ?? [];
        if (regions.length > 0 && random.below(4) === 0) {
          bytes = seed.slice();
          for (let n = 1 + random.below(3); n > 0; n--) {
            const [start, end] = random.pick(regions);
            const offset = start + random.below(end - start);
            bytes[offset] = (bytes[offset] ?? 0) ^ (1 << random.below(8));
            steps.push(`flip a bit of checksummed data at ${offset}`);
          }
          expected = target.read(seed);
        } else if (target.inner && random.below(3) === 0) {
          let payload = random.pick(target.inner.seeds);
          for (let n = 1 + random.below(2); n > 0; n--) {
            const [mutated, description] = random.pick(MUTATIONS)(payload, random, target.inner.fields(payload));
            payload = mutated;
            steps.push(`inner: ${description}`);
          }
          bytes = target.inner.wrap(payload);
        } else {
          bytes = seed;
          for (let n = 1 + random.below(3); n > 0; n--) {
            const special = target.special && random.below(4) === 0 ? random.pick(target.special) : undefined;
            const [mutated, description] = special ? special(bytes, random) : random.pick(MUTATIONS)(bytes, random, target.fields(bytes));
            bytes = mutated;
            steps.push(description);
          }
        }
        run(`case ${caseIndex} [${steps.join('; ')}]`, bytes, expected);
      }
      expect(defects.slice(0, 20), `${defects.length} defect(s)`).toEqual([]);
    }, 120_000);
  });
});
