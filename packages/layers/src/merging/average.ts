import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Elementwise mean of the inputs. Inputs must have the same shape (or broadcast). */
export class Average extends Merge {
  static override className = 'Average';

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return tf.div(
      inputs.slice(1).reduce((sum, x) => tf.add(sum, x), inputs[0]!),
      inputs.length,
    );
  }
}
registerLayerClass(Average);

/** Functional form of {@link Average}: `average([a, b])` applies a new Average layer to the inputs. */
export function average<Inputs extends MergeInputs>(inputs: Inputs, config: LayerConfig = {}): MergeOutput<Inputs> {
  return applyMerge(new Average(config), inputs);
}
