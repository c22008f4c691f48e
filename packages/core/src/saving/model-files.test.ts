import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ValueError } from '../errors/errors.js';
import { resetNameCounters } from '../engine/naming.js';
import type { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { PathOutsideFolderError } from '../platform/platform.js';
import { KerasDense } from '../testing/keras-layers.test-utils.js';
import { loadModel } from './load-model.js';
import type { ModelJson } from './model-files.js';
import { weightsFileOf } from './saved-files.test-utils.js';

let dir = '';
beforeEach(async () => {
  resetNameCounters();
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const mlp = () => new Sequential([new KerasDense({ units: 4, activation: 'relu', inputShape: [3] }), new KerasDense({ units: 2 })]);
const values = (model: Model) =>
  model.getWeights().map((t) => {
    const data = Array.from(t.dataSync());
    t.dispose();
    return data;
  });

/** Saves a model to `dir/model`, then rewrites its manifest's paths. */
async function savedWith(paths: string[], transform?: (bytes: Uint8Array) => Uint8Array[]): Promise<{ model: Sequential; folder: string; bytes: Uint8Array }> {
  const model = mlp();
  const folder = join(dir, 'model');
  await model.save(folder);
  const bytes = new Uint8Array(await readFile(await weightsFileOf(folder)));
  if (transform !== undefined) {
    const parts = transform(bytes);
    await Promise.all(parts.map((part, index) => writeFile(join(folder, paths[index]!), part)));
  }
  const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as ModelJson;
  json.weightsManifest[0]!.paths = paths;
  await writeFile(join(folder, 'model.json'), JSON.stringify(json));
  return { model, folder, bytes };
}

/** Loading `folder` into a fresh model and with loadModel fails with `pattern` and changes nothing. */
async function expectRefused(folder: string, pattern: RegExp, type: new (...args: never[]) => Error = ValueError): Promise<void> {
  const target = mlp();
  const before = values(target);
  const tensors = tf.memory().numTensors;
  await expect(target.loadWeights(folder)).rejects.toThrow(type);
  await expect(target.loadWeights(join(folder, 'model.json'))).rejects.toThrow(pattern);
  await expect(loadModel(folder)).rejects.toThrow(pattern);
  expect(values(target)).toEqual(before);
  expect(tf.memory().numTensors).toBe(tensors);
  target.dispose();
}

describe('the file handler reads weights only from inside the model folder', () => {
  it('loads a manifest whose group is split over several files', async () => {
    const { model, folder } = await savedWith(['part-1.bin', './part-2.bin'], (bytes) => [bytes.slice(0, 20), bytes.slice(20)]);
    const loaded = await loadModel(folder);
    expect(values(loaded)).toEqual(values(model));
    model.dispose();
    loaded.dispose();
  });

  it("refuses '../secret.bin' even when it has exactly the right size, and any '..' segment", async () => {
    const { model, folder, bytes } = await savedWith(['../secret.bin']);
    await writeFile(join(dir, 'secret.bin'), bytes);
    await expectRefused(folder, /The weights path '\.\.\/secret\.bin' listed in .* leaves the model's folder/, PathOutsideFolderError);
    const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as ModelJson;
    json.weightsManifest[0]!.paths = ['sub/../weights.bin'];
    await writeFile(join(folder, 'model.json'), JSON.stringify(json));
    await expectRefused(folder, /'sub\/\.\.\/weights\.bin' listed in .* leaves the model's folder/, PathOutsideFolderError);
    model.dispose();
  });

  it('refuses an absolute path, /dev/zero and symbolic links that lead outside', async () => {
    const { model, folder, bytes } = await savedWith(['placeholder']);
    await writeFile(join(dir, 'secret.bin'), bytes);
    await symlink(join(dir, 'secret.bin'), join(folder, 'out.bin'));
    await symlink('/dev/zero', join(folder, 'zero.bin'));
    for (const listed of [join(dir, 'secret.bin'), '/dev/zero', 'out.bin', 'zero.bin']) {
      const json = JSON.parse(await readFile(join(folder, 'model.json'), 'utf8')) as ModelJson;
      json.weightsManifest[0]!.paths = [listed];
      await writeFile(join(folder, 'model.json'), JSON.stringify(json));
      const message = await mlp()
        .loadWeights(folder)
        .then(
          () => '',
          (error: Error) => error.message,
        );
      expect(message).toBe(
        `The weights path '${listed}' listed in '${join(folder, 'model.json')}' leaves the model's folder; weight files must sit inside the folder of the model's JSON file. The file was not read.`,
      );
      await expectRefused(folder, /leaves the model's folder/, PathOutsideFolderError);
    }
    model.dispose();
  });

  it('refuses a weights file whose size differs from the manifest, and one that is not a regular file', async () => {
    const { model, folder, bytes } = await savedWith(['weights.bin']);
    const padded = new Uint8Array(bytes.byteLength + 4);
    padded.set(bytes);
    await writeFile(join(folder, 'weights.bin'), padded);
    await expectRefused(
      folder,
      new RegExp(`The weights file 'weights\\.bin' listed in .* has ${bytes.byteLength + 4} bytes, but its manifest describes ${bytes.byteLength} bytes`),
    );
    await rm(join(folder, 'weights.bin'));
    await expectRefused(folder, /'weights\.bin' listed in .* does not exist/);
    await mkdir(join(folder, 'weights.bin'));
    await expectRefused(folder, /'weights\.bin' listed in .* is not a regular file/);
    model.dispose();
  });
});
