import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '../../errors/errors.js';
import { InputLayer } from '../../engine/input-layer.js';
import type { Layer } from '../../engine/layer.js';
import type { LayerWeight } from '../../engine/layer-weight.js';
import { Model } from '../../models/model.js';
import { Sequential } from '../../models/sequential.js';
import { type H5Contents, type H5DatasetInfo, type H5Reader, withH5File, writeH5 } from './h5.js';

/**
 * Keras 3's `.weights.h5` layout (keras/src/saving/saving_lib.py): each layer's own variables,
 * trainable ones first, are datasets `<path>/vars/0`, `<path>/vars/1`, … where `<path>` is the
 * attribute path from the model, not the layer name — `layers/<class in snake_case>[_<n>]` for a
 * model's layers, numbered by class within the list (`layers/dense`, `layers/dense_1`), then
 * `/cell` for an RNN's cell, `/forward_layer` for a Bidirectional's, and so on. The model's own
 * group is `vars` at the root; each `vars` group carries the layer's name as its `name` attribute.
 * A layer reached twice (a shared layer) is stored once, at its first path. The optimizer's
 * variables sit under `optimizer/vars`; loading weights ignores them.
 */
export interface KerasVarsGroup {
  /** `layers/lstm/cell/vars`. */
  path: string;
  layer: Layer;
  /** The layer's own weights in Keras's order (trainable first). */
  weights: LayerWeight[];
}

/** Keras's `naming.to_snake_case`: `Conv1D` → `conv1d`, `GlobalMaxPooling1D` → `global_max_pooling1d`. */
export function kerasSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The parts a layer registered with `trackLayer` (protected on Layer: saving is the one outside reader). */
function partsOf(layer: Layer): readonly Layer[] {
  return (layer as unknown as { sublayers: readonly Layer[] }).sublayers;
}

/** Fields of Layer that hold parts without naming them in Keras's terms. */
const ENGINE_FIELDS = new Set(['trackedLayers', 'graphLayers', 'graphLayerList', 'stack']);

/** The Keras attribute path of each part of a non-model layer (`cell`, `forward_layer`, `cells/gru_cell`). */
function partPaths(layer: Layer): Map<Layer, string> {
  const paths = new Map<Layer, string>();
  const fields = Object.entries(layer as unknown as Record<string, unknown>).filter(([key]) => !ENGINE_FIELDS.has(key));
  for (const part of partsOf(layer)) {
    const direct = fields.find(([, value]) => value === part);
    if (direct !== undefined) {
      paths.set(part, kerasSnakeCase(direct[0]));
      continue;
    }
    const list = fields.find(([, value]) => Array.isArray(value) && value.includes(part));
    if (list === undefined) {
      throw new ValueError(
        `Cannot place the weights of '${part.name}' (${part.className}), a part of layer '${layer.name}' (${layer.className}), in Keras's .weights.h5 layout: it is not stored in a field of the layer.`,
      );
    }
  }
  for (const [key, value] of fields) {
    if (!Array.isArray(value)) continue;
    const members = value.filter((item): item is Layer => partsOf(layer).includes(item as Layer) && !paths.has(item as Layer));
    for (const [part, name] of containerNames(members)) paths.set(part, `${kerasSnakeCase(key)}/${name}`);
  }
  return paths;
}

/** Keras's `_save_container_state` names: the class in snake_case, `_1`, `_2`, … for repeats. */
function containerNames(layers: readonly Layer[]): [Layer, string][] {
  const used = new Map<string, number>();
  return layers.map((layer) => {
    const base = kerasSnakeCase(layer.className);
    const count = used.get(base);
    used.set(base, count === undefined ? 0 : count + 1);
    return [layer, count === undefined ? base : `${base}_${count + 1}`];
  });
}

function ownWeights(layer: Layer): LayerWeight[] {
  const inParts = new Set(partsOf(layer).flatMap((part) => part.weights));
  const own = layer.weights.filter((weight) => !inParts.has(weight));
  return [...own.filter((weight) => weight.trainable), ...own.filter((weight) => !weight.trainable)];
}

/** Every `vars` group of `model` in Keras's layout, in walk order (empty groups included, as Keras writes them). */
export function kerasVarsGroups(model: Model): KerasVarsGroup[] {
  const groups: KerasVarsGroup[] = [];
  const visited = new Set<Layer>();
  const walk = (layer: Layer, path: string) => {
    if (visited.has(layer)) return;
    visited.add(layer);
    groups.push({ path: path === '' ? 'vars' : `${path}/vars`, layer, weights: layer instanceof Model ? [] : ownWeights(layer) });
    const prefix = path === '' ? '' : `${path}/`;
    if (layer instanceof Model) {
      // Keras 3's Sequential.layers leaves out the InputLayer; Functional.layers keeps them.
      const layers = layer instanceof Sequential ? layer.layers.filter((item) => !(item instanceof InputLayer)) : layer.layers;
      for (const [child, name] of containerNames(layers)) walk(child, `${prefix}layers/${name}`);
    } else {
      for (const [part, name] of partPaths(layer)) walk(part, `${prefix}${name}`);
    }
  };
  walk(model, '');
  return groups;
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Pairs every weight of `model` with its dataset in the file and checks shapes and dtypes, reading
 * no values; then reads them (each checked against its shape). A weight missing from the file, a
 * dataset of the file's `layers` tree the model has no weight for, or a shape that differs throws
 * before a value is read.
 */
function matchDatasets(model: Model, datasets: H5DatasetInfo[], source: string): [LayerWeight, H5DatasetInfo][] {
  const byPath = new Map(datasets.map((info) => [info.path, info]));
  const used = new Set<string>();
  const pairs: [LayerWeight, H5DatasetInfo][] = [];
  for (const group of kerasVarsGroups(model)) {
    group.weights.forEach((weight, index) => {
      const path = `${group.path}/${index}`;
      const info = byPath.get(path);
      if (info === undefined) {
        throw new ValueError(
          `${source} has no dataset '${path}' for weight '${weight.name}' of layer '${group.layer.name}' (${group.layer.className}); the file holds ${datasets.filter((d) => d.path.startsWith(`${group.path}/`)).length} for that layer. Load weights saved from a model with the same architecture.`,
        );
      }
      if (!tf.util.arraysEqual(info.shape, weight.shape)) {
        throw new ShapeError(
          `Weight '${weight.name}' of the model has shape ${shapeText(weight.shape)}, but ${source} stores '${path}' with shape ${shapeText(info.shape)}. The file belongs to a model with a different architecture.`,
        );
      }
      used.add(path);
      pairs.push([weight, info]);
    });
  }
  const extra = datasets.filter((info) => !used.has(info.path) && !info.path.startsWith('optimizer/'));
  if (extra.length > 0) {
    throw new ValueError(
      `${source} holds weights the model has no place for: ${extra
        .slice(0, 5)
        .map((info) => `'${info.path}' ${shapeText(info.shape)}`)
        .join(', ')}${extra.length > 5 ? `, … (${extra.length} in all)` : ''}. Load weights saved from a model with the same architecture.`,
    );
  }
  return pairs;
}

/**
 * Loads Keras 3 `.weights.h5` bytes into `model`. Everything is checked, and every value read,
 * before any weight is assigned; a failure leaves the model as it was and no tensor behind.
 */
export async function loadKerasWeightsH5(model: Model, bytes: Uint8Array, source: string): Promise<void> {
  await withH5File(bytes, source, (file) => assignKerasWeights(model, file, source));
}

/** Pairs, reads and only then assigns every weight of `model` from an open file (synchronous, for loaders that must stay so). */
export function assignKerasWeights(model: Model, file: H5Reader, source: string): void {
  const values = matchDatasets(model, file.datasets, source).map(([weight, info]) => [weight, file.readFloat32(info)] as const);
  tf.tidy(() => {
    for (const [weight, data] of values) weight.assign(tf.tensor(data, weight.shape, 'float32'));
  });
}

/** What {@link kerasWeightsH5Contents} writes for `model` (also the `model.weights.h5` of a `.keras` archive). */
export async function kerasWeightsH5Contents(model: Model): Promise<H5Contents> {
  const contents: H5Contents = { groups: [], datasets: [], names: new Map() };
  for (const group of kerasVarsGroups(model)) {
    contents.groups.push(group.path);
    contents.names?.set(group.path, group.layer.name);
    for (const [index, weight] of group.weights.entries()) {
      if (weight.dtype !== 'float32') {
        throw new ValueError(`Cannot write weight '${weight.name}' (${weight.dtype}) to a .weights.h5 file: keras-ts writes float32 weights only.`);
      }
      contents.datasets.push({ path: `${group.path}/${index}`, shape: weight.shape, data: (await weight.variable.data()) as Float32Array });
    }
  }
  return contents;
}

/** Keras 3 `.weights.h5` bytes of `model`'s weights. */
export async function saveKerasWeightsH5(model: Model): Promise<Uint8Array> {
  return writeH5(await kerasWeightsH5Contents(model));
}
