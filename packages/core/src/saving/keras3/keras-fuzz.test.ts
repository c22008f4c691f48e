// Hostile `.keras` archives: each named case of a damaged or malicious archive (truncated zip, lying
// or oversized member sizes, path-traversal member names, non-JSON config, unknown class, Lambda,
// weight shapes that disagree with the model, bad CRCs) and seeded byte mutations of a Keras-made
// archive must end in a typed keras-ts error (or, for a harmless mutation, a model that predicts),
// within a bounded time, leaving no tensor or variable behind. KERAS_TS_FUZZ_SEED replays another seed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KerasError, ValueError } from '../../errors/errors.js';
import { resetNameCounters } from '../../engine/naming.js';
import '../../testing/keras-layers.test-utils.js';
import { mutateBytes, seededRandom } from '../fuzz-mutations.test-utils.js';
import { loadModel } from '../load-model.js';
import { FIXTURES } from './fixture.test-utils.js';
import { writeH5 } from './h5.js';

const SEED = Number(process.env.KERAS_TS_FUZZ_SEED ?? 20_261_202);
const MUTATIONS = Number(process.env.KERAS_TS_FUZZ_CASES ?? 120);
const HANG_MS = 5000;
const TIME_LIMIT_MS = 20_000;

const original = () => new Uint8Array(readFileSync(`${FIXTURES}mlp.keras`));
const members = () => unzipSync(original());
const zip = (files: Record<string, Uint8Array>) => zipSync(files);

/** The parts of mlp.keras's config.json the cases edit. */
interface MlpConfig {
  config: { layers: { module?: string; class_name: string; registered_name?: string; config: Record<string, unknown> }[] };
}

function withConfig(edit: (config: MlpConfig) => unknown): Uint8Array {
  const files = members();
  const config = JSON.parse(new TextDecoder().decode(files['config.json'])) as MlpConfig;
  const replaced = edit(config);
  files['config.json'] = strToU8(JSON.stringify(replaced ?? config));
  return zip(files);
}

/** Sets the uncompressed size a member declares, in its central and local headers. */
function declareSize(bytes: Uint8Array, name: string, size: number): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  for (let offset = copy.length - 22; offset >= 0; offset--) {
    if (view.getUint32(offset, true) !== 0x02014b50) continue;
    const length = view.getUint16(offset + 28, true);
    if (new TextDecoder().decode(copy.subarray(offset + 46, offset + 46 + length)) !== name) continue;
    view.setUint32(offset + 24, size, true);
    view.setUint32(view.getUint32(offset + 42, true) + 22, size, true);
    return copy;
  }
  throw new Error(`no member ${name}`);
}

/** Flips a byte inside a member's compressed data (its local header stays intact). */
function damageMember(bytes: Uint8Array, name: string): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  for (let offset = 0; offset + 30 < copy.length; offset++) {
    if (view.getUint32(offset, true) !== 0x04034b50) continue;
    const length = view.getUint16(offset + 26, true);
    if (new TextDecoder().decode(copy.subarray(offset + 30, offset + 30 + length)) !== name) continue;
    const start = offset + 30 + length + view.getUint16(offset + 28, true);
    copy[start + 3] = copy[start + 3]! ^ 0x20;
    return copy;
  }
  throw new Error(`no member ${name}`);
}

async function weightsWith(shape: number[]): Promise<Uint8Array> {
  // mlp's layout, with its first kernel given another shape.
  const dataset = (path: string, size: number[]) => ({ path, shape: size, data: new Float32Array(size.reduce((a, b) => a * b, 1)) });
  const datasets = [
    dataset('layers/dense/vars/0', shape),
    dataset('layers/dense/vars/1', [16]),
    dataset('layers/dense_1/vars/0', [16, 16]),
    dataset('layers/dense_1/vars/1', [16]),
    dataset('layers/dense_2/vars/0', [16, 4]),
    dataset('layers/dense_2/vars/1', [4]),
  ];
  return writeH5({ groups: ['layers/dense/vars', 'layers/dense_1/vars', 'layers/dense_2/vars'], datasets });
}

let dir = '';
let cases: [string, Uint8Array, RegExp, (new (...args: never[]) => Error)?][] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-keras-fuzz-'));
  const bytes = original();
  const files = members();
  const many: Record<string, Uint8Array> = {};
  for (let index = 0; index < 1100; index++) many[`m${index}`] = new Uint8Array(0);
  cases = [
    ...[0.1, 0.5, 0.9, 0.99].map((fraction): [string, Uint8Array, RegExp] => [
      `truncated at ${fraction}`,
      bytes.subarray(0, Math.floor(bytes.length * fraction)),
      /corrupt, truncated or not a Keras file/,
    ]),
    ['empty file', new Uint8Array(0), /no zip end-of-central-directory record/],
    ['stored size lie', declareSize(bytes, 'config.json', 10), /config.json: is stored with \d+ bytes but declares 10/],
    ['deflated size lie (smaller)', declareSize(zip(files), 'config.json', 10), /config.json: inflates to more than the 10 bytes/],
    ['deflated size lie (larger)', declareSize(zip(files), 'metadata.json', 5000), /metadata.json: inflates to \d+ bytes, but its zip header declares 5000/],
    ['oversized weights', declareSize(bytes, 'model.weights.h5', 0xfff00000), /declares 4293918720 bytes; keras-ts reads members up to/],
    ['oversized config', declareSize(bytes, 'config.json', 0xffffffff), /zip64 archives are not supported|declares 4294967295 bytes/],
    [
      'bad CRC',
      damageMember(zip(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, [v, { level: 0 }]])) as never), 'config.json'),
      /CRC-32|not valid UTF-8 JSON/,
    ],
    ['traversal ../', zip({ ...files, '../evil.json': strToU8('{}') }), /'\.\.\/evil.json'|\.\.\/evil.json: is not a plain file name/],
    ['absolute path', zip({ ...files, '/etc/passwd': strToU8('x') }), /is not a plain file name/],
    ['nested traversal', zip({ ...files, 'a/../../config.json': strToU8('{}') }), /is not a plain file name/],
    ['windows path', zip({ ...files, 'C:\\config.json': strToU8('{}') }), /is not a plain file name/],
    ['too many members', zip({ ...files, ...many }), /lists \d+ members; a .keras file holds 3/],
    ['no config', zip({ 'metadata.json': files['metadata.json']!, 'model.weights.h5': files['model.weights.h5']! }), /has no 'config.json'/],
    ['metadata not an object', zip({ ...files, 'metadata.json': strToU8('[1, 2]') }), /expected an object with a keras_version string/],
    ['config not JSON', zip({ ...files, 'config.json': strToU8('{"class_name": "Sequential", ') }), /config.json: is not valid UTF-8 JSON/],
    ['config not UTF-8', zip({ ...files, 'config.json': new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }), /config.json: is not valid UTF-8 JSON/],
    ['config null', zip({ ...files, 'config.json': strToU8('null') }), /config.json must hold an object/],
    [
      'unknown class',
      withConfig((config) => {
        config.config.layers[1]!.class_name = 'TotallyUnknownLayer';
      }),
      /TotallyUnknownLayer/,
    ],
    [
      'Lambda',
      withConfig((config) => {
        config.config.layers[1] = {
          module: 'keras.layers',
          class_name: 'Lambda',
          config: { name: 'l', function: { class_name: '__lambda__', config: { code: 'x' } } },
        };
      }),
      /safe mode: Lambda layers hold Python code, which is never evaluated/,
      ValueError,
    ],
    [
      'Python function as activation',
      withConfig((config) => {
        config.config.layers[1]!.config.activation = { module: 'builtins', class_name: 'function', config: 'my_activation', registered_name: 'function' };
      }),
      /Lambda layers hold Python code|is a Python function/,
    ],
    [
      'custom object',
      withConfig((config) => {
        config.config.layers[1]!.registered_name = 'mine>Dense';
      }),
      /'mine>Dense' is a custom Keras object/,
    ],
    ['deeply nested config', zip({ ...files, 'config.json': strToU8(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) }), /config.json must hold an object|nest/],
    ['weights not HDF5', zip({ ...files, 'model.weights.h5': strToU8('not an hdf5 file at all') }), /is not a readable HDF5 file|corrupt or truncated/],
    [
      'dataset shape mismatch',
      zip({ ...files, 'model.weights.h5': await weightsWith([12, 17]) }),
      /has shape \[12, 16\], but .* stores 'layers\/dense\/vars\/0' with shape \[12, 17\]/,
    ],
    ['dataset far too large for the model', zip({ ...files, 'model.weights.h5': await weightsWith([12, 160]) }), /shape \[12, 160\]/],
  ];
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const variableCount = () => Object.keys(tf.engine().registeredVariables).length;

/** Loads `bytes` as a .keras file (predicting once when it loads); the outcome, bounded in time. */
async function attempt(bytes: Uint8Array, name: string): Promise<{ error?: unknown; loaded?: boolean }> {
  const path = join(dir, `${name.replace(/\W+/g, '_')}.keras`);
  await writeFile(path, bytes);
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    const model = await Promise.race([loadModel(path), hang]);
    const x = tf.ones([2, ...(model.inputs[0]!.shape.slice(1) as number[])]);
    try {
      tf.dispose(model.predict(x));
    } finally {
      x.dispose();
      model.dispose();
    }
    return { loaded: true };
  } catch (error) {
    return { error };
  } finally {
    clearTimeout(timer);
  }
}

describe('hostile .keras archives', () => {
  it('each named case is refused with a typed error naming the problem, within bounds, leaking nothing', async () => {
    resetNameCounters();
    const wrong: string[] = [];
    for (const [name, bytes, message, type] of cases) {
      const tensors = tf.memory().numTensors;
      const variables = variableCount();
      const { error } = await attempt(bytes, name);
      if (!(error instanceof (type ?? KerasError)) || !message.test((error as Error).message)) {
        wrong.push(`${name}: ${(error as Error | undefined)?.name ?? 'loaded'}: ${(error as Error | undefined)?.message}`);
      }
      if (tf.memory().numTensors !== tensors || variableCount() !== variables) wrong.push(`${name}: leaked`);
    }
    expect(wrong).toEqual([]);
  }, 60_000);

  it(`seeded byte mutations load correctly or fail typed (${MUTATIONS} cases, seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const bytes = original();
    const files = members();
    const failures: string[] = [];
    const counts: Record<string, number> = {};
    const started = Date.now();
    for (let index = 0; index < MUTATIONS && Date.now() - started < TIME_LIMIT_MS; index++) {
      // Mutate the archive itself, or one member inside a well-formed archive (so the JSON and HDF5 readers see damage too).
      const target = ['archive', 'config.json', 'model.weights.h5', 'metadata.json'][Math.floor(random() * 4)]!;
      let mutated: Uint8Array;
      let description: string;
      if (target === 'archive') ({ bytes: mutated, description } = mutateBytes(random, bytes));
      else {
        const member = mutateBytes(random, files[target]!);
        mutated = zip({ ...files, [target]: member.bytes });
        description = member.description;
      }
      const tensors = tf.memory().numTensors;
      const variables = variableCount();
      const { error, loaded } = await attempt(mutated, `mutation-${index}`);
      const label = loaded ? 'loaded' : error instanceof KerasError ? error.name : 'raw error';
      counts[`${target}: ${label}`] = (counts[`${target}: ${label}`] ?? 0) + 1;
      if (!loaded && !(error instanceof KerasError))
        failures.push(`case ${index} (${target} ${description}): ${(error as Error)?.name}: ${(error as Error)?.message}`);
      if (tf.memory().numTensors !== tensors || variableCount() !== variables) failures.push(`case ${index} (${target} ${description}): leaked`);
    }
    console.log(
      `.keras fuzz, seed ${SEED}:\n${Object.entries(counts)
        .map(([key, count]) => `  ${key}: ${count}`)
        .join('\n')}`,
    );
    expect(failures.slice(0, 10)).toEqual([]);
  }, 60_000);
});
