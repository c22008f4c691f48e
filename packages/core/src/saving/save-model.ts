import { basename } from 'node:path';
import type * as tf from '@tensorflow/tfjs-core';
import { toKerasJson } from './keras-json.js';
import { type ModelJson, modelFilePaths, readModelFiles, writeModelFiles } from './model-files.js';
import { restoreWeights } from './restore-weights.js';
import { KERAS_TS_VERSION, type SaveOptions, type SaveableModel } from './saveable.js';
import { trainingConfigOf } from './training-config.js';
import { type NamedTensor, encodeWeights } from './weights-codec.js';

/**
 * Manifest names must be unique (tfjs decodes by name). Weights of different nested models can
 * share a `<layer>/<weight>` name; later ones get `_1`, `_2`, … (loading then pairs by position).
 */
function uniqueNames(names: string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = seen.get(name) ?? 0;
    seen.set(name, count + 1);
    return count === 0 ? name : `${name}_${count}`;
  });
}

function modelTensors(model: SaveableModel): NamedTensor[] {
  const weights = model.weights;
  const names = uniqueNames(weights.map((w) => w.name));
  return weights.map((weight, index) => ({ name: names[index]!, tensor: weight.variable }));
}

function manifest(json: Omit<ModelJson, 'weightsManifest'>, specs: ModelJson['weightsManifest'][number]['weights'], binaryName: string): ModelJson {
  return { ...json, weightsManifest: [{ paths: [binaryName], weights: specs }] };
}

/**
 * Writes `model.json` (topology, training config, weights manifest) and `weights.bin` in the
 * tfjs-layers layout; with `includeOptimizer` (default) the optimizer state is appended as the
 * 'optimizer' group so that training resumes exactly after `loadModel`.
 */
export async function saveModel(model: SaveableModel, path: string, options: SaveOptions = {}): Promise<void> {
  const paths = modelFilePaths(path, 'model.json');
  const compileOptions = model.compileOptions;
  const optimizer = model.optimizer;
  const trainingConfig = compileOptions !== undefined && optimizer !== undefined ? trainingConfigOf(compileOptions, optimizer) : undefined;
  const includeOptimizer = options.includeOptimizer ?? true;
  if (compileOptions !== undefined && trainingConfig === undefined && includeOptimizer) {
    console.warn(`model.save: model '${model.name}' was compiled with a loss or metric given as a function or object, which cannot be stored as data; the file has no training config, so loadModel returns it uncompiled. Compile it again after loading.`);
  }
  const tensors = modelTensors(model);
  let optimizerState: tf.Tensor[] = [];
  // The optimizer state is stored even without a training config: BackupAndRestore restores it into the compiled model.
  if (includeOptimizer && optimizer !== undefined) {
    optimizerState = optimizer.getWeights();
    optimizerState.forEach((tensor, index) => {
      tensors.push({ name: index === 0 ? `${optimizer.name}/iterations` : `${optimizer.name}/state_${index}`, tensor, group: 'optimizer' });
    });
  }
  try {
    const { data, specs } = encodeWeights(tensors);
    const json = manifest(
      {
        format: 'layers-model',
        generatedBy: `keras-ts v${KERAS_TS_VERSION}`,
        convertedBy: null,
        modelTopology: { class_name: model.className, config: toKerasJson(model.getConfig()), keras_version: `keras-ts ${KERAS_TS_VERSION}`, backend: 'tensor_flow.js' },
        ...(trainingConfig !== undefined && includeOptimizer ? { trainingConfig } : {}),
      },
      specs,
      basename(paths.weights),
    );
    await writeModelFiles(paths, json, data);
  } finally {
    for (const tensor of optimizerState) tensor.dispose();
  }
}

/** Writes the model's weights only: `model.weights.json` (the manifest) and `model.weights.bin`. */
export async function saveWeights(model: SaveableModel, path: string): Promise<void> {
  const paths = modelFilePaths(path, 'model.weights.json');
  const { data, specs } = encodeWeights(modelTensors(model));
  const json = manifest({ format: 'layers-weights', generatedBy: `keras-ts v${KERAS_TS_VERSION}`, convertedBy: null }, specs, basename(paths.weights));
  await writeModelFiles(paths, json, data);
}

/**
 * Loads weights written by `saveWeights` or `save` (also tfjs-layers' `model.json`) into `model`.
 * Everything is checked before any weight changes; a mismatch throws and leaves the model as it was.
 */
export async function loadWeights(model: SaveableModel, path: string): Promise<void> {
  const { json, weights, source } = await readModelFiles(path, ['model.weights.json', 'model.json']);
  restoreWeights(model, json.weightsManifest.flatMap((group) => group.weights), weights, source, false);
}

/**
 * Restores weights and optimizer state from a `save` into an existing compiled model (what
 * BackupAndRestore needs to resume training in place). Validated before anything is assigned.
 */
export async function restoreTrainingState(model: SaveableModel, path: string): Promise<void> {
  const { json, weights, source } = await readModelFiles(path, ['model.json']);
  restoreWeights(model, json.weightsManifest.flatMap((group) => group.weights), weights, source, true);
}
