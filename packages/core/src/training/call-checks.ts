import { rejectUnknownKeys, requireBoolean, requireOneOf, requirePositiveInteger } from '@keras-ts/common';
import { ValueError } from '../errors/errors.js';
import { Layer } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { isBatchSource } from './batch-source.js';
import { checkClassWeight } from './class-weight.js';
import type { EvaluateOptions, FitOptions, PredictOptions } from './options.js';

/** What the argument checks need from a model. */
export interface CheckedModel {
  readonly name: string;
  readonly nodes: Node[];
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
}

const FIT_OPTIONS = [
  'batchSize',
  'epochs',
  'verbose',
  'callbacks',
  'validationSplit',
  'validationData',
  'shuffle',
  'classWeight',
  'sampleWeight',
  'initialEpoch',
  'stepsPerEpoch',
  'validationSteps',
  'validationBatchSize',
  'validationFreq',
  'checkNumerics',
];
const EVALUATE_OPTIONS = ['batchSize', 'verbose', 'sampleWeight', 'steps', 'callbacks', 'returnDict'];
const PREDICT_OPTIONS = ['batchSize', 'verbose', 'steps', 'callbacks'];
const ON_BATCH_OPTIONS = ['sampleWeight', 'resetMetrics', 'returnDict', 'checkNumerics'];

/** fit's options with Keras 3's defaults filled in. */
export type ResolvedFitOptions = FitOptions & Required<Pick<FitOptions, 'epochs' | 'batchSize' | 'verbose' | 'shuffle' | 'initialEpoch' | 'validationFreq'>>;

function checkOptionsObject(owner: string, options: unknown, accepted: readonly string[]): asserts options is object {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${owner}: the options must be an object such as { batchSize: 32 }, got ${Array.isArray(options) ? 'an array' : String(options)}.`);
  }
  rejectUnknownKeys(owner, options, accepted);
}

function checkCommon(owner: string, options: { batchSize?: unknown; verbose?: unknown; callbacks?: unknown; steps?: unknown }): void {
  if (options.batchSize !== undefined) requirePositiveInteger(owner, 'batchSize', options.batchSize);
  if (options.verbose !== undefined) requireOneOf(owner, 'verbose', options.verbose, [0, 1, 2]);
  if (options.steps !== undefined) requirePositiveInteger(owner, 'steps', options.steps);
  if (options.callbacks !== undefined && !Array.isArray(options.callbacks)) {
    throw new ValueError(`${owner}: \`callbacks\` must be an array of Callback objects, got ${String(options.callbacks)}.`);
  }
}

/** Checks every option of `fit` before anything runs; returns them with the defaults. */
export function checkFitOptions(options: unknown, fromSource: boolean, model: CheckedModel): ResolvedFitOptions {
  const owner = 'fit()';
  checkOptionsObject(owner, options, FIT_OPTIONS);
  const given = options as FitOptions;
  checkCommon(owner, given);
  for (const name of ['epochs', 'stepsPerEpoch', 'validationSteps', 'validationBatchSize', 'validationFreq'] as const) {
    if (given[name] !== undefined) requirePositiveInteger(owner, name, given[name]);
  }
  if (given.shuffle !== undefined) requireBoolean(owner, 'shuffle', given.shuffle);
  if (given.checkNumerics !== undefined) requireBoolean(owner, 'checkNumerics', given.checkNumerics);
  if (given.initialEpoch !== undefined && (!Number.isInteger(given.initialEpoch) || given.initialEpoch < 0)) {
    throw new ValueError(`${owner}: \`initialEpoch\` must be a non-negative integer (the epoch to resume from), got ${String(given.initialEpoch)}.`);
  }
  const split = given.validationSplit;
  if (split !== undefined && (typeof split !== 'number' || !(split >= 0 && split < 1))) {
    throw new ValueError(
      `${owner}: \`validationSplit\` must be a fraction in [0, 1) of the samples to hold out for validation, got ${String(split)}. E.g. validationSplit: 0.2 holds out the last 20%.`,
    );
  }
  if (split !== undefined && given.validationData !== undefined) {
    throw new ValueError('Pass either `validationSplit` or `validationData` to fit(), not both.');
  }
  if (fromSource && split !== undefined) {
    throw new ValueError('`validationSplit` needs in-memory data; with a batch source pass `validationData` (another batch source or tensors).');
  }
  if (fromSource && given.sampleWeight !== undefined) {
    throw new ValueError('`sampleWeight` needs in-memory data; a batch source yields its weights in its batches: [x, y, sampleWeight].');
  }
  checkValidationData(given.validationData);
  if (given.classWeight !== undefined && given.sampleWeight !== undefined) {
    // Keras 3's words, spelled the JavaScript way; Keras 2 multiplied the two silently.
    throw new ValueError(
      "You cannot `classWeight` and `sampleWeight` at the same time. Multiply each sample's class weight into `sampleWeight` and pass that alone.",
    );
  }
  if (given.classWeight !== undefined) {
    const output = model.outputs[0];
    checkClassWeight(given.classWeight, model.outputs.length, output?.shape[output.rank - 1]);
  }
  return {
    ...given,
    epochs: given.epochs ?? 1,
    batchSize: given.batchSize ?? 32,
    verbose: given.verbose ?? 1,
    shuffle: given.shuffle ?? true,
    initialEpoch: given.initialEpoch ?? 0,
    validationFreq: given.validationFreq ?? 1,
  };
}

function checkValidationData(data: unknown): void {
  if (data === undefined || isBatchSource(data)) return;
  if (!Array.isArray(data) || data.length < 2 || data.length > 3) {
    const got = Array.isArray(data) ? `an array of ${data.length}` : typeof data;
    const fix = Array.isArray(data) && data.length === 1 ? ' The validation targets are missing: pass [xVal, yVal].' : '';
    throw new ValueError(`fit(): \`validationData\` must be [x, y] or [x, y, sampleWeight], or a batch source; got ${got}.${fix}`);
  }
}

/** Checks the options of `evaluate`. */
export function checkEvaluateOptions(options: unknown): asserts options is EvaluateOptions {
  checkOptionsObject('evaluate()', options, EVALUATE_OPTIONS);
  checkCommon('evaluate()', options);
}

/** Checks the options of `predict`. */
export function checkPredictOptions(options: unknown): asserts options is PredictOptions {
  checkOptionsObject('predict()', options, PREDICT_OPTIONS);
  checkCommon('predict()', options);
}

/** Checks the options of `trainOnBatch` / `testOnBatch`. */
export function checkOnBatchOptions(owner: string, options: unknown): void {
  checkOptionsObject(owner, options, ON_BATCH_OPTIONS);
  const { checkNumerics } = options as { checkNumerics?: unknown };
  if (checkNumerics !== undefined) requireBoolean(owner, 'checkNumerics', checkNumerics);
}

/**
 * Stateful layers carry state from one batch to the next, sample by sample, so every batch must
 * have the size their state was built for: the sample count must divide into whole batches (Keras's
 * rule), and a model whose inputs fix the batch size needs that batch size.
 */
export function checkStatefulBatches(model: CheckedModel, argument: string, samples: number | undefined, batchSize: number): void {
  const stateful = statefulLayerNames(model.nodes.map((node) => node.outboundLayer));
  if (stateful.length === 0) return;
  const layers = stateful.map((name) => `'${name}'`).join(', ');
  const fixed = model.inputs.map((input) => input.shape[0]).find((dim): dim is number => dim !== null && dim !== undefined);
  // Fewer samples than batchSize make one batch of them all (Keras 3: predict's default 32 on 4 samples is one batch of 4).
  if (samples !== undefined && samples > 0 && samples < batchSize) batchSize = samples;
  if (fixed !== undefined && batchSize !== fixed) {
    throw new ValueError(
      `Model '${model.name}' has stateful layer(s) (${layers}) whose state holds ${fixed} samples, but \`${argument}\` is read in batches of ${batchSize}. ` +
        `Pass batchSize: ${fixed}${samples === batchSize ? ` (and ${fixed} samples)` : ''}.`,
    );
  }
  if (samples !== undefined && samples % batchSize !== 0) {
    const fewer = samples - (samples % batchSize);
    throw new ValueError(
      `In a stateful network, you should only pass inputs with a number of samples that can be divided by the batch size. Found: ${samples} samples in \`${argument}\` with batch size ${batchSize} (stateful layer(s): ${layers}). ` +
        `Pass ${fewer > 0 ? `${fewer} or ` : ''}${fewer + batchSize} samples.`,
    );
  }
}

/** Names of the stateful layers among `layers`, looking inside nested models and wrappers. */
function statefulLayerNames(layers: readonly Layer[], seen = new Set<Layer>()): string[] {
  const names: string[] = [];
  for (const layer of layers) {
    if (seen.has(layer)) continue;
    seen.add(layer);
    if ('stateful' in layer && layer.stateful === true) names.push(layer.name);
    const inner: Layer[] = [];
    if ('nodes' in layer && Array.isArray(layer.nodes)) {
      const nodes: unknown[] = layer.nodes;
      for (const node of nodes) if (isNode(node)) inner.push(node.outboundLayer);
    }
    // Wrappers (Bidirectional, TimeDistributed) hold their layers in these fields.
    if ('layer' in layer && layer.layer instanceof Layer) inner.push(layer.layer);
    if ('forwardLayer' in layer && layer.forwardLayer instanceof Layer) inner.push(layer.forwardLayer);
    if ('backwardLayer' in layer && layer.backwardLayer instanceof Layer) inner.push(layer.backwardLayer);
    names.push(...statefulLayerNames(inner, seen));
  }
  return names;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'outboundLayer' in value && value.outboundLayer instanceof Layer;
}
