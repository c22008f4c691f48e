// The schema of what loading reads besides the topology: the weight specs of a manifest, the
// training config and the other top-level fields of model.json / in-memory artifacts.
import { ModelFormatError } from '../model-format-error.js';
import type { WeightSpec } from '../weights-codec.js';
import {
  type JsonObject,
  type SchemaContext,
  checkNesting,
  child,
  fail,
  isObject,
  isSafeInteger,
  item,
  optionalString,
  requireArray,
  requireObject,
  requireString,
} from './json-checks.js';

/** dtypes a weights file may store (what tfjs-layers and the tfjs converter write for layers models). */
export const WEIGHT_DTYPES: readonly string[] = ['float32', 'int32', 'bool', 'complex64'];

/** Storage dtypes of quantized weights (tfjs converter). */
export const QUANTIZATION_DTYPES: readonly string[] = ['uint8', 'uint16', 'float16'];

const list = (values: readonly string[]) => `one of ${values.map((value) => `'${value}'`).join(', ')}`;

function checkShape(context: SchemaContext, path: string, value: unknown): void {
  const shape = requireArray(context, path, value, 'a list of non-negative integers');
  let elements = 1;
  shape.forEach((dimension, index) => {
    if (!isSafeInteger(dimension, 0)) fail(context, item(path, index), 'a non-negative integer dimension', dimension);
    elements *= dimension;
  });
  // Sizes are added up in bytes later; a shape whose size is not an exact number cannot describe a file.
  if (!Number.isSafeInteger(elements * 8)) throw new ModelFormatError(context.source, path, `describes ${elements} values; a weight has at most 2^50.`);
}

/** Checks one weight entry of a manifest (`{ name, shape, dtype, group?, quantization? }`). */
export function checkWeightSpec(context: SchemaContext, path: string, value: unknown): WeightSpec {
  const spec = requireObject(context, path, value, 'a weight entry { name, shape, dtype }');
  requireString(context, child(path, 'name'), spec.name);
  checkShape(context, child(path, 'shape'), spec.shape);
  const dtype = spec.dtype;
  if (dtype === 'string')
    fail(context, child(path, 'dtype'), list(WEIGHT_DTYPES), dtype, 'String weights belong to graph models; layers models store numbers.');
  if (typeof dtype !== 'string' || !WEIGHT_DTYPES.includes(dtype)) fail(context, child(path, 'dtype'), list(WEIGHT_DTYPES), dtype);
  optionalString(context, child(path, 'group'), spec.group);
  if (spec.quantization !== undefined && spec.quantization !== null) {
    const where = child(path, 'quantization');
    const quantization = requireObject(context, where, spec.quantization, 'an object { dtype, scale, min }');
    if (typeof quantization.dtype !== 'string' || !QUANTIZATION_DTYPES.includes(quantization.dtype)) {
      fail(context, child(where, 'dtype'), list(QUANTIZATION_DTYPES), quantization.dtype);
    }
    if (dtype !== 'float32' && dtype !== 'int32') fail(context, child(path, 'dtype'), "'float32' or 'int32' for a quantized weight", dtype);
    if (quantization.dtype !== 'float16') {
      for (const key of ['scale', 'min']) {
        const number = quantization[key];
        if (typeof number !== 'number' || !Number.isFinite(number)) fail(context, child(where, key), 'a finite number', number);
      }
    }
  }
  return spec as unknown as WeightSpec;
}

/** Checks a list of weight entries (`weightSpecs` of artifacts, `weights` of a manifest group). */
export function checkWeightSpecs(context: SchemaContext, path: string, value: unknown): WeightSpec[] {
  return requireArray(context, path, value, 'a list of weight entries').map((spec, index) => checkWeightSpec(context, item(path, index), spec));
}

/** Checks model.json's `weightsManifest`: `[{ paths: string[], weights: [...] }]`. */
export function checkWeightsManifest(context: SchemaContext, path: string, value: unknown): { paths: string[]; weights: WeightSpec[] }[] {
  return requireArray(context, path, value, 'a list of { paths, weights } groups').map((group, index) => {
    const where = item(path, index);
    const entry = requireObject(context, where, group, 'a group { paths, weights }');
    const paths = requireArray(context, child(where, 'paths'), entry.paths, 'a list of file names');
    paths.forEach((name, position) => {
      if (typeof name !== 'string' || name.length === 0) fail(context, item(child(where, 'paths'), position), 'a non-empty file name', name);
    });
    if (paths.length === 0 && Array.isArray(entry.weights) && entry.weights.length > 0)
      fail(context, child(where, 'paths'), 'at least one file name for a group with weights', paths);
    return { paths: paths as string[], weights: checkWeightSpecs(context, child(where, 'weights'), entry.weights) };
  });
}

/** Loss and metric settings: identifiers, or lists / output-keyed records of them (any depth within the nesting limit). */
function checkIdentifierTree(context: SchemaContext, path: string, value: unknown, allowNull: boolean): void {
  const pending: { value: unknown; path: string }[] = [{ value, path }];
  while (pending.length > 0) {
    const entry = pending.pop()!;
    if (typeof entry.value === 'string') continue;
    if (entry.value === null && (allowNull || entry.path !== path)) continue;
    if (Array.isArray(entry.value)) entry.value.forEach((element, index) => pending.push({ value: element, path: item(entry.path, index) }));
    else if (isObject(entry.value) && !('class_name' in entry.value))
      for (const [key, element] of Object.entries(entry.value)) pending.push({ value: element, path: child(entry.path, key) });
    else
      fail(
        context,
        entry.path,
        "a name such as 'mse', or a list / output-keyed record of names",
        entry.value,
        'Load the model with { compile: false } and compile it yourself.',
      );
  }
}

function checkLossWeights(context: SchemaContext, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((weight, index) => [item(path, index), weight])
    : Object.entries(requireObject(context, path, value, 'a list or an output-keyed record of numbers')).map(([key, weight]) => [child(path, key), weight]);
  for (const [where, weight] of entries) if (typeof weight !== 'number' || !Number.isFinite(weight)) fail(context, where, 'a finite number', weight);
}

/** Checks a training config: `loss`, `metrics`, `weighted_metrics`, `loss_weights`, `optimizer_config`. */
export function checkTrainingConfig(context: SchemaContext, path: string, value: unknown): void {
  if (value === undefined || value === null) return;
  const config = requireObject(context, path, value, 'an object { loss, metrics, optimizer_config }');
  checkIdentifierTree(context, child(path, 'loss'), config.loss, false);
  for (const key of ['metrics', 'weighted_metrics']) if (config[key] !== undefined) checkIdentifierTree(context, child(path, key), config[key], true);
  checkLossWeights(context, child(path, 'loss_weights'), config.loss_weights);
  const where = child(path, 'optimizer_config');
  const optimizer = requireObject(context, where, config.optimizer_config, 'an object { class_name, config }');
  requireString(context, child(where, 'class_name'), optimizer.class_name);
  if (optimizer.config !== undefined && optimizer.config !== null) requireObject(context, child(where, 'config'), optimizer.config);
}

/** Checks the top-level fields loading reads besides topology and weights: `format`, `generatedBy`, `convertedBy`, `userDefinedMetadata`. */
export function checkHeader(context: SchemaContext, value: JsonObject): void {
  optionalString(context, 'format', value.format);
  optionalString(context, 'generatedBy', value.generatedBy);
  optionalString(context, 'convertedBy', value.convertedBy);
  if (value.userDefinedMetadata !== undefined && value.userDefinedMetadata !== null) requireObject(context, 'userDefinedMetadata', value.userDefinedMetadata);
  if (value.modelTopology !== undefined && value.modelTopology !== null && !(value.modelTopology instanceof ArrayBuffer)) {
    requireObject(context, 'modelTopology', value.modelTopology, 'an object { class_name, config }');
  }
  checkTrainingConfig(context, 'trainingConfig', value.trainingConfig);
}

function bytesOf(context: SchemaContext, path: string, value: unknown): Uint8Array {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  fail(context, path, 'an ArrayBuffer', value);
}

/**
 * Checks in-memory artifacts (what every handler's `load` returns, and what a user passes):
 * nesting depth, header fields, training config, weight specs, and weight data that is binary
 * and exactly as long as the specs describe. Returns the specs and the data joined into one array.
 */
export function checkArtifacts(context: SchemaContext, value: unknown, byteLength: (spec: WeightSpec) => number): { specs: WeightSpec[]; data: Uint8Array } {
  const artifacts = requireObject(context, '', value, 'model artifacts { modelTopology, weightSpecs, weightData }');
  for (const key of ['modelTopology', 'trainingConfig', 'weightSpecs', 'userDefinedMetadata']) checkNesting(context, key, artifacts[key]);
  checkHeader(context, artifacts);
  const specs = artifacts.weightSpecs === undefined || artifacts.weightSpecs === null ? [] : checkWeightSpecs(context, 'weightSpecs', artifacts.weightSpecs);
  const weightData = artifacts.weightData;
  let data: Uint8Array;
  if (weightData === undefined || weightData === null) data = new Uint8Array(0);
  else if (Array.isArray(weightData)) {
    const parts = weightData.map((part, index) => bytesOf(context, item('weightData', index), part));
    data = new Uint8Array(parts.reduce((sum, part) => sum + part.byteLength, 0));
    let offset = 0;
    for (const part of parts) {
      data.set(part, offset);
      offset += part.byteLength;
    }
  } else data = bytesOf(context, 'weightData', weightData);
  const expected = specs.reduce((sum, spec) => sum + byteLength(spec), 0);
  if (data.byteLength !== expected) {
    throw new ModelFormatError(
      context.source,
      'weightData',
      `has ${data.byteLength} bytes, but the ${specs.length} weight entries describe ${expected} bytes. The weights are truncated, corrupt or belong to another model; save the model again.`,
    );
  }
  return { specs, data };
}
