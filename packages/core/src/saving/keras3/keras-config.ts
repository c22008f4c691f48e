import { ValueError } from '../../errors/errors.js';
import type { JsonValue } from '../keras-json.js';
import { ModelFormatError } from '../model-format-error.js';

/**
 * Keras 3's `config.json` (keras/src/saving/serialization_lib.py) → keras-ts's topology JSON (the
 * tfjs-layers / Keras 2 layout that `loadModel` checks and builds). Pure data to data: classes are
 * only named here and built later through the layer registry, so nothing in the file is evaluated.
 */

type Json = { [key: string]: JsonValue };

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

const MODEL_CLASSES = new Set(['Sequential', 'Functional', 'Model']);
/** Keras 3 keys keras-ts's layers do not take; dropped when they hold Keras's default. */
const DEFAULT_ONLY: Record<string, JsonValue> = {
  quantization_config: null,
  optional: false,
  ragged: false,
  zero_output_for_mask: false,
  autocast: true,
  input_axes: null,
  output_axes: null,
  seed: null,
};

interface Context {
  source: string;
}

function fail(context: Context, path: string, problem: string): never {
  throw new ModelFormatError(context.source, path, problem);
}

/** Keras 3's `{module, class_name, config, registered_name}`: the class name, refusing custom and code-holding objects. */
function className(context: Context, path: string, value: Json): string {
  const name = value.class_name;
  if (typeof name !== 'string') fail(context, path, `expected {module, class_name, config}, got ${JSON.stringify(value).slice(0, 80)}`);
  if (name === 'Lambda' || name === '__lambda__' || name === 'function') {
    throw new ValueError(
      `${context.source}: ${path}: keras-ts loads .keras files in safe mode: Lambda layers hold Python code, which is never evaluated. Replace the Lambda with a registered layer (or a custom layer class registered with registerLayerClass) and save again.`,
    );
  }
  const registered = value.registered_name;
  if (typeof registered === 'string' && registered !== name && registered.includes('>')) {
    fail(context, path, `'${registered}' is a custom Keras object; register a keras-ts layer class named '${name}' to load it`);
  }
  return name;
}

/** A DTypePolicy object or string → a dtype string (mixed policies are refused by the schema later). */
function dtypeOf(context: Context, path: string, value: JsonValue): JsonValue {
  if (!isObject(value)) return value;
  const config = value.config;
  if (value.class_name === 'DTypePolicy' && isObject(config) && typeof config.name === 'string') return config.name;
  return fail(context, path, `expected a dtype or a DTypePolicy, got class '${String(value.class_name)}'`);
}

/** An initializer/regularizer/constraint/activation object → keras-ts's `{class_name, config}` (null defaults dropped). */
function identifierOf(context: Context, path: string, value: JsonValue): JsonValue {
  if (!isObject(value)) return value;
  const name = className(context, path, value);
  if (value.module === 'builtins' || name === 'function') fail(context, path, 'is a Python function; keras-ts loads named objects only');
  const config = isObject(value.config) ? value.config : {};
  return { class_name: name, config: withoutDefaults(config) };
}

function withoutDefaults(config: Json): Json {
  return Object.fromEntries(Object.entries(config).filter(([key, item]) => !(key in DEFAULT_ONLY && item === DEFAULT_ONLY[key])));
}

function layerConfig(context: Context, path: string, name: string, config: Json): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(config)) {
    if (key in DEFAULT_ONLY && value === DEFAULT_ONLY[key]) continue;
    if (key === 'quantization_config') fail(context, `${path}.${key}`, 'quantized layers are not supported by keras-ts');
    if (key === 'dtype') out.dtype = dtypeOf(context, `${path}.dtype`, value);
    else if (key === 'data_format' && typeof value === 'string') out[key] = value.replace(/_([a-z])/g, (_, letter: string) => letter.toUpperCase());
    else if (/(^|_)(initializer|regularizer|constraint|activation)$/.test(key)) out[key] = identifierOf(context, `${path}.${key}`, value);
    else if (key === 'layers' && MODEL_CLASSES.has(name)) out.layers = layerList(context, `${path}.layers`, value, name === 'Sequential');
    else if (key === 'layer' || key === 'cell' || key === 'backward_layer')
      out[key] = isObject(value) && 'class_name' in value ? layerEntry(context, `${path}.${key}`, value, false) : value;
    else if ((key === 'input_layers' || key === 'output_layers') && MODEL_CLASSES.has(name)) out[key] = tensorList(context, `${path}.${key}`, value);
    else out[key] = value;
  }
  return out;
}

/** `['dense', 0, 0]` or a list of them → a list of them (Keras 3 writes one tensor unwrapped). */
function tensorList(context: Context, path: string, value: JsonValue): JsonValue {
  if (Array.isArray(value) && typeof value[0] === 'string') return [value];
  if (Array.isArray(value)) return value;
  return fail(context, path, 'expected [layer, node, tensor] or a list of them');
}

/** Keras 3's `{class_name: '__keras_tensor__', config: {keras_history: [layer, node, tensor]}}` → `[layer, node, tensor]`. */
function historyOf(context: Context, path: string, value: JsonValue): [string, number, number] {
  const history = isObject(value) && value.class_name === '__keras_tensor__' && isObject(value.config) ? value.config.keras_history : undefined;
  if (!Array.isArray(history) || history.length !== 3 || typeof history[0] !== 'string' || typeof history[1] !== 'number' || typeof history[2] !== 'number') {
    return fail(context, path, 'expected a Keras tensor ({class_name: "__keras_tensor__", config: {keras_history: [layer, node, tensor]}})');
  }
  return [history[0], history[1], history[2]];
}

/** One call `{args, kwargs}` → keras-ts's `[[layer, node, tensor, kwargs], …]`. */
function nodeOf(context: Context, path: string, node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node; // Keras 2's layout, as keras-ts reads it.
  if (!isObject(node) || !Array.isArray(node.args)) return fail(context, path, 'expected {args, kwargs}');
  const [first, ...rest] = node.args;
  if (first === undefined || rest.length > 0)
    fail(context, `${path}.args`, `expected one positional argument (a tensor or a list of tensors), got ${node.args.length}`);
  const tensors = Array.isArray(first) ? first : [first];
  // `training` follows the outer call in Keras 3 too, and masks propagate by themselves.
  const kwargs: Json = {};
  for (const [key, value] of Object.entries(isObject(node.kwargs) ? node.kwargs : {})) {
    if (key === 'training' || key === 'mask' || value === null) continue;
    if (typeof value === 'object') fail(context, `${path}.kwargs.${key}`, 'keras-ts replays calls with number, string and boolean arguments only');
    kwargs[key] = value;
  }
  return tensors.map((tensor, index) => [...historyOf(context, `${path}.args[0][${index}]`, tensor), kwargs]);
}

function layerEntry(context: Context, path: string, entry: Json, functional: boolean): Json {
  const name = className(context, path, entry);
  const config = isObject(entry.config) ? entry.config : fail(context, `${path}.config`, 'expected an object');
  const converted: Json = { class_name: name, config: layerConfig(context, `${path}.config`, name, config) };
  if (functional) {
    converted.name = typeof entry.name === 'string' ? entry.name : (config.name ?? null);
    const nodes = Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes : [];
    converted.inbound_nodes = nodes.map((node, index) => nodeOf(context, `${path}.inbound_nodes[${index}]`, node));
  }
  return converted;
}

/** The names of the layers a functional config's nodes use as positional arguments, and as `mask` arguments. */
function tensorUses(entries: readonly JsonValue[]): { args: Set<string>; masks: Set<string> } {
  const args = new Set<string>();
  const masks = new Set<string>();
  const collect = (value: JsonValue | undefined, into: Set<string>) => {
    if (Array.isArray(value)) for (const item of value) collect(item, into);
    else if (isObject(value)) {
      const history = isObject(value.config) ? value.config.keras_history : undefined;
      if (value.class_name === '__keras_tensor__' && Array.isArray(history) && typeof history[0] === 'string') into.add(history[0]);
    }
  };
  for (const entry of entries) {
    for (const node of isObject(entry) && Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes : []) {
      if (!isObject(node)) continue;
      collect(node.args, args);
      if (isObject(node.kwargs)) collect(node.kwargs.mask, masks);
    }
  }
  return { args, masks };
}

function layerList(context: Context, path: string, value: JsonValue, sequential: boolean): JsonValue {
  if (!Array.isArray(value)) return fail(context, path, 'expected a list of layers');
  // Keras 3 writes the mask an Embedding(mask_zero) passes on as an op layer (`NotEqual` from
  // keras.src.ops) given to the next layer as `mask=`; keras-ts propagates masks itself, so such
  // a layer, used only as a mask, is left out (the mask it computed is the one propagated).
  const uses = sequential ? undefined : tensorUses(value);
  const maskOnly = (entry: JsonValue) =>
    uses !== undefined &&
    isObject(entry) &&
    typeof entry.module === 'string' &&
    entry.module.startsWith('keras.src.ops') &&
    isObject(entry.config) &&
    typeof entry.config.name === 'string' &&
    uses.masks.has(entry.config.name) &&
    !uses.args.has(entry.config.name);
  return value.flatMap((entry, index) =>
    maskOnly(entry)
      ? []
      : [isObject(entry) ? layerEntry(context, `${path}[${index}]`, entry, !sequential) : fail(context, `${path}[${index}]`, 'expected a layer')],
  );
}

/** Keras 3's top-level `config.json` → `{class_name, config}` in keras-ts's topology JSON. */
export function fromKeras3Config(value: JsonValue, source: string): { class_name: string; config: Json } {
  const context = { source };
  if (!isObject(value)) return fail(context, '', 'config.json must hold an object');
  const converted = layerEntry(context, 'config', value, false);
  const config = converted.config as Json;
  // A Sequential saved before it was built (no InputLayer) still records its input shape.
  const build = value.build_config;
  if (converted.class_name === 'Sequential' && Array.isArray(config.layers) && isObject(build) && Array.isArray(build.input_shape)) {
    const first = config.layers[0];
    if (isObject(first) && first.class_name !== 'InputLayer') config.layers.unshift({ class_name: 'InputLayer', config: { batch_shape: build.input_shape } });
  }
  return { class_name: converted.class_name as string, config };
}

/**
 * Keras 3's `compile_config` → keras-ts's training config (`loss`, `metrics`, `loss_weights`,
 * `weighted_metrics`, `optimizer_config`), or a reason when it names something keras-ts cannot
 * rebuild from a name (a loss or metric object).
 */
export function trainingConfigFromKeras3(compile: JsonValue): Json | string {
  if (!isObject(compile)) return 'the compile config is not an object';
  const names = (value: JsonValue | undefined): boolean =>
    value === null ||
    value === undefined ||
    typeof value === 'string' ||
    (Array.isArray(value) && value.every(names)) ||
    (isObject(value) && Object.values(value).every(names));
  for (const key of ['loss', 'metrics', 'weighted_metrics'] as const) {
    if (!names(compile[key])) return `its ${key} is an object, not a name`;
  }
  const optimizer = compile.optimizer;
  let optimizerConfig: Json;
  if (typeof optimizer === 'string') optimizerConfig = { class_name: optimizer, config: {} };
  else if (isObject(optimizer) && typeof optimizer.class_name === 'string') {
    const config = isObject(optimizer.config) ? optimizer.config : {};
    // Keras 3 lists every base option; keep those keras-ts's optimizers take when they are set.
    const unset: Json = { use_ema: false, ema_momentum: 0.99, name: null };
    const kept = Object.fromEntries(Object.entries(config).filter(([key, item]) => item !== null && unset[key] !== item && key !== 'name'));
    optimizerConfig = { class_name: optimizer.class_name, config: kept };
  } else return 'it has no optimizer';
  const out: Json = { loss: compile.loss ?? null, metrics: compile.metrics ?? null, optimizer_config: optimizerConfig };
  if (compile.loss_weights !== null && compile.loss_weights !== undefined) out.loss_weights = compile.loss_weights;
  if (compile.weighted_metrics !== null && compile.weighted_metrics !== undefined) out.weighted_metrics = compile.weighted_metrics;
  // Compiled steps: Keras writes its resolved `jit_compile` (true under JAX whenever XLA can be
  // used), so true stays keras-ts's 'auto' (compile where it can, else eager with a reason); an
  // explicit false (eager steps) is kept.
  if (compile.jit_compile === false) out.jit_compile = false;
  if (typeof compile.steps_per_execution === 'number' && compile.steps_per_execution !== 1) out.steps_per_execution = compile.steps_per_execution;
  return out;
}
