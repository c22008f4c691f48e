import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '../../errors/errors.js';
import type { Layer } from '../../engine/layer.js';
import type { LayerWeight } from '../../engine/layer-weight.js';
import { deserializeLayer } from '../../engine/registry.js';
import { Model } from '../../models/model.js';
import { type JsonValue, fromKerasJson } from '../keras-json.js';
import { releaseOnFailure, typedFailure } from '../load-guard.js';
import { ModelFormatError } from '../model-format-error.js';
import type { LoadModelOptions } from '../saveable.js';
import { checkTopology } from '../schema/topology-schema.js';
import { withWeightAllowance } from '../weight-allowance.js';
import { type H5Contents, type H5DatasetInfo, type H5Reader, withH5File, writeH5 } from './h5.js';
import { compileFrom } from './keras-archive.js';
import { fromKeras3Config } from './keras-config.js';
import { restoreOptimizerVariables } from './optimizer-state.js';
import { assignKerasWeights } from './weights-h5.js';

/**
 * Keras's legacy HDF5 files (keras/src/legacy/saving/legacy_h5_format.py, Keras 2's
 * `hdf5_format.py`): a full model holds root attributes `model_config` (JSON: Keras 2's layout
 * with `inbound_nodes` as `[[[layer, node, tensor, kwargs]]]`, or Keras 3's when Keras 3 wrote
 * the file), `keras_version`, `backend`, optionally `training_config`, and the groups
 * `model_weights` and `optimizer_weights`. A weights group (`model_weights`, or the root of a
 * weights-only `.h5`) lists `layer_names`; each layer's group lists `weight_names`, trainable
 * weights first, and holds them as datasets at those names (`dense/kernel:0`). Lists too long for
 * one HDF5 attribute are split into `layer_names0`, `layer_names1`, ….
 */

/** An attribute list, joined from Keras's numbered chunks when it was split. */
function stringList(file: H5Reader, path: string, name: string, source: string): string[] | undefined {
  const whole = file.stringAttribute(path, name);
  if (whole !== undefined) return typeof whole === 'string' ? [whole] : whole;
  const chunks: string[] = [];
  for (let index = 0; ; index++) {
    const chunk = file.stringAttribute(path, `${name}${index}`);
    if (chunk === undefined) return index === 0 ? undefined : chunks;
    if (typeof chunk === 'string') throw new ModelFormatError(source, `${path}@${name}${index}`, 'expected a list of strings');
    chunks.push(...chunk);
  }
}

/** A layer's weights in Keras's legacy order: trainable, then non-trainable (`_legacy_weights`). */
function legacyWeights(layer: Layer): LayerWeight[] {
  return [...layer.trainableWeights, ...layer.nonTrainableWeights];
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Pairs and checks every weight of `model` with the datasets of a legacy weights group, reads them,
 * and only then assigns them. Layers with weights pair by name when the model's and the file's
 * names agree (always so for a model built from the file's config), otherwise in order, as Keras's
 * `load_weights` does.
 */
export function assignLegacyWeights(model: Model, file: H5Reader, group: string, source: string): void {
  const prefix = group === '' ? '' : `${group}/`;
  const layerNames = stringList(file, group, 'layer_names', source);
  if (layerNames === undefined) throw new ModelFormatError(source, group, "has no 'layer_names' attribute: it is not a Keras weights group");
  const fileLayers = layerNames
    .map((name) => ({ name, weightNames: stringList(file, `${prefix}${name}`, 'weight_names', source) ?? [] }))
    .filter((layer) => layer.weightNames.length > 0);
  const modelLayers = model.layers.filter((layer) => legacyWeights(layer).length > 0);
  if (fileLayers.length !== modelLayers.length) {
    throw new ValueError(
      `${source} holds weights for ${fileLayers.length} layer(s) [${fileLayers.map((layer) => layer.name).join(', ')}], but the model has ${modelLayers.length} layer(s) with weights [${modelLayers.map((layer) => layer.name).join(', ')}]. Load weights saved from a model with the same architecture.`,
    );
  }
  const byName = new Map(fileLayers.map((layer) => [layer.name, layer]));
  const named = modelLayers.every((layer) => byName.has(layer.name));
  const byPath = new Map(file.datasets.map((info) => [info.path, info]));
  const pairs: [LayerWeight, H5DatasetInfo][] = [];
  modelLayers.forEach((layer, index) => {
    const entry = named ? byName.get(layer.name)! : fileLayers[index]!;
    const weights = legacyWeights(layer);
    if (entry.weightNames.length !== weights.length) {
      throw new ValueError(
        `Layer '${layer.name}' (${layer.className}) has ${weights.length} weight(s), but ${source} holds ${entry.weightNames.length} for layer '${entry.name}' [${entry.weightNames.join(', ')}]. Load weights saved from a model with the same architecture.`,
      );
    }
    weights.forEach((weight, position) => {
      const path = `${prefix}${entry.name}/${entry.weightNames[position]!}`;
      const info = byPath.get(path);
      if (info === undefined) throw new ModelFormatError(source, path, 'is listed in weight_names but is not a dataset of the file');
      if (!tf.util.arraysEqual(info.shape, weight.shape)) {
        throw new ShapeError(
          `Weight '${weight.name}' of the model has shape ${shapeText(weight.shape)}, but ${source} stores '${path}' with shape ${shapeText(info.shape)}. The file belongs to a model with a different architecture.`,
        );
      }
      pairs.push([weight, info]);
    });
  });
  const values = pairs.map(([weight, info]) => [weight, file.readFloat32(info)] as const);
  tf.tidy(() => {
    for (const [weight, data] of values) weight.assign(tf.tensor(data, weight.shape, 'float32'));
  });
}

/**
 * Loads HDF5 weights of either layout, told apart by content: Keras 3's `.weights.h5`, a legacy
 * weights-only file (root `layer_names`) or a legacy full-model file (its `model_weights`).
 */
export async function loadWeightsOfAnyLayout(model: Model, bytes: Uint8Array, source: string): Promise<void> {
  await withH5File(bytes, source, (file) => {
    if (isLegacyWeightsFile(file)) assignLegacyWeights(model, file, '', source);
    else if (file.stringAttribute('', 'model_config') !== undefined) assignLegacyWeights(model, file, 'model_weights', source);
    else assignKerasWeights(model, file, source);
  });
}

/**
 * `model.saveWeights('x.h5')`: the legacy weights-only layout Keras's `load_weights('x.h5')`
 * reads — root attributes `layer_names`, `backend`, `keras_version`; per layer a group with
 * `weight_names` (trainable first) and a dataset at each name (`dense/kernel`).
 */
export async function saveLegacyWeightsH5(model: Model): Promise<Uint8Array> {
  const contents: H5Contents = { groups: [], datasets: [], attributes: [] };
  contents.attributes!.push(
    { path: '', name: 'layer_names', value: model.layers.map((layer) => layer.name) },
    { path: '', name: 'backend', value: 'tensorflow' },
    { path: '', name: 'keras_version', value: '3.15.1' },
  );
  for (const layer of model.layers) {
    contents.groups.push(layer.name);
    const used = new Set<string>();
    const names: string[] = [];
    for (const weight of legacyWeights(layer)) {
      if (weight.dtype !== 'float32')
        throw new ValueError(`Cannot write weight '${weight.name}' (${weight.dtype}) to a .h5 file: keras-ts writes float32 weights only.`);
      const base = weight.name.startsWith(`${layer.name}/`) ? weight.name : `${layer.name}/${weight.name}`;
      let name = base;
      for (let suffix = 1; used.has(name); suffix++) name = `${base}_${suffix}`;
      used.add(name);
      names.push(name);
      contents.datasets.push({ path: `${layer.name}/${name}`, shape: [...weight.shape], data: (await weight.variable.data()) as Float32Array });
    }
    contents.attributes!.push({ path: layer.name, name: 'weight_names', value: names });
  }
  return writeH5(contents);
}

/** Whether `bytes`' HDF5 file is a legacy weights file (a root `layer_names` list), not Keras 3's `.weights.h5` layout. */
export function isLegacyWeightsFile(file: H5Reader): boolean {
  return file.stringAttribute('', 'layer_names') !== undefined || file.stringAttribute('', 'layer_names0') !== undefined;
}

function parseAttribute(file: H5Reader, name: string, source: string): JsonValue | undefined {
  const text = file.stringAttribute('', name);
  if (text === undefined) return undefined;
  if (typeof text !== 'string') throw new ModelFormatError(source, `@${name}`, 'expected a JSON string');
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw new ModelFormatError(source, `@${name}`, `is not valid JSON (${(error as Error).message})`);
  }
}

const isObject = (value: unknown): value is { [key: string]: JsonValue } => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A legacy `training_config` as Keras 3's compile config: the same fields, with Keras 2's
 * optimizer spellings (`Custom>Adam`, `is_legacy_optimizer`, `jit_compile`) normalised.
 */
function compileConfigOf(training: JsonValue): JsonValue {
  if (!isObject(training)) return training;
  const optimizer = isObject(training.optimizer_config) ? training.optimizer_config : undefined;
  const config = isObject(optimizer?.config) ? { ...optimizer.config } : {};
  delete config.is_legacy_optimizer;
  delete config.jit_compile;
  if (config.decay === 0) delete config.decay;
  const className = typeof optimizer?.class_name === 'string' ? optimizer.class_name.replace(/^Custom>/, '') : optimizer?.class_name;
  return { ...training, optimizer: optimizer === undefined ? null : { class_name: className ?? null, config } };
}

/**
 * Loads a legacy full-model `.h5`: the architecture from `model_config` (checked against the
 * topology schema and built through the registry; Lambda refused), the weights from
 * `model_weights`, the compile config from `training_config` (or a warning and an uncompiled
 * model), and the optimizer state from `optimizer_weights` when Keras 3 wrote the file (Keras 2's
 * slot layout differs and is skipped with a warning).
 */
export async function loadKerasLegacyH5(bytes: Uint8Array, source: string, options: Pick<LoadModelOptions, 'compile'> = {}): Promise<Model> {
  return withH5File(bytes, source, (file) => {
    const raw = parseAttribute(file, 'model_config', source);
    if (raw === undefined) {
      if (isLegacyWeightsFile(file) || file.groups.includes('layers') || file.groups.includes('vars')) {
        throw new ValueError(
          `${source} holds weights only (Keras's save_weights, or a Keras 3 .weights.h5). Build the model in code and call model.loadWeights() with it instead.`,
        );
      }
      throw new ModelFormatError(source, '', "has no 'model_config' attribute: it is not a Keras full-model .h5 file");
    }
    const topology = typedFailure(source, 'Reading model_config', () => fromKeras3Config(raw, source));
    const { className, config } = checkTopology({ source }, topology);
    const training = (options.compile ?? true) ? parseAttribute(file, 'training_config', source) : undefined;
    const version = file.stringAttribute('', 'keras_version');
    return releaseOnFailure(() => {
      const largest = file.datasets.reduce(
        (most, info) =>
          Math.max(
            most,
            info.shape.reduce((size, dimension) => size * dimension, 1),
          ),
        0,
      );
      const layer = typedFailure(source, 'Building the model from model_config', () =>
        withWeightAllowance(largest, source, () => deserializeLayer({ className, config: fromKerasJson(config as JsonValue) as Record<string, unknown> })),
      );
      try {
        if (!(layer instanceof Model)) throw new ValueError(`${source} describes a ${className} layer, not a model (Sequential or Functional).`);
        typedFailure(source, 'Restoring the weights', () => assignLegacyWeights(layer, file, 'model_weights', source));
        if (training !== undefined && training !== null) {
          compileFrom(layer, compileConfigOf(training), source);
          const names = stringList(file, 'optimizer_weights', 'weight_names', source) ?? [];
          if (names.length > 0 && layer.optimizer !== undefined) {
            if (typeof version === 'string' && version.startsWith('3.')) {
              const byPath = new Map(file.datasets.map((info) => [info.path, info]));
              const ordered = names.map((name) => {
                const info = byPath.get(`optimizer_weights/${name}`);
                if (info === undefined)
                  throw new ModelFormatError(source, `optimizer_weights/${name}`, 'is listed in weight_names but is not a dataset of the file');
                return info;
              });
              typedFailure(source, 'Restoring the optimizer state', () => restoreOptimizerVariables(layer, file, ordered, source));
            } else {
              console.warn(
                `loadModel(${source}): the optimizer state of this Keras ${String(version)} file is not restored (keras-ts reads Keras 3's optimizer layout); training restarts the optimizer from zero.`,
              );
            }
          }
        }
      } catch (error) {
        layer.dispose();
        throw error;
      }
      return layer;
    });
  });
}
