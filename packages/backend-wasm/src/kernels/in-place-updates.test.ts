import * as tf from '@tensorflow/tfjs-core';
import { Adam, type Optimizer, RMSprop, SGD } from '@keras-ts/optimizers';
import { beforeAll, describe, expect, it } from 'vitest';
import '../index.js';
import { values } from './optimizer-update.test-utils.js';

// The fused optimizer updates overwrite a variable (and its slots) in place when nothing but the
// variable refers to its data, so a compiled step hands back the variable's own data and assigns
// nothing. Data that anything else refers to (a reshape user code holds) is never overwritten.

const optimizers: [string, () => Optimizer][] = [
  ['Adam', () => new Adam({ learningRate: 0.01 })],
  ['RMSprop', () => new RMSprop({ learningRate: 0.01 })],
  ['SGD with momentum', () => new SGD({ learningRate: 0.01, momentum: 0.9 })],
];

describe("fused optimizer updates on 'wasm' in place", () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
  });

  it.each(optimizers)('%s: overwrites data only the variable refers to, never data a reshape shares', (_, make) => {
    const shape = [9, 5];
    const start = values(1, 45, 1);
    const gradient = values(2, 45, 0.5);
    const train = (holdView: boolean) => {
      // Made in a tidy, so that the initial value's tensor is gone and the variable alone holds its data.
      const variable = tf.tidy(() => tf.variable(tf.tensor(start, shape)));
      const optimizer = make();
      const before = tf.memory().numTensors;
      const slotIds: tf.DataId[][] = [];
      const variableIds: tf.DataId[] = [];
      const views: tf.Tensor[] = [];
      for (let step = 0; step < 3; step++) {
        // A reshape shares the variable's data (a clone would copy it on 'wasm').
        if (holdView) views.push(tf.reshape(variable, [45]));
        variableIds.push(variable.dataId);
        slotIds.push((optimizer.slotsOf(variable) ?? []).map((slot) => slot.dataId));
        tf.tidy(() => optimizer.applyGradients([[tf.tensor(gradient, shape), variable]]));
      }
      const result = Float32Array.from(variable.dataSync() as Float32Array);
      const viewValues = views.map((view) => Array.from(view.dataSync()));
      tf.dispose(views);
      const slots = (optimizer.slotsOf(variable) ?? []).length;
      // No tensor leaks, the in-place outputs included: what is left are the slots.
      expect(tf.memory().numTensors).toBe(before + slots);
      variable.dispose();
      optimizer.dispose();
      return { result, variableIds, slotIds, viewValues };
    };
    const alone = train(false);
    // Step 1 builds the slots; steps 2 and 3 update the variable and its slots where they are.
    expect(alone.variableIds[2]).toBe(alone.variableIds[1]);
    expect(alone.slotIds[2]).toEqual(alone.slotIds[1]);
    expect(alone.slotIds[2]!.length).toBeGreaterThan(0);
    const shared = train(true);
    expect(shared.variableIds[2]).not.toBe(shared.variableIds[1]);
    // Every view still holds the value it was taken from: the first the start, later ones differ.
    expect(new Float32Array(shared.viewValues[0]!)).toEqual(new Float32Array(start));
    expect(shared.viewValues[1]).not.toEqual(shared.viewValues[0]);
    // In place or not, the same arithmetic.
    expect(Buffer.from(alone.result.buffer).equals(Buffer.from(shared.result.buffer))).toBe(true);
  });
});
