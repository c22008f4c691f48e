import * as tf from '@tensorflow/tfjs-core';
import { type LayerConfig, registerLayerClass } from '@keras-ts/core';
import { Merge, type MergeInputs, type MergeOutput, applyMerge } from './base.js';

/** Elementwise maximum of the inputs. Inputs must have the same shape (or broadcast). */
export class Maximum extends Merge {
  static override className = 'Maximum';

  protected merge(inputs: tf.Tensor[]): tf.Tensor {
    return inputs.slice(1).reduce((best, x) => tf.maximum(best, x), inputs[0]!);
  }
}
registerLayerClass(Maximum);

/** Functional form of {@link Maximum}: `maximum([a, b])` applies a new Maximum layer to the inputs. */
export function maximum<Inputs extends MergeInputs>(inputs: Inputs, config: LayerConfig = {}): MergeOutput<Inputs> {
  return applyMerge(new Maximum(config), inputs);
}
