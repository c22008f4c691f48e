import type { Layer } from '../../engine/layer.js';
import type { Node } from '../../engine/node.js';
import { Model } from '../../models/model.js';
import { Sequential } from '../../models/sequential.js';
import { toSnakeCase } from '../../utils/identifier.js';
import { type JsonValue, toKerasJson } from '../keras-json.js';

/**
 * keras-ts's topology JSON → Keras 3's `config.json` (keras/src/saving/serialization_lib.py), the
 * inverse of keras-config.ts: objects become `{module, class_name, config, registered_name}`,
 * dtypes `DTypePolicy` objects, calls `{args, kwargs}` of Keras tensors carrying their shape.
 */

type Json = { [key: string]: JsonValue };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const IDENTIFIER_MODULES: [RegExp, string][] = [
  [/(^|_)initializer$/, 'keras.initializers'],
  [/(^|_)regularizer$/, 'keras.regularizers'],
  [/(^|_)constraint$/, 'keras.constraints'],
];

function dtypePolicy(name: JsonValue): JsonValue {
  return typeof name === 'string' ? { module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null } : name;
}

function objectEntry(module: string, value: JsonValue): JsonValue {
  if (!isObject(value) || typeof value.class_name !== 'string') return value;
  return { module, class_name: value.class_name, config: value.config ?? {}, registered_name: null };
}

/** The output `{shape, dtype}` of each `layer#node#tensor` of a functional model, numbered as its config numbers nodes. */
function tensorTypes(model: Model): Map<string, { shape: JsonValue; dtype: string }> {
  const inModel = new Set<Node>([...model.nodes, ...model.inputs.map((tensor) => tensor.sourceLayer.inboundNodes[tensor.nodeIndex]!)]);
  const types = new Map<string, { shape: JsonValue; dtype: string }>();
  for (const layer of model.layers) {
    let index = 0;
    for (const node of layer.inboundNodes) {
      if (!inModel.has(node)) continue;
      node.outputTensors.forEach((tensor, position) => types.set(`${layer.name}#${index}#${position}`, { shape: [...tensor.shape], dtype: tensor.dtype }));
      index += 1;
    }
  }
  return types;
}

function kerasTensor(reference: JsonValue, types: Map<string, { shape: JsonValue; dtype: string }>): JsonValue {
  const [layer, node, tensor] = reference as [string, number, number];
  const type = types.get(`${layer}#${node}#${tensor}`);
  return { class_name: '__keras_tensor__', config: { shape: type?.shape ?? null, dtype: type?.dtype ?? 'float32', keras_history: [layer, node, tensor] } };
}

function callOf(call: JsonValue, types: Map<string, { shape: JsonValue; dtype: string }>): JsonValue {
  const inputs = call as JsonValue[][];
  const tensors = inputs.map((input) => kerasTensor(input.slice(0, 3), types));
  const kwargs = (inputs[0]?.[3] ?? {}) as JsonValue;
  return { args: [tensors.length === 1 ? tensors[0]! : tensors], kwargs };
}

function layerConfig(className: string, config: Json, layer: Layer | undefined): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(config)) {
    if (key === 'batch_input_shape') {
      // Keras 3 takes the batch shape on its InputLayer only.
      if (className === 'InputLayer') out.batch_shape = value;
      continue;
    }
    if (key === 'dtype' && className !== 'InputLayer') out.dtype = dtypePolicy(value);
    else if (key === 'data_format' && typeof value === 'string') out[key] = toSnakeCase(value);
    else if (key === 'layers' && layer instanceof Model) out.layers = layerList(layer, value as Json[]);
    else if ((key === 'input_layers' || key === 'output_layers') && Array.isArray(value)) out[key] = value.length === 1 ? value[0]! : value;
    else {
      const module = IDENTIFIER_MODULES.find(([pattern]) => pattern.test(key))?.[1];
      out[key] =
        module !== undefined
          ? objectEntry(module, value)
          : isObject(value) && isObject(value.config) && typeof value.class_name === 'string'
            ? layerEntry(value, undefined)
            : value;
    }
  }
  return out;
}

function moduleOf(className: string): { module: string; registered_name: string | null } {
  if (className === 'Sequential') return { module: 'keras', registered_name: null };
  if (className === 'Functional') return { module: 'keras.src.models.functional', registered_name: 'Functional' };
  return { module: 'keras.layers', registered_name: null };
}

function layerEntry(entry: Json, layer: Layer | undefined, types?: Map<string, { shape: JsonValue; dtype: string }>): Json {
  const className = entry.class_name as string;
  const out: Json = { module: moduleOf(className).module, class_name: className, config: layerConfig(className, entry.config as Json, layer) };
  out.registered_name = moduleOf(className).registered_name;
  if (types !== undefined) {
    out.name = entry.name ?? null;
    out.inbound_nodes = ((entry.inbound_nodes ?? []) as JsonValue[]).map((call) => callOf(call, types));
  }
  return out;
}

function layerList(model: Model, entries: Json[]): JsonValue {
  const types = model instanceof Sequential ? undefined : tensorTypes(model);
  const byName = new Map(model.layers.map((layer) => [layer.name, layer]));
  return entries.map((entry) => layerEntry(entry, byName.get((entry.config as Json).name as string), types));
}

/** A loss or metric name as Keras spells it (`categoricalCrossentropy` → `categorical_crossentropy`). */
function kerasName(value: JsonValue): JsonValue {
  if (typeof value === 'string') return toSnakeCase(value);
  if (Array.isArray(value)) return value.map(kerasName);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, kerasName(item)]));
  return value;
}

/**
 * An optimizer config as Keras 3's constructors take it: `beta_1` for keras-ts's `beta1`, and SGD's
 * `momentum` left out at its default, since Keras requires a Python float there and JSON writes 0 as an int.
 */
function optimizerEntry(optimizer: Json): JsonValue {
  const config: Json = {};
  for (const [key, value] of Object.entries(isObject(optimizer.config) ? optimizer.config : {})) {
    if (optimizer.class_name === 'SGD' && key === 'momentum' && value === 0) continue;
    config[key.replace(/^beta(\d)$/, 'beta_$1')] = value;
  }
  return objectEntry('keras.optimizers', { class_name: optimizer.class_name ?? null, config });
}

/** Optimizer options Keras keeps as integers; every other number of an optimizer config is a Python float. */
const INTEGER_OPTIONS = /(_steps|_frequency)$/;
const FLOAT_MARK = '__keras_ts_float__';

/**
 * `config` as JSON text for Keras: whole numbers among the optimizer's options are written `1.0`,
 * since Keras's optimizers check for a Python float (`learning_rate=1` is refused) and
 * JSON.stringify writes `1`.
 */
export function kerasConfigText(config: Json): string {
  const compile = isObject(config.compile_config) ? config.compile_config : undefined;
  const optimizer = compile !== undefined && isObject(compile.optimizer) && isObject(compile.optimizer.config) ? compile.optimizer.config : undefined;
  return JSON.stringify(config, function (this: unknown, key, value: unknown) {
    if (this === optimizer && typeof value === 'number' && Number.isInteger(value) && !INTEGER_OPTIONS.test(key)) return `${FLOAT_MARK}${value}`;
    return value;
  }).replace(new RegExp(`"${FLOAT_MARK}(-?\\d+)"`, 'g'), '$1.0');
}

/** Keras 3's `compile_config` from keras-ts's training config. */
function compileConfig(training: Json): Json {
  return {
    optimizer: optimizerEntry(training.optimizer_config as Json),
    loss: kerasName(training.loss ?? null),
    loss_weights: training.loss_weights ?? null,
    metrics: kerasName(training.metrics ?? null),
    weighted_metrics: kerasName(training.weighted_metrics ?? null),
    run_eagerly: false,
    steps_per_execution: training.steps_per_execution ?? 1,
    jit_compile: training.jit_compile ?? 'auto',
  };
}

/** Keras 3's `config.json` for `model`, with its compile config when `training` is given. */
export function toKeras3Config(model: Model, training: Json | undefined): Json {
  const out = layerEntry({ class_name: model.className, config: toKerasJson(model.getConfig()) }, model);
  if (training !== undefined) out.compile_config = compileConfig(training);
  return out;
}
