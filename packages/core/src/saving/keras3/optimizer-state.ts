import * as tf from '@tensorflow/tfjs-core';
import type { Optimizer } from '@keras-ts/optimizers';
import { ShapeError, ValueError } from '../../errors/errors.js';
import type { Model } from '../../models/model.js';
import type { H5Contents, H5DatasetInfo, H5Reader } from './h5.js';
import { kerasVarsGroups } from './weights-h5.js';

/**
 * Keras 3's optimizer variables in a `.keras` archive's model.weights.h5
 * (keras/src/optimizers/base_optimizer.py): datasets `optimizer/vars/0`, `/1`, … holding
 * `iteration` (an int32 scalar), `learning_rate` (a float32 scalar, absent when the rate is a
 * schedule), then the slot variables of the model's trainable variables in Keras's order, and
 * for Nadam a last `u_product` scalar. An optimizer that never took a step holds only the first
 * two. Keras creates slots with `add_optimizer_variables(variables, names)`: one call with several
 * names lays them out per variable (`kernel_momentum, kernel_velocity, bias_momentum, …`), one
 * call per name lays them out name by name; keras-ts keeps slots per variable, so this maps them.
 */

/** Slot kinds Keras creates together, per variable, before the rest (one by one); 1 for the others. */
const INTERLEAVED: Record<string, number> = { Adam: 2, AdamW: 2, Adadelta: 2, Adamax: 2, Nadam: 2, Ftrl: 2 };
/** Optimizer classes whose Keras 3 layout is known (every optimizer keras-ts has). */
const KNOWN = new Set(['SGD', 'RMSprop', 'Adagrad', 'Lion', ...Object.keys(INTERLEAVED)]);

const OPTIMIZER_VARS = 'optimizer/vars';

/** The model's trainable variables in Keras's `model.trainable_variables` order (the order its optimizer builds on). */
function kerasTrainableVariables(model: Model): tf.Variable[] {
  const trainable = new Set(model.trainableWeights);
  return kerasVarsGroups(model).flatMap((group) => group.weights.filter((weight) => trainable.has(weight)).map((weight) => weight.variable));
}

/** The slot variables in Keras's order; undefined when the optimizer has no slots for some variable. */
function kerasSlotOrder(optimizer: Optimizer, variables: readonly tf.Variable[]): tf.Variable[] | undefined {
  const slots = variables.map((variable) => optimizer.slotsOf(variable));
  if (slots.some((list) => list === undefined)) return undefined;
  const kinds = slots[0]?.length ?? 0;
  const together = Math.min(INTERLEAVED[optimizer.getClassName()] ?? 1, kinds);
  const order: tf.Variable[] = [];
  for (const list of slots) for (let kind = 0; kind < together; kind++) order.push(list![kind]!);
  for (let kind = together; kind < kinds; kind++) for (const list of slots) order.push(list![kind]!);
  return order;
}

/** Keras's Nadam `u_product` after `steps` steps: the product of `beta_1 * (1 - 0.5 * 0.96^t)` for t = 1 … steps. */
function nadamProduct(optimizer: Optimizer, steps: number): number {
  const beta1 = Number(optimizer.getConfig().beta1);
  let product = 1;
  for (let step = 1; step <= steps; step++) product *= beta1 * (1 - 0.5 * 0.96 ** step);
  return product;
}

const hasRateVariable = (optimizer: Optimizer) => typeof optimizer.getConfig().learningRate === 'number';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** One entry of Keras's layout: what it is, its shape, and how to read or write it. */
interface Entry {
  name: string;
  shape: readonly number[];
}

function layout(optimizer: Optimizer, slots: readonly tf.Variable[]): Entry[] {
  const entries: Entry[] = [{ name: 'iteration', shape: [] }];
  if (hasRateVariable(optimizer)) entries.push({ name: 'learning_rate', shape: [] });
  for (const slot of slots) entries.push({ name: slot.name, shape: slot.shape });
  if (optimizer.getClassName() === 'Nadam' && slots.length > 0) entries.push({ name: 'u_product', shape: [] });
  return entries;
}

/**
 * Restores the optimizer state of a `.keras` archive into `model.optimizer` (built on the model's
 * trainable variables when the file holds slots). Every count and shape is checked and every
 * value read before anything is assigned. Returns without change when the file holds no optimizer
 * state; warns and skips it for an optimizer class whose Keras layout is unknown.
 */
export function restoreKerasOptimizerState(model: Model, file: H5Reader, source: string): void {
  const datasets = file.datasets.filter((info) => info.path.startsWith(`${OPTIMIZER_VARS}/`));
  if (model.optimizer === undefined || datasets.length === 0) return;
  const byIndex = new Map<number, H5DatasetInfo>();
  for (const info of datasets) {
    const index = info.path.slice(OPTIMIZER_VARS.length + 1);
    if (!/^(0|[1-9]\d{0,6})$/.test(index))
      throw new ValueError(`${source} holds '${info.path}', which is not an optimizer variable of Keras's layout (optimizer/vars/<n>).`);
    byIndex.set(Number(index), info);
  }
  const ordered = [...byIndex.keys()].sort((a, b) => a - b).map((index) => byIndex.get(index)!);
  if (ordered.some((info, index) => !info.path.endsWith(`/${index}`))) {
    throw new ValueError(`${source}: the optimizer variables are not numbered 0 to ${ordered.length - 1} without gaps.`);
  }
  restoreOptimizerVariables(model, file, ordered, source);
}

/**
 * Restores Keras 3's optimizer variables given in Keras's order (`optimizer/vars/<n>` of a
 * `.keras` archive, or the `optimizer_weights` a Keras 3 legacy `.h5` lists by `weight_names`).
 */
export function restoreOptimizerVariables(model: Model, file: H5Reader, ordered: readonly H5DatasetInfo[], source: string): void {
  const optimizer = model.optimizer;
  if (optimizer === undefined || ordered.length === 0) return;
  const className = optimizer.getClassName();
  if (!KNOWN.has(className)) {
    console.warn(`${source}: the optimizer state is not restored: keras-ts does not know Keras's layout of ${className}'s variables.`);
    return;
  }
  const variables = kerasTrainableVariables(model);
  const unbuilt = layout(optimizer, []);
  let slots: tf.Variable[] = [];
  if (ordered.length !== unbuilt.length) {
    optimizer.build(variables);
    slots = kerasSlotOrder(optimizer, variables) ?? [];
  }
  const expected = layout(optimizer, slots);
  if (expected.length !== ordered.length) {
    throw new ValueError(
      `${source} holds ${ordered.length} optimizer variables, but Keras's ${className} on this model's ${variables.length} trainable variables holds ${expected.length} (or ${unbuilt.length} before its first step). The optimizer configuration differs from the one saved; load with { compile: false } to skip the optimizer state.`,
    );
  }
  expected.forEach((entry, index) => {
    const info = ordered[index]!;
    if (!tf.util.arraysEqual(info.shape, entry.shape as number[])) {
      throw new ShapeError(
        `${source} stores optimizer variable '${info.path}' with shape ${shapeText(info.shape)}, but ${className}'s '${entry.name}' at that position has shape ${shapeText(entry.shape)}.`,
      );
    }
  });
  const values = ordered.map((info) => file.readFloat32(info));
  const iterations = values[0]![0]!;
  if (!Number.isInteger(iterations) || iterations < 0)
    throw new ValueError(`${source}: the optimizer's iteration count is ${iterations}, not a non-negative integer.`);
  optimizer.iterations = iterations;
  if (hasRateVariable(optimizer)) optimizer.learningRate = values[1]![0]!;
  const first = hasRateVariable(optimizer) ? 2 : 1;
  tf.tidy(() => {
    slots.forEach((slot, index) => {
      slot.assign(tf.tensor(values[first + index]!, slot.shape, slot.dtype));
    });
  });
}

/**
 * The `optimizer/vars` datasets Keras 3 writes for `model.optimizer` (nothing when the model is
 * not compiled or its optimizer's layout is unknown). An optimizer that took steps but has no
 * slots yet for some trainable variable is built on them first, since Keras's optimizer is built
 * on all of them.
 */
export async function kerasOptimizerContents(model: Model): Promise<H5Contents> {
  const optimizer = model.optimizer;
  if (optimizer === undefined || !KNOWN.has(optimizer.getClassName())) return { groups: [], datasets: [] };
  const variables = kerasTrainableVariables(model);
  let slots = kerasSlotOrder(optimizer, variables);
  if (slots === undefined && variables.some((variable) => optimizer.slotsOf(variable) !== undefined)) {
    optimizer.build(variables);
    slots = kerasSlotOrder(optimizer, variables);
  }
  const data: (Float32Array | Int32Array)[] = [Int32Array.of(optimizer.iterations)];
  if (hasRateVariable(optimizer)) data.push(Float32Array.of(optimizer.learningRate));
  for (const slot of slots ?? []) data.push((await slot.data()) as Float32Array);
  if (optimizer.getClassName() === 'Nadam' && (slots ?? []).length > 0) data.push(Float32Array.of(nadamProduct(optimizer, optimizer.iterations)));
  const entries = layout(optimizer, slots ?? []);
  return {
    groups: ['optimizer', OPTIMIZER_VARS],
    names: new Map([[OPTIMIZER_VARS, optimizer.name]]),
    datasets: entries.map((entry, index) => ({ path: `${OPTIMIZER_VARS}/${index}`, shape: [...entry.shape], data: data[index]! })),
  };
}
