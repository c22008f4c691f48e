import type * as tf from '@tensorflow/tfjs-core';
import { Model } from '../../models/model.js';
import type { LoadModelOptions, SaveOptions, SaveableModel } from '../saveable.js';
import { loadKerasArchive, saveKerasArchive } from './keras-archive.js';
import { asModel, readKerasFile, writeKerasFile } from './keras-files.js';
import { loadKerasWeightsH5, saveKerasWeightsH5 } from './weights-h5.js';

/**
 * Keras 3 files by path, imported lazily by `save`/`loadModel`/`saveWeights`/`loadWeights` when
 * the path ends in `.weights.h5` or `.keras`, so h5wasm and fflate load only when used.
 */

/** `model.saveWeights('x.weights.h5')`: Keras 3's layout, written atomically. */
export async function saveWeightsH5File(model: SaveableModel, path: string): Promise<tf.io.SaveResult> {
  const bytes = await saveKerasWeightsH5(asModel(model, Model, path));
  await writeKerasFile(path, bytes);
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
}

/** `model.loadWeights('x.weights.h5')`: checked whole before any weight is assigned. */
export async function loadWeightsH5File(model: SaveableModel, path: string): Promise<void> {
  await loadKerasWeightsH5(asModel(model, Model, path), await readKerasFile(path), `'${path}'`);
}

/** `model.save('x.keras')`: a Keras 3 archive, written atomically. */
export async function saveKerasFile(model: SaveableModel, path: string, options: SaveOptions): Promise<tf.io.SaveResult> {
  const bytes = await saveKerasArchive(asModel(model, Model, path), options);
  await writeKerasFile(path, bytes);
  return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON', weightDataBytes: bytes.byteLength } };
}

/** `loadModel('x.keras')`. */
export async function loadKerasFile(path: string, options: LoadModelOptions): Promise<Model> {
  return loadKerasArchive(await readKerasFile(path), `'${path}'`, { compile: options.compile });
}
