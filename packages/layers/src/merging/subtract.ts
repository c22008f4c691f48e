import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Difference of exactly two inputs: `inputs[0] − inputs[1]`. Inputs must have the same shape (or broadcast). */
export class Subtract extends Merge {
  static override className = 'Subtract';

  protected override inputCount(): [number, number] {
    return [2, 2];
  }

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return tf.sub(inputs[0]!, inputs[1]!);
  }
}
registerLayerClass(Subtract);

/** Functional form of {@link Subtract}: `subtract([a, b])` applies a new Subtract layer to the inputs. */
export function subtract<Inputs extends MergeInputs>(inputs: Inputs, config: LayerConfig = {}): MergeOutput<Inputs> {
  return applyMerge(new Subtract(config), inputs);
}
