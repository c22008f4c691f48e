import { ValueError } from '../errors/errors.js';
import { deserializeLayer } from '../engine/registry.js';
import { Model } from '../models/model.js';
import type { ModelOutputs } from '../models/model-outputs.js';
import { type JsonValue, classNameFromKeras, fromKerasJson } from './keras-json.js';
import { type LoadSource, loadArtifacts } from './handlers.js';
import { restoreWeights } from './restore-weights.js';
import type { LoadModelOptions } from './saveable.js';
import { compileOptionsFrom } from './training-config.js';

/**
 * Loads a model saved by `model.save` (or by tfjs-layers' `model.save`): rebuilds the layers
 * through the layer registry (importing `@keras-ts/layers` registers the built-in ones; no code in
 * the file is evaluated), compiles it from the saved training config and restores the weights and
 * optimizer state. `source` is what tfjs users know (see {@link LoadSource}): the directory given
 * to `save` or its `model.json` (Node), `'http(s)://…/model.json'`, `'indexeddb://name'`,
 * `'localstorage://name'`, an IOHandler such as `tf.io.fromMemory(artifacts)`, or the artifacts.
 * Everything is checked before any weight is assigned; a bad file throws a ValueError and leaves
 * nothing behind.
 *
 * The file's outputs are not known to TypeScript, so `predict` of the result is `Tensor | Tensor[]`.
 * When you know the model, say so with the type argument: `loadModel<SymbolicTensor>(…)` for one
 * output (then `predict` returns a `Tensor`), `loadModel<[SymbolicTensor, SymbolicTensor]>(…)`
 * for two. The type argument is your statement about the file; it is not checked against it.
 */
export async function loadModel<Outputs extends ModelOutputs = ModelOutputs>(source: LoadSource, options: LoadModelOptions = {}): Promise<Model<Outputs>> {
  const { artifacts, specs, data, source: named } = await loadArtifacts(source, options, 'model');
  let topology = artifacts.modelTopology as Record<string, JsonValue> | null | undefined;
  if (topology === null || topology === undefined || typeof topology !== 'object' || artifacts.format === 'layers-weights') {
    throw new ValueError(`${named} holds weights only (saved by saveWeights, or no modelTopology). Build the model in code and call model.loadWeights() with it instead.`);
  }
  // Keras's HDF5-to-JSON exports wrap the topology in `model_config`.
  if (topology.model_config !== undefined && topology.model_config !== null) topology = topology.model_config as Record<string, JsonValue>;
  if (typeof topology.class_name !== 'string' || topology.config === undefined) {
    throw new ValueError(`${named} has a modelTopology without \`class_name\` and \`config\`; the file is corrupt.`);
  }
  const className = classNameFromKeras(topology.class_name);
  const config = fromKerasJson(topology.config) as Record<string, unknown>;
  const layer = deserializeLayer({ className, config });
  if (!(layer instanceof Model)) {
    layer.dispose();
    throw new ValueError(`${named} describes a ${className} layer, not a model (Sequential or Functional).`);
  }
  try {
    const trainingConfig = artifacts.trainingConfig as unknown as Record<string, JsonValue> | null | undefined;
    const compile = (options.compile ?? true) && trainingConfig !== undefined && trainingConfig !== null;
    if (compile) {
      layer.compile(compileOptionsFrom(trainingConfig));
      layer._adoptOptimizer();
    }
    restoreWeights(layer, specs, data, named, compile);
  } catch (error) {
    layer.dispose();
    throw error;
  }
  return layer as Model<Outputs>;
}
