import { ValueError } from '../errors/errors.js';
import { deserializeLayer } from '../engine/registry.js';
import { Model } from '../models/model.js';
import { type JsonValue, classNameFromKeras, fromKerasJson } from './keras-json.js';
import { readModelFiles } from './model-files.js';
import { restoreWeights } from './restore-weights.js';
import type { LoadModelOptions } from './saveable.js';
import { compileOptionsFrom } from './training-config.js';

/**
 * Loads a model saved by `model.save` (or by tfjs-layers' `model.save`): rebuilds the layers
 * through the layer registry (importing `@keras-ts/layers` registers the built-in ones; no code in
 * the file is evaluated), compiles it from the saved training config and restores the weights and
 * optimizer state. `path` is the directory or its `model.json`. Everything is checked before any
 * weight is assigned; a bad file throws and leaves nothing behind.
 */
export async function loadModel(path: string, options: LoadModelOptions = {}): Promise<Model> {
  const { json, weights, source } = await readModelFiles(path, ['model.json']);
  let topology = json.modelTopology as Record<string, JsonValue> | null | undefined;
  if (topology === null || topology === undefined) {
    throw new ValueError(`${source} holds weights only (no modelTopology). Build the model in code and call model.loadWeights('${path}') instead.`);
  }
  // Keras's HDF5-to-JSON exports wrap the topology in `model_config`.
  if (topology.model_config !== undefined && topology.model_config !== null) topology = topology.model_config as Record<string, JsonValue>;
  if (typeof topology.class_name !== 'string' || topology.config === undefined) {
    throw new ValueError(`${source} has a modelTopology without \`class_name\` and \`config\`; the file is corrupt.`);
  }
  const className = classNameFromKeras(topology.class_name);
  const config = fromKerasJson(topology.config) as Record<string, unknown>;
  const layer = deserializeLayer({ className, config });
  if (!(layer instanceof Model)) {
    layer.dispose();
    throw new ValueError(`${source} describes a ${className} layer, not a model (Sequential or Functional).`);
  }
  try {
    const trainingConfig = json.trainingConfig;
    const compile = (options.compile ?? true) && trainingConfig !== undefined && trainingConfig !== null;
    if (compile) {
      layer.compile(compileOptionsFrom(trainingConfig));
      layer._adoptOptimizer();
    }
    restoreWeights(layer, json.weightsManifest.flatMap((group) => group.weights), weights, source, compile);
  } catch (error) {
    layer.dispose();
    throw error;
  }
  return layer;
}
