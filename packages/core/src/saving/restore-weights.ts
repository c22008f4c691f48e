import * as tf from '@tensorflow/tfjs-core';
import { ShapeError, ValueError } from '../errors/errors.js';
import type { LayerWeight } from '../engine/layer-weight.js';
import type { SaveableModel } from './saveable.js';
import { type WeightSpec, decodeWeights } from './weights-codec.js';

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * A recurrent cell's weight as keras-ts named it before its names followed Keras 3: the cell was a
 * layer of its own (`lstm_cell_1/kernel`), where the name is now scoped under the RNN layer
 * (`lstm_1/lstm_cell/kernel`).
 */
const LEGACY_CELL_WEIGHT = /^(lstm_cell|gru_cell|simple_rnn_cell)(_\d+)?\/(kernel|recurrent_kernel|bias)$/;

/**
 * Pairs by name, reading files saved with keras-ts's old recurrent names: every other entry must
 * match by name, and the old cell entries go, in file order, to the model's unmatched weights (both
 * lists follow `model.weights` order). Undefined when the file does not have that shape.
 */
function pairLegacyCellNames(weights: LayerWeight[], specs: WeightSpec[]): [LayerWeight, WeightSpec][] | undefined {
  const names = new Set(weights.map((w) => w.name));
  const legacy = specs.filter((spec) => !names.has(spec.name));
  if (legacy.length === 0 || !legacy.every((spec) => LEGACY_CELL_WEIGHT.test(spec.name))) return undefined;
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  let next = 0;
  return weights.map((weight) => [weight, byName.get(weight.name) ?? legacy[next++]!]);
}

/**
 * Pairs the model's weights with the file's entries: by name when every weight name is unique and
 * found in the file (files from keras-ts and tfjs-layers both name weights `<layer>/<weight>`), by
 * name with the old recurrent cell names mapped (see {@link pairLegacyCellNames}), otherwise by
 * position (the file lists weights in `model.weights` order).
 */
function pairWeights(weights: LayerWeight[], specs: WeightSpec[], source: string): [LayerWeight, WeightSpec][] {
  if (specs.length !== weights.length) {
    throw new ValueError(
      `${source} holds ${specs.length} weight tensor(s) [${specs.map((s) => s.name).join(', ')}], but the model has ${weights.length} [${weights.map((w) => w.name).join(', ')}]. Load weights saved from a model with the same architecture.`,
    );
  }
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const uniqueNames = new Set(weights.map((w) => w.name)).size === weights.length;
  const pairs: [LayerWeight, WeightSpec][] =
    uniqueNames && weights.every((w) => byName.has(w.name))
      ? weights.map((w) => [w, byName.get(w.name)!])
      : ((uniqueNames ? pairLegacyCellNames(weights, specs) : undefined) ?? weights.map((w, index) => [w, specs[index]!]));
  for (const [weight, spec] of pairs) {
    if (!tf.util.arraysEqual(weight.shape, spec.shape)) {
      throw new ShapeError(
        `Weight '${weight.name}' of the model has shape ${shapeText(weight.shape)}, but ${source} stores '${spec.name}' with shape ${shapeText(spec.shape)}. The file belongs to a model with a different architecture.`,
      );
    }
  }
  return pairs;
}

/**
 * Validates everything first (file size against the manifest, weight count, every shape, the
 * optimizer state), then assigns. A bad file throws and leaves the model and optimizer unchanged.
 */
export function restoreWeights(model: SaveableModel, specs: WeightSpec[], data: Uint8Array, source: string, withOptimizer: boolean): void {
  const decoded = decodeWeights(data, specs, source);
  try {
    const modelSpecs = specs.filter((spec) => spec.group !== 'optimizer');
    const optimizerSpecs = specs.filter((spec) => spec.group === 'optimizer');
    const pairs = pairWeights(model.weights, modelSpecs, source);
    const optimizer = model.optimizer;
    const restoreOptimizer = withOptimizer && optimizer !== undefined && optimizerSpecs.length > 0;
    if (restoreOptimizer) {
      // Create the slots for the model's variables (in training order) so their shapes can be checked;
      // a file saved before the first step holds only the iteration count and no slots.
      if (optimizerSpecs.length > 1) optimizer.build(model.trainableWeights.map((w) => w.variable));
      const current = optimizer.getWeights();
      try {
        if (current.length !== optimizerSpecs.length) {
          throw new ValueError(
            `${source} holds ${optimizerSpecs.length} optimizer tensor(s), but the ${optimizer.getClassName()} optimizer of the model has ${current.length}. Load with { compile: false } to skip the optimizer state.`,
          );
        }
        current.forEach((tensor, index) => {
          const spec = optimizerSpecs[index]!;
          if (!tf.util.arraysEqual(tensor.shape, spec.shape)) {
            throw new ShapeError(
              `Optimizer state '${spec.name}' in ${source} has shape ${shapeText(spec.shape)}; the optimizer expects ${shapeText(tensor.shape)} at position ${index}.`,
            );
          }
        });
      } finally {
        tf.dispose(current);
      }
    }
    tf.tidy(() => {
      for (const [weight, spec] of pairs) weight.assign(decoded.get(spec.name)!);
      if (restoreOptimizer) optimizer.setWeights(optimizerSpecs.map((spec) => decoded.get(spec.name)!));
    });
  } finally {
    tf.dispose([...decoded.values()]);
  }
}
