import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Elementwise sum of the inputs. Inputs must have the same shape (or broadcast). */
export class Add extends Merge {
  static override className = 'Add';

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((sum, x) => tf.add(sum, x), inputs[0]!);
  }
}
registerLayerClass(Add);

/** Functional form of {@link Add}: `add([a, b])` applies a new Add layer to the inputs. */
export function add<Inputs extends MergeInputs>(inputs: Inputs, config: LayerConfig = {}): MergeOutput<Inputs> {
  return applyMerge(new Add(config), inputs);
}
