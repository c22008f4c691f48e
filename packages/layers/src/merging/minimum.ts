import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Elementwise minimum of the inputs. Inputs must have the same shape (or broadcast). */
export class Minimum extends Merge {
  static override className = 'Minimum';

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((best, x) => tf.minimum(best, x), inputs[0]!);
  }
}
registerLayerClass(Minimum);

/** Functional form of {@link Minimum}: `minimum([a, b])` applies a new Minimum layer to the inputs. */
export function minimum<Inputs extends MergeInputs>(inputs: Inputs, config: LayerConfig = {}): MergeOutput<Inputs> {
  return applyMerge(new Minimum(config), inputs);
}
