// Seeded, bounded fuzzing of model loading: valid saved models are mutated (model.json structure,
// in-memory artifacts, weight bytes) and loaded through the file handler and from memory. Every
// outcome must be a typed keras-ts error or a model that loads and predicts; never a raw
// TypeError/RangeError, a hang or a crash, and a failed load leaves no tensor or variable behind.
// KERAS_TS_FUZZ_CASES raises the number of cases (KERAS_TS_FUZZ_SECONDS the time limit, 15 s);
// KERAS_TS_FUZZ_SEED replays another seed.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Adam } from '@keras-ts/optimizers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KerasError } from '../errors/errors.js';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { Model } from '../models/model.js';
import { Sequential } from '../models/sequential.js';
import { KerasConcatenate, KerasDense, KerasDropout } from '../testing/keras-layers.test-utils.js';
import { mutateBytes, mutateTree, seededRandom, textWithDeepNesting } from './fuzz-mutations.test-utils.js';
import { loadModel } from './load-model.js';
import type { ModelJson } from './model-files.js';

const CASES = Number(process.env.KERAS_TS_FUZZ_CASES ?? 1200);
const SEED = Number(process.env.KERAS_TS_FUZZ_SEED ?? 20_240_601);
const HANG_MS = 5000;
const TIME_LIMIT_MS = Number(process.env.KERAS_TS_FUZZ_SECONDS ?? 15) * 1000;

interface Base {
  artifacts: tf.io.ModelArtifacts;
  json: ModelJson;
  bytes: Uint8Array;
}

async function capture(model: Model): Promise<Base> {
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (saved) => {
      artifacts = saved;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const { weightSpecs, weightData, ...rest } = artifacts!;
  const json = { ...rest, weightsManifest: [{ paths: ['weights.bin'], weights: weightSpecs ?? [] }] } as unknown as ModelJson;
  model.dispose();
  return { artifacts: artifacts!, json, bytes: new Uint8Array(weightData as ArrayBuffer) };
}

let bases: Base[] = [];
let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'keras-ts-fuzz-'));
  for (let folder = 0; folder < 8; folder++) await mkdir(join(dir, String(folder)));
  resetNameCounters();
  const mlp = new Sequential([
    new KerasDense({ units: 6, activation: 'relu', inputShape: [4] }),
    new KerasDropout({ rate: 0.2 }),
    new KerasDense({ units: 3, activation: 'softmax' }),
  ]);
  mlp.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'categoricalCrossentropy', metrics: ['accuracy'] });
  const a = Input({ shape: [3], name: 'a' });
  const b = Input({ shape: [2], name: 'b' });
  const joined = new KerasConcatenate({}).apply([new KerasDense({ units: 4 }).apply(a), b]);
  const functional = new Model({ inputs: [a, b], outputs: new KerasDense({ units: 2, activation: 'sigmoid' }).apply(joined) });
  bases = [await capture(mlp), await capture(functional)];
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function variableCount(): number {
  return Object.keys(tf.engine().registeredVariables).length;
}

/** Loads `source`, predicts once, disposes; the outcome's label. Raw errors and hangs are returned as failures. */
async function attempt(source: Parameters<typeof loadModel>[0]): Promise<{ label: string; failure?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    const model = await Promise.race([loadModel(source), hang]);
    // A mutation can make another valid model (say a longer input); it must run on inputs of its own shapes.
    const shapes = model.inputs.map((input) => input.shape.map((size) => size ?? 2));
    if (shapes.some((shape) => shape.reduce((total, size) => total * size, 1) > 1_000_000)) {
      model.dispose();
      return { label: 'loaded (inputs too large to run)' };
    }
    const inputs = model.inputs.map((input, index) => tf.ones(shapes[index]!, input.dtype));
    try {
      tf.dispose(model.predict(inputs.length === 1 ? inputs[0]! : inputs));
    } catch (error) {
      // A typed refusal (inputs with two fixed batch sizes, a batch of 0) is a correct answer; anything else is a bug.
      if (error instanceof KerasError) return { label: `loaded; predict refused with ${error.name}` };
      return { label: 'loaded but cannot predict', failure: `loaded, then predict threw ${(error as Error).name}: ${(error as Error).message}` };
    } finally {
      tf.dispose(inputs);
      model.dispose();
    }
    return { label: 'loaded' };
  } catch (error) {
    if (error instanceof KerasError) return { label: error.name };
    return { label: 'raw error', failure: `${(error as Error)?.name}: ${(error as Error)?.message}` };
  } finally {
    clearTimeout(timer);
  }
}

describe('fuzzed model files', () => {
  it(`load as a correct model or fail with a typed error, leaking nothing (${CASES} cases, seed ${SEED})`, async () => {
    const random = seededRandom(SEED);
    const counts: Record<string, number> = {};
    const failures: string[] = [];
    const started = Date.now();
    let ran = 0;
    // Bounded in time as well as in cases, for slow or busy machines; the cases run are a prefix of the seeded sequence.
    for (let index = 0; index < CASES && Date.now() - started < TIME_LIMIT_MS; index++, ran++) {
      const base = bases[Math.floor(random() * bases.length)]!;
      const route = random() < 0.5 ? 'file' : 'memory';
      const binary = random() < 0.3;
      const changes: string[] = [];
      let source: Parameters<typeof loadModel>[0];
      if (route === 'file') {
        const json = structuredClone(base.json) as unknown as Record<string, unknown>;
        let bytes = base.bytes;
        if (binary) {
          const mutated = mutateBytes(random, bytes);
          bytes = mutated.bytes;
          changes.push(`weights.bin ${mutated.description}`);
        } else {
          for (let count = 1 + Math.floor(random() * 3); count > 0; count--) changes.push(mutateTree(random, json, 'file'));
        }
        const folder = join(dir, String(index % 8));
        await writeFile(join(folder, 'model.json'), textWithDeepNesting(json));
        await writeFile(join(folder, 'weights.bin'), bytes);
        source = folder;
      } else {
        const artifacts = structuredClone(base.artifacts) as unknown as Record<string, unknown>;
        if (binary) {
          const mutated = mutateBytes(random, base.bytes);
          artifacts.weightData = mutated.bytes.buffer;
          changes.push(`weightData ${mutated.description}`);
        } else {
          for (let count = 1 + Math.floor(random() * 3); count > 0; count--) changes.push(mutateTree(random, artifacts, 'memory'));
        }
        source = artifacts as tf.io.ModelArtifacts;
      }
      const tensors = tf.memory().numTensors;
      const variables = variableCount();
      const outcome = await attempt(source);
      const key = `${route} ${binary ? 'bytes' : 'json'}: ${outcome.label}`;
      counts[key] = (counts[key] ?? 0) + 1;
      if (outcome.failure !== undefined) failures.push(`case ${index} (${route}; ${changes.join('; ')}): ${outcome.failure}`);
      if (tf.memory().numTensors !== tensors || variableCount() !== variables) {
        failures.push(
          `case ${index} (${route}; ${changes.join('; ')}): ${outcome.label}, left ${tf.memory().numTensors - tensors} tensor(s) and ${variableCount() - variables} variable(s)`,
        );
      }
    }
    const lines = Object.entries(counts)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, count]) => `  ${key}: ${count}`);
    console.log(`model-file fuzz, seed ${SEED}: ${ran} of ${CASES} cases in ${Date.now() - started} ms\n${lines.join('\n')}`);
    expect(failures.slice(0, 20)).toEqual([]);
  }, 180_000);
});
