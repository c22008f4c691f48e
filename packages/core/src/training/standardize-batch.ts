import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from '@keras-ts/losses';
import { ShapeError, ValueError } from '../errors/errors.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { formatShape } from '../engine/types.js';
import { type ClassWeight, classSampleWeight } from './class-weight.js';
import type { Batch, DataModel, TensorData } from './data-adapter.js';
import { standardizeTarget } from './target-checks.js';

/** What the user passed for one batch, or for all the data at once. */
export interface RawData {
  x: TensorData;
  y?: TensorData;
  sampleWeight?: TensorData;
}

/** How {@link standardizeBatch} reads the data. */
export interface StandardizeOptions {
  /**
   * The compiled losses, one per output (`null`: the output has no loss). Given, targets are
   * required and checked against each loss's declared label needs; omitted (predict), targets
   * and sample weights are ignored.
   */
  losses?: readonly (Loss | null)[];
  /** What messages call the data: `'x'` (default), `'validationData x'`, `'x batch 3'`… */
  names?: { x: string; y: string; sampleWeight: string };
  /** Class weights folded into the sample weights (training data only). */
  classWeight?: ClassWeight;
}

/** A standardized batch; `created` lists the tensors made here (the rest are the caller's). */
export interface StandardizedBatch extends Batch {
  created: tf.Tensor[];
}

const DEFAULT_NAMES = { x: 'x', y: 'y', sampleWeight: 'sampleWeight' };

/**
 * The one normalization of model data, shared by every data path: orders x / y / sampleWeight by
 * input and output name; checks dtypes, sample counts, input shapes, sample-weight shapes and
 * values; checks targets against the outputs and the losses' declared label needs (reshaping
 * `[n]` targets of one-unit outputs); folds class weights into the sample weights. Input dtypes
 * are left to {@link castInputs}, applied per batch so that no full-size copy is made. Throws
 * before anything is created that it does not free.
 */
export function standardizeBatch(model: DataModel, data: RawData, options: StandardizeOptions = {}): StandardizedBatch {
  const names = options.names ?? DEFAULT_NAMES;
  const withTargets = options.losses !== undefined;
  const x = toTensorList(data.x, model.inputNames, names.x, 'input');
  if (withTargets && data.y === undefined) throw new ValueError(`\`${names.y}\` (the targets) is missing.`);
  const y = withTargets ? toTensorList(data.y!, model.outputNames, names.y, 'output') : [];
  const sampleWeight: (tf.Tensor | undefined)[] =
    !withTargets || data.sampleWeight === undefined
      ? model.outputs.map(() => undefined)
      : data.sampleWeight instanceof tf.Tensor
        ? model.outputs.map(() => data.sampleWeight as tf.Tensor)
        : toTensorList(data.sampleWeight, model.outputNames, names.sampleWeight, 'output');
  checkDtypes(x, names.x);
  checkDtypes(y, names.y);
  checkDtypes(sampleWeight, names.sampleWeight);
  const size = checkSampleCounts([
    { argument: names.x, tensors: x },
    { argument: names.y, tensors: y },
    { argument: names.sampleWeight, tensors: sampleWeight },
  ]);
  checkInputShapes(x, model.inputs, names.x, (index) => flattenHint(model.inputs[index]!, x[index]!));
  sampleWeight.forEach((weight, index) => {
    if (weight !== undefined) checkSampleWeight(weight, model.outputs[index]!, model.outputNames[index]!, size, names.sampleWeight);
  });
  const created: tf.Tensor[] = [];
  try {
    const targets = y.map((target, index) =>
      standardizeTarget(
        target,
        model.outputs[index]!,
        model.outputNames[index]!,
        options.losses?.[index] ?? null,
        argumentFor(names.y, model.outputNames, index),
        created,
      ),
    );
    if (withTargets && options.classWeight !== undefined) {
      const weights = classSampleWeight(targets[0]!, options.classWeight, sampleWeight[0]);
      created.push(weights);
      sampleWeight[0] = weights;
    }
    return { x, y: targets, sampleWeight, size, created };
  } catch (error) {
    tf.dispose(created);
    throw error;
  }
}

/** `x` cast to the model's input dtypes (an int32 Embedding input, float32 elsewhere); the originals are kept. */
export function castInputs(x: tf.Tensor[], inputs: readonly SymbolicTensor[]): tf.Tensor[] {
  return x.map((tensor, index) => {
    const dtype = inputs[index]?.dtype ?? tensor.dtype;
    return tensor.dtype === dtype ? tensor : tf.cast(tensor, dtype);
  });
}

function argumentFor(argument: string, names: string[], index: number): string {
  return names.length === 1 ? argument : `${argument}.${names[index]}`;
}

function flattenHint(expected: SymbolicTensor, tensor: tf.Tensor): string | undefined {
  const got = tensor.shape;
  if (expected.rank === 2 && got.length > 2)
    return `Flatten or reshape the data to [${got[0]}, ${got.slice(1).reduce((a, b) => a * b, 1)}], or add a Flatten layer first.`;
  return undefined;
}

/**
 * Orders `data` by `names`; throws naming the missing, extra or misnumbered entries.
 * @param role 'input' or 'output', for messages.
 */
export function toTensorList(data: TensorData, names: string[], argument: string, role: 'input' | 'output'): tf.Tensor[] {
  if (data instanceof tf.Tensor) {
    if (names.length !== 1) {
      throw new ValueError(
        `\`${argument}\` is a single tensor, but the model has ${names.length} ${role}s (${names.join(', ')}). Pass an array in that order or an object keyed by ${role} name.`,
      );
    }
    return [data];
  }
  if (Array.isArray(data)) {
    if (data.length !== names.length) {
      throw new ValueError(`\`${argument}\` has ${data.length} tensors, but the model has ${names.length} ${role}(s): ${names.join(', ')}.`);
    }
    data.forEach((item, index) => {
      if (!(item instanceof tf.Tensor)) throw new ValueError(`\`${argument}[${index}]\` must be a Tensor, got ${typeof item}.`);
    });
    return data;
  }
  if (typeof data !== 'object' || data === null) {
    throw new ValueError(`\`${argument}\` must be a Tensor, an array of Tensors or an object keyed by ${role} name; got ${String(data)}.`);
  }
  const keys = Object.keys(data);
  const missing = names.filter((name) => !keys.includes(name));
  const extra = keys.filter((key) => !names.includes(key));
  if (missing.length > 0 || extra.length > 0) {
    const parts = [missing.length > 0 ? `missing keys [${missing.join(', ')}]` : '', extra.length > 0 ? `unexpected keys [${extra.join(', ')}]` : ''].filter(
      Boolean,
    );
    throw new ValueError(`\`${argument}\` has ${parts.join(' and ')}. Expected the ${role} names: ${names.join(', ')}.`);
  }
  return names.map((name) => {
    const item = data[name];
    if (!(item instanceof tf.Tensor)) throw new ValueError(`\`${argument}.${name}\` must be a Tensor.`);
    return item;
  });
}

function checkDtypes(tensors: (tf.Tensor | undefined)[], argument: string): void {
  for (const tensor of tensors) {
    if (tensor !== undefined && (tensor.dtype === 'string' || tensor.dtype === 'complex64')) {
      throw new ValueError(
        `\`${argument}\` holds a ${tensor.dtype} tensor of shape [${tensor.shape.join(', ')}]; models take numeric tensors (float32, int32 or bool).`,
      );
    }
  }
}

/** Checks that each tensor fits its symbolic input (rank, known dimensions). */
export function checkInputShapes(
  tensors: tf.Tensor[],
  inputs: readonly SymbolicTensor[],
  argument: string,
  hint?: (index: number) => string | undefined,
): void {
  tensors.forEach((tensor, index) => {
    const expected = inputs[index]!;
    const name = expected.sourceLayer.name;
    const matches = tensor.rank === expected.rank && expected.shape.every((dim, axis) => axis === 0 || dim === null || dim === tensor.shape[axis]);
    if (!matches) {
      const extra = hint?.(index);
      throw new ShapeError(
        `Input '${name}' expects data of shape ${formatShape(expected.shape)}, but \`${argument}\` has shape [${tensor.shape.join(', ')}].${extra ? ` ${extra}` : ''}`,
      );
    }
  });
}

/** Checks that every tensor has the same number of samples, and that there is at least one. */
export function checkSampleCounts(groups: { argument: string; tensors: (tf.Tensor | undefined)[] }[]): number {
  let count: number | undefined;
  let first = '';
  for (const { argument, tensors } of groups) {
    for (const tensor of tensors) {
      if (tensor === undefined) continue;
      if (tensor.rank === 0) throw new ShapeError(`\`${argument}\` must have a batch dimension, got a scalar.`);
      const n = tensor.shape[0]!;
      if (count === undefined) {
        count = n;
        first = argument;
      } else if (n !== count) {
        throw new ValueError(
          `Data cardinality is ambiguous: \`${first}\` has ${count} samples but \`${argument}\` has ${n}. All inputs, targets and sample weights need the same number of samples.`,
        );
      }
    }
  }
  if (count === undefined || count === 0) {
    throw new ValueError(`The data is empty: \`${groups[0]?.argument ?? 'x'}\` has 0 samples. Pass at least one sample.`);
  }
  return count;
}

/**
 * A sample weight must broadcast against the loss's per-sample values (the output's shape
 * without its class axis), as the losses align it: one weight per sample, or per time step.
 * Its values must be finite (one host read), since one NaN weight turns the loss into NaN.
 */
function checkSampleWeight(weight: tf.Tensor, output: SymbolicTensor, name: string, size: number, argument: string): void {
  if (output.rank >= 2) {
    const values = [size, ...output.shape.slice(1, -1)];
    const shape: number[] = [...weight.shape];
    while (shape.length > values.length && shape[shape.length - 1] === 1) shape.pop();
    while (shape.length < values.length) shape.push(1);
    const broadcasts = shape.length === values.length && shape.every((dim, axis) => dim === 1 || values[axis] === null || dim === values[axis]);
    if (!broadcasts) {
      const perStep = values.length > 1 ? `, or one per time step, shape ${formatShape(values)}` : '';
      throw new ShapeError(
        `\`${argument}\` for output '${name}' has shape [${weight.shape.join(', ')}]; pass one weight per sample, shape [${size}]${perStep}.`,
      );
    }
  }
  const data = weight.dataSync();
  for (let i = 0; i < data.length; i++) {
    if (!Number.isFinite(data[i]!)) {
      throw new ValueError(`\`${argument}\` for output '${name}' holds ${data[i]} at flat index ${i}; sample weights must be finite numbers.`);
    }
  }
}
