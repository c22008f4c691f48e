import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Elementwise product of the inputs. Inputs must have the same shape (or broadcast). */
export class Multiply extends Merge {
  static override className = 'Multiply';

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((product, x) => tf.mul(product, x), inputs[0]!);
  }
}
registerLayerClass(Multiply);

/** Functional form of {@link Multiply}: `multiply([a, b])` applies a new Multiply layer to the inputs. */
export function multiply<Inputs extends MergeInputs>(inputs: Inputs, config: LayerConfig = {}): MergeOutput<Inputs> {
  return applyMerge(new Multiply(config), inputs);
}
