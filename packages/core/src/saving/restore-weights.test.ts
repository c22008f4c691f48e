// Pairing a file's weights with a model's: by name, with keras-ts's old recurrent cell names
// (`lstm_cell_1/kernel`, before they followed Keras 3's `lstm_1/lstm_cell/kernel`) mapped.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { LayerWeight } from '../engine/layer-weight.js';
import { restoreWeights } from './restore-weights.js';
import type { SaveableModel } from './saveable.js';
import { encodeWeights } from './weights-codec.js';

/** A model stand-in holding `weights` (names and shapes), each filled with zeros. */
function modelWith(weights: [name: string, shape: number[]][]): SaveableModel & { dispose(): void } {
  const list = weights.map(([name, shape]) => {
    const zeros = tf.zeros(shape);
    const weight = new LayerWeight(name, zeros, true);
    zeros.dispose();
    return weight;
  });
  return {
    name: 'model',
    className: 'Functional',
    getConfig: () => ({}),
    weights: list,
    trainableWeights: list,
    optimizer: undefined,
    compileOptions: undefined,
    dispose: () => {
      for (const weight of list) weight.dispose();
    },
  };
}

/** A file's weights: each entry filled with its constant. */
function file(entries: [name: string, shape: number[], fill: number][]) {
  const tensors = entries.map(([name, shape, fill]) => ({ name, tensor: tf.fill(shape, fill) }));
  const encoded = encodeWeights(tensors);
  tf.dispose(tensors.map((entry) => entry.tensor));
  return encoded;
}

function fills(model: SaveableModel): [string, number[]][] {
  return model.weights.map((weight) => [weight.name, [...new Set(weight.variable.dataSync())]]);
}

describe('restoreWeights with the old recurrent cell names', () => {
  it('pairs the other weights by name and the old cell weights in order, where positions differ', () => {
    // The file lists the Dense first; the model lists the LSTM first. By position, the shapes clash.
    const model = modelWith([
      ['lstm/lstm_cell/kernel', [3, 8]],
      ['lstm/lstm_cell/recurrent_kernel', [2, 8]],
      ['lstm/lstm_cell/bias', [8]],
      ['dense/kernel', [2, 1]],
      ['dense/bias', [1]],
    ]);
    const { specs, data } = file([
      ['dense/kernel', [2, 1], 4],
      ['dense/bias', [1], 5],
      ['lstm_cell_3/kernel', [3, 8], 1],
      ['lstm_cell_3/recurrent_kernel', [2, 8], 2],
      ['lstm_cell_3/bias', [8], 3],
    ]);
    restoreWeights(model, specs, data, "'old.json'", false);
    expect(fills(model)).toEqual([
      ['lstm/lstm_cell/kernel', [1]],
      ['lstm/lstm_cell/recurrent_kernel', [2]],
      ['lstm/lstm_cell/bias', [3]],
      ['dense/kernel', [4]],
      ['dense/bias', [5]],
    ]);
    model.dispose();
  });

  it('falls back to positions when an unmatched name is not an old cell name, and checks shapes', () => {
    const model = modelWith([
      ['lstm/lstm_cell/kernel', [3, 8]],
      ['dense/kernel', [2, 1]],
    ]);
    const { specs, data } = file([
      ['dense/kernel', [2, 1], 4],
      ['something_else/kernel', [3, 8], 1],
    ]);
    expect(() => restoreWeights(model, specs, data, "'other.json'", false)).toThrow(
      /has shape \[3, 8\], but 'other.json' stores 'dense\/kernel' with shape \[2, 1\]/,
    );
    expect(fills(model)).toEqual([
      ['lstm/lstm_cell/kernel', [0]],
      ['dense/kernel', [0]],
    ]);
    model.dispose();
  });
});
