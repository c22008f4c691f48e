import * as tf from '@tensorflow/tfjs-core';
import type { Loss } from '@keras-ts/losses';
import { ShapeError, ValueError } from '../errors/errors.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { formatShape } from '../engine/types.js';
import { normalizeIdentifier } from '../utils/identifier.js';
import { type TensorData, TensorDataset, checkInputShapes, checkSampleCounts, toTensorList } from './data-adapter.js';

/** What data preparation needs from a model. */
export interface DataModel {
  readonly inputs: SymbolicTensor[];
  readonly outputs: SymbolicTensor[];
  readonly inputNames: string[];
  readonly outputNames: string[];
}

function isSparseCategorical(loss: Loss): boolean {
  const className = (loss.constructor as { className?: string }).className ?? '';
  return normalizeIdentifier(className).includes('sparsecategorical') || normalizeIdentifier(loss.name).includes('sparsecategorical');
}

/**
 * Checks targets against outputs and losses: rank and size for dense targets, integer labels in
 * range for sparse ones (one host read of the labels). Returns targets reshaped where Keras
 * would broadcast (`[n]` against an output `[n, 1]`); reshapes are views, created tensors are
 * listed in `created` for disposal.
 */
function checkTargets(model: DataModel, targets: tf.Tensor[], losses: (Loss | null)[] | undefined, created: tf.Tensor[]): tf.Tensor[] {
  return targets.map((target, index) => {
    const output = model.outputs[index]!;
    const name = model.outputNames[index]!;
    const loss = losses?.[index] ?? null;
    const classes = output.shape[output.shape.length - 1];
    if (loss !== null && isSparseCategorical(loss)) {
      const labels = target.dataSync();
      for (let i = 0; i < labels.length; i++) {
        const label = labels[i]!;
        if (!Number.isInteger(label) || label < 0 || (classes != null && label >= classes)) {
          throw new ValueError(
            `Received a label value of ${label} (sample ${i}) which is outside the valid range of [0, ${classes}) for output '${name}' with sparse categorical crossentropy. Labels must be integers from 0 to ${classes === null || classes === undefined ? 'numClasses' : classes - 1}.`,
          );
        }
      }
      return target;
    }
    if (target.rank === output.rank - 1 && classes === 1) {
      const reshaped = tf.reshape(target, [...target.shape, 1]);
      created.push(reshaped);
      return reshaped;
    }
    const sameShape = target.rank === output.rank && output.shape.every((dim, axis) => axis === 0 || dim === null || dim === target.shape[axis]);
    if (loss !== null && !sameShape) {
      const hint =
        target.rank === 1 && classes !== null && classes !== undefined && classes > 1
          ? ` The targets look like integer labels: use loss 'sparseCategoricalCrossentropy', or one-hot encode them with toCategorical(y, ${classes}).`
          : '';
      throw new ShapeError(`Output '${name}' has shape ${formatShape(output.shape)}, but its targets have shape [${target.shape.join(', ')}].${hint}`);
    }
    return target;
  });
}

/** Result of {@link prepareData}; `dispose` frees only tensors created here. */
export interface PreparedData {
  dataset: TensorDataset;
  dispose(): void;
}

/** Orders, validates and wraps x / y / sampleWeight for a model. */
export function prepareData(
  model: DataModel,
  x: TensorData,
  y: TensorData | undefined,
  sampleWeight: TensorData | undefined,
  losses: (Loss | null)[] | undefined,
  prefix = '',
): PreparedData {
  const xs = toTensorList(x, model.inputNames, `${prefix}x`, 'input');
  const ys = y === undefined ? [] : toTensorList(y, model.outputNames, `${prefix}y`, 'output');
  const sws: (tf.Tensor | undefined)[] =
    sampleWeight === undefined
      ? model.outputs.map(() => undefined)
      : sampleWeight instanceof tf.Tensor
        ? model.outputs.map(() => sampleWeight)
        : toTensorList(sampleWeight, model.outputNames, `${prefix}sampleWeight`, 'output');
  checkSampleCounts([
    { argument: `${prefix}x`, tensors: xs },
    { argument: `${prefix}y`, tensors: ys },
    { argument: `${prefix}sampleWeight`, tensors: sws },
  ]);
  checkInputShapes(xs, model.inputs, `${prefix}x`, (index) => {
    const expected = model.inputs[index]!.shape;
    const got = xs[index]!.shape;
    if (expected.length === 2 && got.length > 2) return `Flatten or reshape the data to [${got[0]}, ${got.slice(1).reduce((a, b) => a * b, 1)}], or add a Flatten layer first.`;
    return undefined;
  });
  const created: tf.Tensor[] = [];
  const targets = y === undefined ? [] : checkTargets(model, ys, losses, created);
  const dataset = new TensorDataset(xs, targets, sws, model.inputs.map((t) => t.dtype));
  return { dataset, dispose: () => tf.dispose(created) };
}
