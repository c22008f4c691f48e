import type * as tf from '@tensorflow/tfjs-core';
import { Model } from '../../models/model.js';
import type { LoadModelOptions, SaveOptions, SaveableModel } from '../saveable.js';
import { loadKerasArchive, saveKerasArchive } from './keras-archive.js';
import { asModel, kerasFileKind, readKerasFile, writeKerasFile } from './keras-files.js';
import { loadKerasLegacyH5, loadWeightsOfAnyLayout, saveLegacyWeightsH5 } from './legacy-h5.js';
import { saveKerasWeightsH5 } from './weights-h5.js';

/**
 * Keras 3 files by path, imported lazily by `save`/`loadModel`/`saveWeights`/`loadWeights` when
 * the path ends in `.weights.h5` or `.keras`, so h5wasm and fflate load only when used.
 */

/** `model.saveWeights('x.weights.h5')`: Keras 3's layout (`'x.h5'`: the legacy layout), written atomically. */
export async function saveWeightsH5File(model: SaveableModel, path: string): Promise<tf.io.SaveResult> {
  const keras = asModel(model, Model, path);
  const bytes = kerasFileKind(path) === 'keras2.h5' ? await saveLegacyWeightsH5(keras) : await saveKerasWeightsH5(keras);
  await writeKerasFile(path, bytes);
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
}

/**
 * `model.loadWeights('x.weights.h5')`, and `'x.h5'` written by Keras's legacy `save_weights` or
 * `save` (its `model_weights`): checked whole before any weight is assigned.
 */
export async function loadWeightsH5File(model: SaveableModel, path: string): Promise<void> {
  await loadWeightsOfAnyLayout(asModel(model, Model, path), await readKerasFile(path), `'${path}'`);
}

/** `model.save('x.keras')`: a Keras 3 archive, written atomically. */
export async function saveKerasFile(model: SaveableModel, path: string, options: SaveOptions): Promise<tf.io.SaveResult> {
  const bytes = await saveKerasArchive(asModel(model, Model, path), options);
  await writeKerasFile(path, bytes);
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
}

/** `loadModel('x.keras')`, and `loadModel('x.h5')` for Keras's legacy full-model HDF5 files. */
export async function loadKerasFile(path: string, options: LoadModelOptions): Promise<Model> {
  if (kerasFileKind(path) === 'keras2.h5') return loadKerasLegacyH5(await readKerasFile(path), `'${path}'`, { compile: options.compile });
  return loadKerasArchive(await readKerasFile(path), `'${path}'`, { compile: options.compile });
}
