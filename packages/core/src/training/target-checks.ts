import * as tf from '@tensorflow/tfjs-core';
import { type Loss, SparseCategoricalCrossentropy } from '@keras-ts/losses';
import { ShapeError, ValueError } from '../errors/errors.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import { formatShape } from '../engine/types.js';

/** Where one output's targets come from, for messages. */
interface TargetContext {
  output: SymbolicTensor;
  name: string;
  loss: Loss;
  argument: string;
}

const sameKnownShape = (shape: readonly number[], expected: readonly (number | null)[]) =>
  shape.length === expected.length && expected.every((dim, axis) => axis === 0 || dim === null || dim === shape[axis]);

/**
 * Checks one output's targets against the output's shape and its loss's declared label needs
 * (`loss.labels`, see `LabelRequirement` in @keras-ts/losses), and returns them ready for the
 * step: `[n]` targets of a one-unit output become `[n, 1]` (a view, pushed to `created`) where
 * Keras broadcasts. Sparse labels are read from the backend once to check their range. An output
 * without a loss takes its targets as they are.
 */
export function standardizeTarget(
  target: tf.Tensor,
  output: SymbolicTensor,
  name: string,
  loss: Loss | null,
  argument: string,
  created: tf.Tensor[],
): tf.Tensor {
  const classes = output.shape[output.rank - 1];
  if (loss === null) return reshapedForOneUnit(target, output, created) ?? target;
  const context = { output, name, loss, argument };
  if (loss.labels === 'sparse') {
    checkSparseShape(target, context);
    checkLabelRange(target, context, loss instanceof SparseCategoricalCrossentropy ? loss.ignoreClass : null);
    return target;
  }
  const reshaped = reshapedForOneUnit(target, output, created);
  if (reshaped !== undefined) return reshaped;
  if (sameKnownShape(target.shape, output.shape)) return target;
  const looksLikeIds =
    classes !== null &&
    classes !== undefined &&
    classes > 1 &&
    (target.rank === output.rank - 1 || (target.rank === output.rank && target.shape[target.rank - 1] === 1));
  if (looksLikeIds) {
    throw new ShapeError(
      `Output '${name}' has shape ${formatShape(output.shape)}, but its targets (\`${argument}\`) have shape [${target.shape.join(', ')}]. ` +
        `The targets look like integer labels: use loss 'sparseCategoricalCrossentropy', or one-hot encode them with toCategorical(y, ${classes}).`,
    );
  }
  if (loss.labels === 'categorical' && target.rank === output.rank && classes !== null && classes !== undefined) {
    throw new ShapeError(
      `Output '${name}' has ${classes} classes, but its targets (\`${argument}\`) have ${target.shape[target.rank - 1]} per sample (shape [${target.shape.join(', ')}]). ` +
        `${loss.name} takes one value per class: one-hot encode class ids with toCategorical(labels, ${classes}).`,
    );
  }
  throw new ShapeError(`Output '${name}' has shape ${formatShape(output.shape)}, but its targets (\`${argument}\`) have shape [${target.shape.join(', ')}].`);
}

/** `[n, …]` targets of an output `[n, …, 1]` as `[n, …, 1]`, or undefined when no reshape applies. */
function reshapedForOneUnit(target: tf.Tensor, output: SymbolicTensor, created: tf.Tensor[]): tf.Tensor | undefined {
  if (target.rank !== output.rank - 1 || output.shape[output.rank - 1] !== 1) return undefined;
  const reshaped = tf.reshape(target, [...target.shape, 1]);
  created.push(reshaped);
  return reshaped;
}

/** Sparse labels: one class id per sample (and time step), shape `[n, …]` or `[n, …, 1]`. */
function checkSparseShape(target: tf.Tensor, { output, name, loss, argument }: TargetContext): void {
  const ids = output.shape.slice(0, -1);
  const fits = (shape: readonly number[]) => sameKnownShape(shape, ids);
  if (fits(target.shape) || (target.shape[target.rank - 1] === 1 && fits(target.shape.slice(0, -1)))) return;
  const classes = output.shape[output.rank - 1];
  const expected = `${formatShape(ids)} or ${formatShape([...ids, 1])}`;
  if (target.rank === output.rank && classes !== null && classes !== undefined && classes > 1 && target.shape[target.rank - 1] === classes) {
    throw new ShapeError(
      `Output '${name}' uses ${loss.name}, which takes one integer class id per sample (shape ${expected}), but its targets (\`${argument}\`) have shape [${target.shape.join(', ')}]: they look one-hot. ` +
        `Use loss 'categoricalCrossentropy' for one-hot targets, or pass the class ids (tf.argMax(y, -1)).`,
    );
  }
  throw new ShapeError(
    `Output '${name}' uses ${loss.name}, which takes one integer class id per sample (shape ${expected}), but its targets (\`${argument}\`) have shape [${target.shape.join(', ')}].`,
  );
}

/** Every sparse label an integer in `[0, classes)` (or the loss's ignored class): one host read. */
function checkLabelRange(target: tf.Tensor, { output, name, loss, argument }: TargetContext, ignoreClass: number | null): void {
  const classes = output.shape[output.rank - 1];
  const labels = target.dataSync();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    if (label === ignoreClass) continue;
    if (!Number.isInteger(label) || label < 0 || (classes !== null && classes !== undefined && label >= classes)) {
      const range = classes === null || classes === undefined ? 'numClasses' : classes - 1;
      throw new ValueError(
        `Received a label value of ${label} (sample ${Math.floor(i / Math.max(1, labels.length / target.shape[0]!))} of \`${argument}\`) which is outside the valid range of [0, ${classes ?? 'numClasses'}) for output '${name}' with ${loss.name}. ` +
          `Labels must be integers from 0 to ${range}.`,
      );
    }
  }
}
