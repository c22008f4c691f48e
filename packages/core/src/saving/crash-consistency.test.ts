// A save killed at any stage leaves the folder loadable as the complete old model or the complete
// new one, and the next save removes what the killed one left. The child process saves through
// the Node file system, which kills itself (SIGKILL, no cleanup) where KERAS_TS_SAVE_KILL_AT says.
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValueError } from '../errors/errors.js';
import type { Model } from '../models/model.js';
import { SAVE_STAGES, type SaveStage } from '../platform/platform.js';
import { savedVariant } from './__fixtures__/variant-model.js';
import { loadModel } from './load-model.js';
import { withHashPlaceholder } from './saved-files.test-utils.js';

const fixture = fileURLToPath(new URL('./__fixtures__/save-until-killed.ts', import.meta.url));
const packageRoot = fileURLToPath(new URL('../..', import.meta.url));

/** Runs the fixture: saves variant `variant` to `folder`, killed at `stage`. */
function saveInChild(folder: string, variant: number, stage: SaveStage): Promise<{ signal: NodeJS.Signals | null; code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', fixture, folder, String(variant)], {
      cwd: packageRoot,
      env: { ...process.env, KERAS_TS_SAVE_KILL_AT: stage },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // Generous: the children start together and share the machine's cores with other test files.
    const timer = setTimeout(() => child.kill('SIGTERM'), 120_000);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ signal, code, stderr });
    });
  });
}

const input = () =>
  tf.tensor2d([
    [0.5, -1, 2],
    [1, 0.25, -0.5],
  ]);

function predictionOf(model: Model): number[] {
  const x = input();
  const y = model.predict(x) as tf.Tensor;
  const values = Array.from(y.dataSync());
  tf.dispose([x, y]);
  return values;
}

/** Predictions of the model built in code for each variant. */
const expected = new Map<number, number[]>();
for (const variant of [1, 2, 3]) {
  const model = savedVariant(variant);
  expected.set(variant, predictionOf(model));
  model.dispose();
}

async function saveVariant(folder: string, variant: number): Promise<void> {
  const model = savedVariant(variant);
  await model.save(folder);
  model.dispose();
}

/** Which variant `folder` loads as (its predictions must equal one of them exactly). */
async function loadedVariant(folder: string): Promise<number> {
  const model = await loadModel(folder);
  const prediction = predictionOf(model);
  model.dispose();
  const match = [...expected].find(([, values]) => values.every((value, index) => value === prediction[index]));
  expect(match, `${folder} loads as none of the saved models: ${prediction}`).toBeDefined();
  return match![0];
}

/** A folder in the layout earlier keras-ts versions (and tfjs-node) wrote: model.json + weights.bin. */
async function saveLegacyLayout(folder: string, variant: number): Promise<void> {
  const model = savedVariant(variant);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const { weightData, weightSpecs, ...rest } = artifacts;
      await writeFile(join(folder, 'model.json'), JSON.stringify({ ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs }] }));
      await writeFile(join(folder, 'weights.bin'), new Uint8Array(weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
}

interface Case {
  name: string;
  stage: SaveStage;
  /** Writes the old save (variant 1) into the folder; absent: the killed save is the first. */
  before?: (folder: string) => Promise<void>;
  /** What the folder loads as after the kill: a variant, or 'nothing' (no model.json yet). */
  loads: number | 'nothing';
}

const cases: Case[] = [
  ...SAVE_STAGES.map(
    (stage): Case => ({
      name: `over a save, killed at ${stage}`,
      stage,
      before: (folder) => saveVariant(folder, 1),
      loads: ['committed', 'cleanup'].includes(stage) ? 2 : 1,
    }),
  ),
  { name: 'first save, killed at commit-written', stage: 'commit-written', loads: 'nothing' },
  { name: 'over a legacy weights.bin layout, killed at commit-written', stage: 'commit-written', before: (folder) => saveLegacyLayout(folder, 1), loads: 1 },
  { name: 'over a legacy weights.bin layout, killed at committed', stage: 'committed', before: (folder) => saveLegacyLayout(folder, 1), loads: 2 },
];

let root = '';
const outcomes = new Map<string, { signal: NodeJS.Signals | null; stderr: string; left: string[] }>();

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'keras-ts-crash-'));
  // The children run at once: each is one short Node process.
  await Promise.all(
    cases.map(async (entry, index) => {
      const folder = join(root, String(index));
      await mkdir(folder);
      await entry.before?.(folder);
      const result = await saveInChild(folder, 2, entry.stage);
      outcomes.set(entry.name, { ...result, left: await readdir(folder).catch(() => []) });
    }),
  );
}, 300_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('a save killed at any stage', () => {
  it.each(
    cases.map((entry, index) => [entry.name, entry, index] as const),
  )('%s: old or new model, complete; the next save cleans up', async (_, entry, index) => {
    const folder = join(root, String(index));
    const outcome = outcomes.get(entry.name)!;
    expect(outcome.signal, outcome.stderr.slice(-2000)).toBe('SIGKILL');
    const tensors = tf.memory().numTensors;
    if (entry.loads === 'nothing') {
      await expect(loadModel(folder)).rejects.toThrow(ValueError);
    } else {
      expect(await loadedVariant(folder)).toBe(entry.loads);
    }
    expect(tf.memory().numTensors).toBe(tensors);
    await saveVariant(folder, 3);
    expect(withHashPlaceholder(await readdir(folder))).toEqual(['model.json', 'weights-<hash>.bin']);
    expect(await loadedVariant(folder)).toBe(3);
  });
});

describe('what each kill left behind', () => {
  it('leaves temporary or orphaned files only where the stage says', () => {
    const left = Object.fromEntries([...outcomes].map(([name, outcome]) => [name, withHashPlaceholder(outcome.left)]));
    expect(left['over a save, killed at payload-written']).toEqual(['model.json', 'weights-<hash>.bin', 'weights-<hash>.bin.tmp-<pid>-<random>']);
    expect(left['over a save, killed at payload-renamed']).toEqual(['model.json', 'weights-<hash>.bin', 'weights-<hash>.bin']);
    expect(left['over a save, killed at commit-written']).toEqual(['model.json', 'model.json.tmp-<pid>-<random>', 'weights-<hash>.bin', 'weights-<hash>.bin']);
    expect(left['over a save, killed at committed']).toEqual(['model.json', 'weights-<hash>.bin', 'weights-<hash>.bin']);
    expect(left['over a save, killed at cleanup']).toEqual(['model.json', 'weights-<hash>.bin']);
    expect(left['first save, killed at commit-written']).toEqual(['model.json.tmp-<pid>-<random>', 'weights-<hash>.bin']);
    expect(left['over a legacy weights.bin layout, killed at committed']).toEqual(['model.json', 'weights-<hash>.bin', 'weights.bin']);
    console.log(
      Object.entries(left)
        .map(([name, files]) => `${name}: ${files.join(', ')}`)
        .join('\n'),
    );
  });
});
