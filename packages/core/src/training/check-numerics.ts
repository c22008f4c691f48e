import * as tf from '@tensorflow/tfjs-core';
import { withCallContext } from '../engine/call-context.js';
import type { Layer } from '../engine/layer.js';
import type { Node } from '../engine/node.js';
import type { SymbolicTensor } from '../engine/symbolic-tensor.js';
import type { CallOptions } from '../engine/types.js';
import { KerasError } from '../errors/errors.js';
import type { Batch } from './data-adapter.js';

/**
 * A training step met a non-finite loss or gradient with `checkNumerics: true` (see `fit` and
 * `trainOnBatch`). The message names the batch (epoch and batch number in `fit`), the first layer
 * whose output was non-finite on that batch (or says that the inputs, targets or loss were the
 * first), and confirms that the update of that batch was not applied: the weights and the
 * optimizer state are as they were before it.
 */
export class NumericsError extends KerasError {}

/** What locating the first non-finite value needs from a model. */
export interface NumericsModel {
  readonly name: string;
  readonly nodes: Node[];
  readonly inputs: SymbolicTensor[];
  readonly inputNames: string[];
  readonly outputNames: string[];
}

type MaskValue = tf.Tensor | null;

/** Number of NaN and of ±Infinity values in `t` (one host read). */
function countNonFinite(t: tf.Tensor): { nan: number; infinite: number } {
  if (t.dtype !== 'float32') return { nan: 0, infinite: 0 };
  const counts = tf.tidy(() => tf.stack([tf.sum(tf.cast(tf.isNaN(t), 'float32')), tf.sum(tf.cast(tf.isInf(t), 'float32'))]));
  const [nan, infinite] = counts.dataSync();
  counts.dispose();
  return { nan: nan!, infinite: infinite! };
}

function describeCount(t: tf.Tensor): string | undefined {
  const { nan, infinite } = countNonFinite(t);
  if (nan + infinite === 0) return undefined;
  const parts = [nan > 0 ? `${nan} NaN` : '', infinite > 0 ? `${infinite} ±Infinity` : ''].filter((part) => part !== '');
  return `${parts.join(' and ')} of its ${t.size} values`;
}

/**
 * Whether `loss` and every gradient are finite: one reduction on the backend and one host read of
 * a single boolean. Only `checkNumerics` calls it, once per batch.
 */
export function allFinite(loss: tf.Scalar, gradients: tf.NamedTensorMap): boolean {
  const verdict = tf.tidy(() => {
    const checks = [loss, ...Object.values(gradients)].map((t) => tf.all(tf.isFinite(t)));
    return checks.length === 1 ? checks[0]! : tf.all(tf.stack(checks));
  });
  const finite = verdict.dataSync()[0] === 1;
  verdict.dispose();
  return finite;
}

/** The first layer call, in execution order, whose output holds NaN or ±Infinity. */
interface Finding {
  layer: Layer;
  path: string;
  output: string;
}

/**
 * Runs the graph node by node as the training step did (training mode, masks passed along),
 * descending into nested models, and returns the first call whose output is non-finite.
 */
function firstNonFinite(model: NumericsModel, inputs: tf.Tensor[], masks: MaskValue[], prefix: string): Finding | { outputs: tf.Tensor[] } {
  const values = new Map<number, tf.Tensor>();
  const maskValues = new Map<number, MaskValue>();
  model.inputs.forEach((input, i) => {
    values.set(input.id, inputs[i]!);
    maskValues.set(input.id, masks[i] ?? null);
  });
  for (const node of model.nodes) {
    const layer = node.outboundLayer;
    const nodeInputs = node.inputTensors.map((t) => values.get(t.id)!);
    const nodeMasks = node.inputTensors.map((t) => maskValues.get(t.id) ?? null);
    const single = nodeInputs.length === 1;
    const mask = single ? nodeMasks[0]! : nodeMasks.every((m) => m === null) ? null : nodeMasks;
    const nested = layer as unknown as Partial<NumericsModel>;
    let outputs: tf.Tensor[];
    if (Array.isArray(nested.nodes) && Array.isArray(nested.inputs)) {
      const inner = firstNonFinite(nested as NumericsModel, nodeInputs, nodeMasks, `${prefix}${layer.name} > `);
      if (!('outputs' in inner)) return inner;
      outputs = inner.outputs;
    } else {
      const options: CallOptions = { ...node.callArgs, training: (node.callArgs.training as boolean | undefined) ?? true };
      if (mask !== null) options.mask = mask;
      const result = layer.call(single ? nodeInputs[0]! : nodeInputs, options);
      outputs = Array.isArray(result) ? result : [result];
      for (const output of outputs) {
        const counted = describeCount(output);
        if (counted !== undefined) return { layer, path: `${prefix}${layer.name}`, output: counted };
      }
    }
    const outputMask = layer.computeMask(single ? nodeInputs[0]! : nodeInputs, mask);
    const outputMasks = Array.isArray(outputMask) ? outputMask : [outputMask];
    node.outputTensors.forEach((t, i) => {
      values.set(t.id, outputs[i]!);
      maskValues.set(t.id, outputMasks[i] ?? null);
    });
  }
  return { outputs: [] };
}

/**
 * Explains a non-finite step: which of the batch's inputs and targets hold non-finite values, and
 * the first layer whose output does, found by rerunning the forward pass layer by layer on the
 * batch. Runs only after a failed check, so the steps themselves pay nothing for it.
 */
export function explainNonFinite(model: NumericsModel, batch: Batch, loss: number): string {
  const lines: string[] = [];
  batch.x.forEach((x, i) => {
    const counted = describeCount(x);
    if (counted !== undefined) lines.push(`input '${model.inputNames[i]}' of the batch holds ${counted}`);
  });
  batch.y.forEach((y, i) => {
    const counted = describeCount(y);
    if (counted !== undefined) lines.push(`the targets of output '${model.outputNames[i]}' hold ${counted}`);
  });
  // The rerun's tensors (outputs, losses layers add) are freed here; only the words leave.
  const finding = tf.tidy(() => {
    const { result } = withCallContext(() => firstNonFinite(model, batch.x, [], ''));
    return 'outputs' in result ? '' : `the first layer whose output is non-finite is '${result.path}' (${result.layer.className}): ${result.output}`;
  });
  if (finding !== '') {
    lines.push(finding);
  } else if (Number.isFinite(loss)) {
    lines.push(
      'every layer output and the loss are finite, so the gradients are not: look for an operation whose derivative is infinite at these values (sqrt or log at 0, pow with a negative base)',
    );
  } else {
    lines.push(
      'every layer output is finite, so the loss itself is not: check the targets and sample weights, and a loss that takes log of 0 (from_logits, clipping)',
    );
  }
  return lines.join('; ');
}

/**
 * The check a training step runs between its gradients and its update when `checkNumerics` is on:
 * when the loss or a gradient is NaN or ±Infinity it throws a {@link NumericsError} naming `where`
 * (e.g. `fit(): epoch 3, batch 12`) and explaining the batch ({@link explainNonFinite}), so the
 * step stops before the optimizer touches anything.
 */
export function numericsCheck(model: NumericsModel, batch: Batch, where: string): (loss: tf.Scalar, gradients: tf.NamedTensorMap) => void {
  return (loss, gradients) => {
    if (allFinite(loss, gradients)) return;
    const value = loss.dataSync()[0]!;
    const lossText = Number.isFinite(value) ? `the loss is finite (${value}) but a gradient is not` : `the loss is ${value}`;
    throw new NumericsError(
      `${where}: ${lossText} (checkNumerics). Model '${model.name}': ${explainNonFinite(model, batch, value)}. ` +
        'The update of this batch was not applied: the weights and the optimizer state are as they were before it. ' +
        'Check the data for NaN or Infinity, or lower the learning rate (or clip gradients) if training diverged.',
    );
  };
}
