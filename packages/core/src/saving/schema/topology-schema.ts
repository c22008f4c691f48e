// The schema of a model's topology, checked before any layer is built: the model classes'
// structure (Sequential, Functional), registered layer classes, and the types of the config
// fields layer constructors read, by Keras's field names.
import { getLayerClass } from '../../engine/registry.js';
import { classNameFromKeras } from '../keras-json.js';
import { ModelFormatError } from '../model-format-error.js';
import { type JsonObject, type SchemaContext, child, fail, isObject, isSafeInteger, item, requireArray, requireObject, requireString } from './json-checks.js';

/** dtypes a layer computes in. */
export const LAYER_DTYPES: readonly string[] = ['float32', 'int32', 'bool'];

const MODEL_CLASSES = new Set(['Sequential', 'Functional']);

/** `activation`, `recurrent_activation`, `kernel_initializer`, `bias_regularizer`, `kernel_constraint`, … */
const IDENTIFIER_FIELD = /(^|_)(activation|initializer|regularizer|constraint)$/;
const POSITIVE_INTEGER_FIELDS = new Set([
  'units',
  'filters',
  'input_dim',
  'output_dim',
  'num_heads',
  'key_dim',
  'value_dim',
  'depth_multiplier',
  'n',
  'groups',
]);
const WINDOW_FIELDS = new Set(['kernel_size', 'strides', 'pool_size', 'dilation_rate', 'size']);
const SHAPE_FIELDS = new Set(['batch_input_shape', 'batch_shape', 'input_shape']);
const BOOLEAN_FIELDS = new Set([
  'trainable',
  'use_bias',
  'return_sequences',
  'return_state',
  'go_backwards',
  'stateful',
  'unroll',
  'mask_zero',
  'sparse',
  'ragged',
  'reset_after',
  'time_major',
]);
const NUMBER_FIELDS = new Set(['momentum', 'epsilon', 'alpha', 'theta', 'l1', 'l2', 'stddev', 'negative_slope', 'threshold', 'dropout', 'recurrent_dropout']);
const IDENTIFIER_EXPECTED = 'a string or {class_name, config}';

/** The keras-ts class registered for `className` (a tfjs alias such as 'Model' included), or a failure naming `path`. */
function registeredClass(context: SchemaContext, path: string, className: string): string {
  try {
    // The registered class's own name: lookups accept any spelling ('dense', 'DENSE').
    return getLayerClass(classNameFromKeras(className)).className;
  } catch (error) {
    throw new ModelFormatError(context.source, path, (error as Error).message);
  }
}

function checkIdentifier(context: SchemaContext, path: string, value: unknown): void {
  if (value === null || value === undefined || typeof value === 'string') return;
  if (!isObject(value) || typeof value.class_name !== 'string') fail(context, path, IDENTIFIER_EXPECTED, value);
  if (value.config !== undefined && value.config !== null) requireObject(context, child(path, 'config'), value.config);
}

function checkWindow(context: SchemaContext, path: string, value: unknown): void {
  if (value === null) return;
  if (isSafeInteger(value, 1)) return;
  const values = requireArray(context, path, value, 'a positive integer or a list of them');
  values.forEach((size, index) => {
    if (!isSafeInteger(size, 1)) fail(context, item(path, index), 'a positive integer', size);
  });
}

function checkField(context: SchemaContext, path: string, key: string, value: unknown): void {
  if (key === 'name') requireString(context, path, value);
  else if (key === 'dtype') {
    if (value !== null && (typeof value !== 'string' || !LAYER_DTYPES.includes(value)))
      fail(context, path, `one of ${LAYER_DTYPES.map((d) => `'${d}'`).join(', ')}`, value);
  } else if (IDENTIFIER_FIELD.test(key)) checkIdentifier(context, path, value);
  else if (POSITIVE_INTEGER_FIELDS.has(key) || key === 'batch_size') {
    // null: optional sizes (MultiHeadAttention's value_dim); a required one the constructor then refuses.
    if (value !== null && !isSafeInteger(value, 1)) fail(context, path, 'a positive integer', value);
  } else if (SHAPE_FIELDS.has(key)) {
    if (value === null) return;
    requireArray(context, path, value, 'a list of sizes (non-negative integers or null)').forEach((size, index) => {
      if (size !== null && !isSafeInteger(size, 0)) fail(context, item(path, index), 'a non-negative integer or null', size);
    });
  } else if (WINDOW_FIELDS.has(key)) checkWindow(context, path, value);
  else if (BOOLEAN_FIELDS.has(key)) {
    if (typeof value !== 'boolean') fail(context, path, 'true or false', value);
  } else if (key === 'rate') {
    if (typeof value !== 'number' || !(value >= 0 && value <= 1)) fail(context, path, 'a number in [0, 1]', value);
  } else if (NUMBER_FIELDS.has(key)) {
    if (value !== null && (typeof value !== 'number' || !Number.isFinite(value))) fail(context, path, 'a finite number', value);
  } else if (key === 'axis' && value !== null) {
    const axes = Array.isArray(value) ? value : [value];
    axes.forEach((axis, index) => {
      if (typeof axis !== 'number' || !Number.isSafeInteger(axis))
        fail(context, Array.isArray(value) ? item(path, index) : path, 'an integer axis or a list of them', axis);
    });
  }
}

/** Checks one `{ class_name, config }` layer entry; nested models are checked as models. */
function checkLayerEntry(context: SchemaContext, path: string, value: unknown, functional: boolean): void {
  const entry = requireObject(context, path, value, 'a layer entry {class_name, config}');
  const className = registeredClass(context, child(path, 'class_name'), requireString(context, child(path, 'class_name'), entry.class_name));
  const configPath = child(path, 'config');
  if (functional) {
    if (entry.name !== undefined) requireString(context, child(path, 'name'), entry.name);
    checkInboundNodes(context, child(path, 'inbound_nodes'), entry.inbound_nodes);
  }
  if (MODEL_CLASSES.has(className)) {
    checkModelConfig(context, configPath, className, entry.config);
    return;
  }
  const config = requireObject(context, configPath, entry.config, 'the layer config (an object)');
  for (const [key, field] of Object.entries(config)) checkField(context, child(configPath, key), key, field);
}

function checkReference(context: SchemaContext, path: string, value: unknown, withKwargs: boolean): void {
  const reference = requireArray(context, path, value, withKwargs ? '[layerName, nodeIndex, tensorIndex, kwargs]' : '[layerName, nodeIndex, tensorIndex]');
  requireString(context, item(path, 0), reference[0]);
  for (const index of [1, 2]) if (!isSafeInteger(reference[index], 0)) fail(context, item(path, index), 'a non-negative integer index', reference[index]);
  if (withKwargs && reference[3] !== undefined && reference[3] !== null) {
    const kwargs = requireObject(context, item(path, 3), reference[3], 'an object of call arguments');
    for (const [key, argument] of Object.entries(kwargs)) {
      if (argument !== null && typeof argument === 'object') fail(context, child(item(path, 3), key), 'a number, string, boolean or null', argument);
    }
  }
}

function checkInboundNodes(context: SchemaContext, path: string, value: unknown): void {
  if (value === undefined) return;
  requireArray(context, path, value, 'a list of calls').forEach((call, callIndex) => {
    const where = item(path, callIndex);
    const inputs = requireArray(context, where, call, 'a list of [layerName, nodeIndex, tensorIndex, kwargs] (the tfjs-layers / Keras 2 layout)');
    inputs.forEach((reference, index) => checkReference(context, item(where, index), reference, true));
  });
}

function checkModelConfig(context: SchemaContext, path: string, className: string, value: unknown): void {
  if (className === 'Sequential') {
    // tfjs-layers' older files store a Sequential's config as the plain list of layers.
    const layers = Array.isArray(value) ? value : requireObject(context, path, value, 'an object { name, layers }').layers;
    const layersPath = Array.isArray(value) ? path : child(path, 'layers');
    if (!Array.isArray(value) && (value as JsonObject).name !== undefined) requireString(context, child(path, 'name'), (value as JsonObject).name);
    requireArray(context, layersPath, layers, 'a list of layer entries').forEach((entry, index) =>
      checkLayerEntry(context, item(layersPath, index), entry, false),
    );
    return;
  }
  const config = requireObject(context, path, value, 'an object { name, layers, input_layers, output_layers }');
  if (config.name !== undefined) requireString(context, child(path, 'name'), config.name);
  requireArray(context, child(path, 'layers'), config.layers, 'a list of layer entries').forEach((entry, index) =>
    checkLayerEntry(context, item(child(path, 'layers'), index), entry, true),
  );
  for (const key of ['input_layers', 'output_layers']) {
    const references = requireArray(context, child(path, key), config[key], 'a non-empty list of [layerName, nodeIndex, tensorIndex]');
    if (references.length === 0) fail(context, child(path, key), 'a non-empty list of [layerName, nodeIndex, tensorIndex]', references);
    references.forEach((reference, index) => checkReference(context, item(child(path, key), index), reference, false));
  }
}

/**
 * Checks a model topology (`{ class_name, config }`, or Keras's `{ model_config: … }` wrapper)
 * and returns the model's keras-ts class name and its (snake_case) config. Every layer class
 * must be registered, and every field the layer constructors read must have its type.
 */
export function checkTopology(context: SchemaContext, value: unknown): { className: string; config: unknown } {
  let path = 'modelTopology';
  let topology = requireObject(context, path, value, 'an object { class_name, config }');
  if (topology.model_config !== undefined && topology.model_config !== null) {
    path = child(path, 'model_config');
    topology = requireObject(context, path, topology.model_config, 'an object { class_name, config }');
  }
  const classPath = child(path, 'class_name');
  const className = registeredClass(context, classPath, requireString(context, classPath, topology.class_name));
  if (!MODEL_CLASSES.has(className)) {
    throw new ModelFormatError(
      context.source,
      classPath,
      `describes a ${className} layer, not a model (Sequential or Functional); load it into a model you build in code with model.loadWeights().`,
    );
  }
  checkModelConfig(context, child(path, 'config'), className, topology.config);
  return { className, config: topology.config };
}
