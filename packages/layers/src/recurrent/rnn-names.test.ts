// Recurrent layers name their cells and weights as Keras 3 does (expected names from real Keras:
// __fixtures__/make-rnn-names.py), and files saved with keras-ts's old cell names still load.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { Input, type Layer, Model, type SymbolicTensor, loadModel } from '@keras-ts/core';
import { resetNameCounters } from '@keras-ts/core/internal';
import { beforeEach, describe, expect, it } from 'vitest';
import { Bidirectional, Dense, GRU, GRUCell, LSTM, LSTMCell, RNN, SimpleRNN, SimpleRNNCell } from '../index.js';

interface KerasCase {
  what: string;
  layers: string[];
  weights: { path: string; shape: number[] }[];
}

const FIXTURES = fileURLToPath(new URL('./__fixtures__/', import.meta.url));
const keras = JSON.parse(readFileSync(`${FIXTURES}rnn-names.json`, 'utf8')) as { cases: KerasCase[] };

function kerasCase(what: string): KerasCase {
  const found = keras.cases.find((item) => item.what === what);
  if (found === undefined) throw new Error(`rnn-names.json has no case '${what}'`);
  return found;
}

/** A functional model of `[5, 3]` sequences through `layers` (each applied to the previous output). */
function functional(...layers: Layer[]): Model {
  const inputs = Input({ shape: [5, 3] });
  let x: SymbolicTensor = inputs;
  for (const layer of layers) x = layer.apply(x) as SymbolicTensor;
  return new Model({ inputs, outputs: x });
}

/** keras-ts's names in Keras's form: the layers after the input, and each weight's path and shape. */
function names(model: Model): { layers: string[]; weights: { path: string; shape: number[] }[] } {
  return {
    layers: model.layers.filter((layer) => layer.className !== 'InputLayer').map((layer) => layer.name),
    weights: model.weights.map((weight) => ({ path: weight.name, shape: weight.shape })),
  };
}

/** Keras's names without the input layer (its default name is another fidelity item of issue 18). */
function expected(what: string, dropPrefix = ''): { layers: string[]; weights: { path: string; shape: number[] }[] } {
  const item = kerasCase(what);
  return {
    layers: item.layers.filter((name) => !name.startsWith('input_layer')),
    weights: item.weights.map((weight) => ({ path: weight.path.replace(dropPrefix, ''), shape: weight.shape })),
  };
}

beforeEach(() => {
  resetNameCounters();
});

describe('recurrent weight names follow Keras 3', () => {
  it('names LSTM, GRU and SimpleRNN weights under the layer: lstm_1/lstm_cell/kernel', () => {
    const model = functional(
      new LSTM({ units: 4, returnSequences: true }),
      new GRU({ units: 3, returnSequences: true }),
      new SimpleRNN({ units: 2, returnSequences: true }),
      new LSTM({ units: 2 }),
      new Dense({ units: 1 }),
    );
    // Keras's Sequential builds its layers in its own scope (`sequential/lstm/…`); keras-ts's
    // names are compared with the part below it, which is what a functional model gets.
    expect(names(model)).toEqual(expected('Sequential: LSTM, GRU, SimpleRNN, LSTM, Dense', 'sequential/'));
    model.dispose();
  });

  it('names Bidirectional weights bidirectional/forward_lstm/lstm_cell/kernel and backward_lstm/…', () => {
    const model = functional(
      new Bidirectional({ layer: new LSTM({ units: 4, returnSequences: true }) }),
      new Bidirectional({ layer: new GRU({ units: 2 }) }),
      new Dense({ units: 1 }),
    );
    expect(names(model)).toEqual(expected('functional: Bidirectional(LSTM), Bidirectional(GRU), Dense'));
    model.dispose();
  });

  it('names a Bidirectional with its own backward layer as Keras does, and the next LSTM lstm_2', () => {
    const model = functional(
      new Bidirectional({
        layer: new LSTM({ units: 3, returnSequences: true }),
        backwardLayer: new LSTM({ units: 3, returnSequences: true, goBackwards: true }),
      }),
      new LSTM({ units: 2 }),
      new Dense({ units: 1 }),
    );
    expect(names(model)).toEqual(expected('functional: Bidirectional(LSTM, backward_layer=LSTM), LSTM, Dense'));
    model.dispose();
  });

  it('names stacked cells rnn/stacked_rnn_cells/lstm_cell/kernel and a lone cell rnn_1/simple_rnn_cell/kernel', () => {
    const model = functional(
      new RNN({ cell: [new LSTMCell({ units: 4 }), new GRUCell({ units: 3 })], returnSequences: true }),
      new RNN({ cell: new SimpleRNNCell({ units: 2 }) }),
      new Dense({ units: 1 }),
    );
    expect(names(model)).toEqual(expected('functional: RNN(stacked LSTMCell + GRUCell), RNN(SimpleRNNCell), Dense'));
    model.dispose();
  });

  it("takes no default name for an LSTM's own cell, so a user's LSTMCell is still lstm_cell", () => {
    const model = functional(new LSTM({ units: 4, returnSequences: true }), new RNN({ cell: new LSTMCell({ units: 2 }) }), new Dense({ units: 1 }));
    expect(names(model)).toEqual(expected('functional: LSTM, RNN(LSTMCell), Dense'));
    model.dispose();
  });

  it('keeps the names through a save and load in the tfjs layout', async () => {
    const model = functional(new Bidirectional({ layer: new LSTM({ units: 2 }) }), new Dense({ units: 1 }));
    const directory = await mkdtemp(join(tmpdir(), 'keras-ts-rnn-names-'));
    try {
      await model.save(directory);
      const loaded = (await loadModel(directory)) as Model;
      expect(loaded.weights.map((weight) => weight.name)).toEqual(model.weights.map((weight) => weight.name));
      loaded.dispose();
    } finally {
      model.dispose();
      await rm(directory, { recursive: true, force: true });
    }
  });
});

describe("files saved with keras-ts's old recurrent names (lstm_cell/kernel)", () => {
  // legacy-cell-names/ was written by make-legacy-cell-names.ts before the rename, each weight
  // filled with one constant; the file's names and constants are listed here as written then.
  const LEGACY = `${FIXTURES}legacy-cell-names`;
  const FILLS: [newName: string, oldName: string, fill: number][] = [
    ['lstm/lstm_cell/kernel', 'lstm_cell/kernel', 1],
    ['lstm/lstm_cell/recurrent_kernel', 'lstm_cell/recurrent_kernel', 2],
    ['lstm/lstm_cell/bias', 'lstm_cell/bias', 3],
    ['bidirectional/forward_gru/gru_cell/kernel', 'gru_cell_1/kernel', 4],
    ['bidirectional/forward_gru/gru_cell/recurrent_kernel', 'gru_cell_1/recurrent_kernel', 5],
    ['bidirectional/forward_gru/gru_cell/bias', 'gru_cell_1/bias', 6],
    ['bidirectional/backward_gru/gru_cell/kernel', 'gru_cell_2/kernel', 7],
    ['bidirectional/backward_gru/gru_cell/recurrent_kernel', 'gru_cell_2/recurrent_kernel', 8],
    ['bidirectional/backward_gru/gru_cell/bias', 'gru_cell_2/bias', 9],
    ['dense/kernel', 'dense/kernel', 10],
    ['dense/bias', 'dense/bias', 11],
  ];

  function fillsOf(model: Model): [string, number[]][] {
    return model.weights.map((weight) => [weight.name, [...new Set(weight.variable.dataSync())]]);
  }

  it('the committed file holds the old names', () => {
    const json = JSON.parse(readFileSync(`${LEGACY}/model.json`, 'utf8')) as { weightsManifest: { weights: { name: string }[] }[] };
    expect(json.weightsManifest.flatMap((group) => group.weights.map((weight) => weight.name))).toEqual(FILLS.map(([, oldName]) => oldName));
  });

  it('loadModel gives each weight, under its new name, the value saved under its old name', async () => {
    const before = tf.memory().numTensors;
    const model = (await loadModel(LEGACY)) as Model;
    expect(fillsOf(model)).toEqual(FILLS.map(([newName, , fill]) => [newName, [fill]]));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('loadWeights into a model built anew maps the old names to the new ones', async () => {
    const inputs = Input({ shape: [4, 3] });
    const x = new LSTM({ units: 2, returnSequences: true }).apply(inputs);
    const y = new Bidirectional({ layer: new GRU({ units: 2 }) }).apply(x);
    const model = new Model({ inputs, outputs: new Dense({ units: 1 }).apply(y) });
    await model.loadWeights(LEGACY);
    expect(fillsOf(model)).toEqual(FILLS.map(([newName, , fill]) => [newName, [fill]]));
    model.dispose();
  });
});
