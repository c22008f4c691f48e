// A small Sequential whose weights depend only on `variant`, shared by the crash-consistency
// test and its child process so both build the same models.
import * as tf from '@tensorflow/tfjs-core';
import { resetNameCounters } from '../../engine/naming.js';
import { Sequential } from '../../models/sequential.js';
import { KerasDense } from '../../testing/keras-layers.test-utils.js';

/** A 3-4-2 MLP with weight values `variant + 0.01 * position` (distinct per variant). */
export function savedVariant(variant: number): Sequential {
  resetNameCounters();
  const model = new Sequential([new KerasDense({ units: 4, activation: 'relu', inputShape: [3] }), new KerasDense({ units: 2 })]);
  const values = model.weights.map((weight) => tf.tidy(() => tf.reshape(tf.add(tf.scalar(variant), tf.mul(tf.range(0, weight.size), 0.01)), weight.shape)));
  model.setWeights(values);
  tf.dispose(values);
  return model;
}
