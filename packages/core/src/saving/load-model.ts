import { ValueError } from '../errors/errors.js';
import { deserializeLayer } from '../engine/registry.js';
import { Model } from '../models/model.js';
import type { ModelOutputs } from '../models/model-outputs.js';
import { type JsonValue, fromKerasJson } from './keras-json.js';
import { type LoadSource, loadArtifacts } from './handlers.js';
import { kerasFileKind, unsupportedKerasFile } from './keras3/keras-files.js';
import { type KerasBytes, isKerasLoadSource } from './keras-targets.js';
import { releaseOnFailure, typedFailure } from './load-guard.js';
import { restoreWeights } from './restore-weights.js';
import type { LoadModelOptions } from './saveable.js';
import { checkTopology } from './schema/topology-schema.js';
import { compileOptionsFrom } from './training-config.js';
import { withWeightAllowance } from './weight-allowance.js';
import type { WeightSpec } from './weights-codec.js';

function largestTensor(specs: WeightSpec[]): number {
  return specs.reduce(
    (largest, spec) =>
      Math.max(
        largest,
        spec.shape.reduce((size, dimension) => size * dimension, 1),
      ),
    0,
  );
}

/**
 * Loads a model saved by `model.save` (or by tfjs-layers' `model.save`): rebuilds the layers
 * through the layer registry (importing `@keras-ts/layers` registers the built-in ones; no code in
 * the file is evaluated), compiles it from the saved training config and restores the weights and
 * optimizer state. `source` is what tfjs users know (see {@link LoadSource}): the directory given
 * to `save` or its `model.json` (Node), `'http(s)://…/model.json'`, `'indexeddb://name'`,
 * `'localstorage://name'`, an IOHandler such as `tf.io.fromMemory(artifacts)`, or the artifacts.
 * A Keras 3 `.keras` file loads from a path (Node), an http(s) URL or, in a browser, a path
 * relative to the page, and from memory: a `File` the user picked, a `Blob`, an `ArrayBuffer` or
 * a `Uint8Array` (recognised by its zip signature).
 *
 * The file is checked against a schema before any layer is built (field types, nesting depth,
 * dtypes, registered layer classes, weight data size); a bad file throws a `ModelFormatError` (a
 * ValueError) naming the field, e.g. `modelTopology.config.layers[2].config.activation`. A failed
 * load leaves no tensor or variable behind.
 *
 * The file's outputs are not known to TypeScript, so `predict` of the result is `Tensor | Tensor[]`.
 * When you know the model, say so with the type argument: `loadModel<SymbolicTensor>(…)` for one
 * output (then `predict` returns a `Tensor`), `loadModel<[SymbolicTensor, SymbolicTensor]>(…)`
 * for two. The type argument is your statement about the file; it is not checked against it.
 */
export async function loadModel<Outputs extends ModelOutputs = ModelOutputs>(source: LoadSource, options: LoadModelOptions = {}): Promise<Model<Outputs>> {
  if (isKerasLoadSource(source)) {
    const { loadKerasModelFrom } = await import('./keras3/keras-bytes.js');
    return (await loadKerasModelFrom(source as string | KerasBytes, options)) as Model<Outputs>;
  }
  const kind = kerasFileKind(source);
  if (kind === 'weights.h5') {
    throw new ValueError(
      `'${source as string}' holds weights only (a Keras 3 .weights.h5 file). Build the model in code and call model.loadWeights() with it instead.`,
    );
  }
  if (kind === 'keras' || kind === 'keras2.h5')
    return (await (await import('./keras3/keras-io.js')).loadKerasFile(source as string, options)) as Model<Outputs>;
  if (kind !== undefined) throw unsupportedKerasFile(kind, source as string, 'load');
  const { artifacts, specs, data, source: named } = await loadArtifacts(source, options, 'model');
  const topology = artifacts.modelTopology;
  if (topology === null || topology === undefined || artifacts.format === 'layers-weights') {
    throw new ValueError(
      `${named} holds weights only (saved by saveWeights, or no modelTopology). Build the model in code and call model.loadWeights() with it instead.`,
    );
  }
  const { className, config } = checkTopology({ source: named }, topology);
  const trainingConfig = artifacts.trainingConfig as unknown as Record<string, JsonValue> | null | undefined;
  const compile = (options.compile ?? true) && trainingConfig !== undefined && trainingConfig !== null;
  const model = releaseOnFailure(() => {
    const layer = typedFailure(named, 'Building the model from modelTopology', () =>
      withWeightAllowance(largestTensor(specs.filter((spec) => spec.group !== 'optimizer')), named, () =>
        deserializeLayer({ className, config: fromKerasJson(config as JsonValue) as Record<string, unknown> }),
      ),
    );
    try {
      if (!(layer instanceof Model)) throw new ValueError(`${named} describes a ${className} layer, not a model (Sequential or Functional).`);
      if (compile) {
        typedFailure(named, 'Compiling the model from trainingConfig', () => layer.compile(compileOptionsFrom(trainingConfig)));
        layer._adoptOptimizer();
      }
      typedFailure(named, 'Restoring the weights', () => restoreWeights(layer, specs, data, named, compile));
    } catch (error) {
      layer.dispose();
      throw error;
    }
    return layer;
  });
  return model as Model<Outputs>;
}
