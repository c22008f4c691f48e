import * as tf from '@tensorflow/tfjs-core';
import { ValueError } from '../errors/errors.js';
import type { JsonValue } from './keras-json.js';
import { toKerasJson } from './keras-json.js';
import { type LoadSource, type SaveTarget, loadArtifacts, saveArtifacts } from './handlers.js';
import type { FetchOptions } from './http-handler.js';
import { kerasFileKind, unsupportedKerasFile } from './keras3/keras-files.js';
import { type KerasBytes, isKerasLoadSource, kerasDownloadKind } from './keras-targets.js';
import { typedFailure } from './load-guard.js';
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

function topologyOf(model: SaveableModel): { class_name: string; config: JsonValue; keras_version: string; backend: string } {
  return { class_name: model.className, config: toKerasJson(model.getConfig()), keras_version: `keras-ts ${KERAS_TS_VERSION}`, backend: 'tensor_flow.js' };
}

/**
 * Saves the model as tfjs-layers does: artifacts with the topology (`{ class_name, config,
 * keras_version, backend }`), the training config, the weight specs and one weight buffer; with
 * `includeOptimizer` (default) the optimizer state is appended as the 'optimizer' group so that
 * training resumes exactly after `loadModel`. A file path gets `model.json` + `weights.bin`.
 */
export async function saveModel(
  model: SaveableModel,
  target: SaveTarget,
  options: SaveOptions = {},
  /** tfjs's `userDefinedMetadata`, stored inside model.json (so it commits together with the weights). */
  userDefinedMetadata?: Record<string, JsonValue>,
): Promise<tf.io.SaveResult> {
  const kind = kerasFileKind(target) ?? kerasDownloadKind(target);
  if (kind === 'keras' && kerasDownloadKind(target) !== undefined) {
    return (await import('./keras3/keras-bytes.js')).downloadKerasFile(model, target as string, kind, options);
  }
  if (kind === 'weights.h5') {
    throw new ValueError(
      `model.save('${target as string}'): a '.weights.h5' file holds weights only; use model.saveWeights() for it, or save the model to a '.keras' file or a folder.`,
    );
  }
  if (kind === 'keras') return (await import('./keras3/keras-io.js')).saveKerasFile(model, target as string, options);
  if (kind !== undefined) throw unsupportedKerasFile(kind, target as string, 'save');
  const compileOptions = model.compileOptions;
  const optimizer = model.optimizer;
  const trainingConfig = compileOptions !== undefined && optimizer !== undefined ? trainingConfigOf(compileOptions, optimizer) : undefined;
  const includeOptimizer = options.includeOptimizer ?? true;
  if (compileOptions !== undefined && trainingConfig === undefined && includeOptimizer) {
    console.warn(
      `model.save: model '${model.name}' was compiled with a loss or metric given as a function or object, which cannot be stored as data; the file has no training config, so loadModel returns it uncompiled. Compile it again after loading.`,
    );
  }
  const tensors = modelTensors(model);
  let optimizerState: tf.Tensor[] = [];
  let encoded: ReturnType<typeof encodeWeights>;
  // The optimizer state is stored even without a training config: BackupAndRestore restores it into the compiled model.
  if (includeOptimizer && optimizer !== undefined) {
    optimizerState = optimizer.getWeights();
    optimizerState.forEach((tensor, index) => {
      tensors.push({ name: index === 0 ? `${optimizer.name}/iterations` : `${optimizer.name}/state_${index}`, tensor, group: 'optimizer' });
    });
  }
  try {
    encoded = encodeWeights(tensors);
  } finally {
    tf.dispose(optimizerState);
  }
  return saveArtifacts(
    target,
    {
      format: 'layers-model',
      generatedBy: `keras-ts v${KERAS_TS_VERSION}`,
      convertedBy: null,
      modelTopology: topologyOf(model),
      ...(trainingConfig !== undefined && includeOptimizer ? { trainingConfig: trainingConfig as unknown as tf.io.TrainingConfig } : {}),
      weightSpecs: encoded.specs as tf.io.WeightsManifestEntry[],
      weightData: encoded.data.buffer as ArrayBuffer,
      ...(userDefinedMetadata !== undefined ? { userDefinedMetadata: userDefinedMetadata as { [key: string]: {} } } : {}),
    },
    'model',
  );
}

/**
 * Saves the weights only (format 'layers-weights'; a file path gets `model.weights.json` +
 * `model.weights.bin`). The topology goes along (localStorage needs one), but `loadModel`
 * refuses weights-only saves: build the model in code and call `loadWeights`.
 */
export async function saveWeights(model: SaveableModel, target: SaveTarget): Promise<tf.io.SaveResult> {
  if (kerasDownloadKind(target) === 'weights.h5') {
    return (await import('./keras3/keras-bytes.js')).downloadKerasFile(model, target as string, 'weights.h5');
  }
  const kind = kerasFileKind(target) ?? kerasDownloadKind(target);
  if (kind === 'weights.h5' || kind === 'keras2.h5') return (await import('./keras3/keras-io.js')).saveWeightsH5File(model, target as string);
  if (kind !== undefined) {
    throw new ValueError(
      `saveWeights('${target as string}'): weights go to a '.weights.h5' file (Keras 3) or a folder (keras-ts's format); use model.save() for a .keras file.`,
    );
  }
  const { data, specs } = encodeWeights(modelTensors(model));
  return saveArtifacts(
    target,
    {
      format: 'layers-weights',
      generatedBy: `keras-ts v${KERAS_TS_VERSION}`,
      convertedBy: null,
      modelTopology: topologyOf(model),
      weightSpecs: specs as tf.io.WeightsManifestEntry[],
      weightData: data.buffer as ArrayBuffer,
    },
    'weights',
  );
}

/**
 * Loads weights written by `saveWeights` or `save` (also tfjs-layers' models) into `model`, or a
 * Keras 3 `.weights.h5` file: from a path (Node), an http(s) URL or, in a browser, a path relative
 * to the page, and from memory (a `File`, `Blob`, `ArrayBuffer` or `Uint8Array`).
 * Everything is checked before any weight changes; a mismatch throws and leaves the model as it was.
 */
export async function loadWeights(model: SaveableModel, source: LoadSource, options: FetchOptions = {}): Promise<void> {
  if (isKerasLoadSource(source)) {
    return (await import('./keras3/keras-bytes.js')).loadKerasWeightsFrom(model, source as string | KerasBytes, options);
  }
  const kind = kerasFileKind(source);
  if (kind === 'weights.h5' || kind === 'keras2.h5') return (await import('./keras3/keras-io.js')).loadWeightsH5File(model, source as string);
  if (kind !== undefined) throw unsupportedKerasFile(kind, source as string, 'load');
  const { specs, data, source: named } = await loadArtifacts(source, options, 'weights');
  typedFailure(named, 'Restoring the weights', () => restoreWeights(model, specs, data, named, false));
}

/**
 * Restores weights and optimizer state from a `save` into an existing compiled model (what
 * BackupAndRestore needs to resume training in place). `readMetadata` sees the file's
 * `userDefinedMetadata` first and may throw to refuse the file; its result is returned once the
 * weights are restored. Everything is validated before anything is assigned.
 */
export async function restoreTrainingState<T = void>(
  model: SaveableModel,
  source: LoadSource,
  readMetadata?: (metadata: Record<string, unknown> | undefined, source: string) => T,
): Promise<T> {
  const { artifacts, specs, data, source: named } = await loadArtifacts(source, {}, 'model');
  const result = readMetadata?.(artifacts.userDefinedMetadata as Record<string, unknown> | undefined, named) as T;
  typedFailure(named, 'Restoring the weights', () => restoreWeights(model, specs, data, named, true));
  return result;
}
