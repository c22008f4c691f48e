// Layer order of functional models and default names, against what Keras 3.15.1 itself reported
// (src/__fixtures__/keras3/make-fidelity-fixtures.py wrote the JSON).
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import fixtures from '../__fixtures__/keras3/fidelity.json' with { type: 'json' };
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { KerasConcatenate, KerasDense } from '../testing/keras-layers.test-utils.js';
import { Model } from './model.js';
import { Sequential } from './sequential.js';

describe('Keras 3 layer order and default names', () => {
  beforeEach(() => resetNameCounters());

  it("lists a functional model's layers by depth, inputs among them (seed 004's headline graph)", () => {
    // The headline model's graph; stand-ins named as Keras named the Embedding and the LSTM.
    const mainInput = Input({ shape: [100], name: 'main_input' });
    const lstmOut = new KerasDense({ units: 32, name: 'lstm' }).apply(new KerasDense({ units: 8, name: 'embedding' }).apply(mainInput));
    const auxiliaryOutput = new KerasDense({ units: 1, activation: 'sigmoid', name: 'aux_output' }).apply(lstmOut);
    const auxiliaryInput = Input({ shape: [5], name: 'aux_input' });
    let x = new KerasConcatenate({}).apply([lstmOut, auxiliaryInput]);
    for (let i = 0; i < 3; i++) x = new KerasDense({ units: 64, activation: 'relu' }).apply(x);
    const mainOutput = new KerasDense({ units: 1, activation: 'sigmoid', name: 'main_output' }).apply(x);
    const model = new Model({ inputs: [mainInput, auxiliaryInput], outputs: [mainOutput, auxiliaryOutput] });
    expect(model.layers.map((layer) => layer.name)).toEqual(fixtures.seed004_headline.layers);
    expect(model.getLayer(3).name).toBe('aux_input');
    // Execution still follows the graph: inputs stay in declaration order.
    expect(model.inputNames).toEqual(['main_input', 'aux_input']);
  });

  it('a Sequential takes an input_layer name and a functional name per build, as Keras 3 does', () => {
    const [sequentialNames, afterIt, addedNames, secondModel] = fixtures.default_names;
    const sequential = new Sequential([new KerasDense({ units: 32, activation: 'relu', inputShape: [64] }), new KerasDense({ units: 10 })]);
    expect(sequential.name).toBe(sequentialNames!.model);
    expect(sequential.layers.map((layer) => layer.name)).toEqual(sequentialNames!.layers);
    expect(sequential.inputs[0]!.sourceLayer.name).toBe('input_layer');

    const input = Input({ shape: [64] });
    // Python evaluates Dense(10)(Dense(32)(inp)) outer constructor first.
    const outer = new KerasDense({ units: 10 });
    const functional = new Model({ inputs: input, outputs: outer.apply(new KerasDense({ units: 32 }).apply(input)) });
    expect(functional.name).toBe(afterIt!.model);
    expect(input.sourceLayer.name).toBe(afterIt!.input);
    expect(functional.layers.map((layer) => layer.name)).toEqual(afterIt!.layers);

    const added = new Sequential();
    added.add(new KerasDense({ units: 4, inputDim: 3 } as never));
    expect(added.name).toBe(addedNames!.model);
    expect(added.layers.map((layer) => layer.name)).toEqual(addedNames!.layers);

    const input2 = Input({ shape: [3] });
    const second = new Model({ inputs: input2, outputs: new KerasDense({ units: 2 }).apply(input2) });
    expect(second.name).toBe(secondModel!.model);
    expect(input2.sourceLayer.name).toBe(secondModel!.input);
  });

  it("names seed 003's functional model functional_3 after a Sequential built by three add() calls", () => {
    const sequential = new Sequential();
    sequential.add(new KerasDense({ units: 32, activation: 'relu', inputShape: [64] }));
    sequential.add(new KerasDense({ units: 32, activation: 'relu' }));
    sequential.add(new KerasDense({ units: 10, activation: 'softmax' }));
    const input = Input({ shape: [64] });
    let x = new KerasDense({ units: 32, activation: 'relu' }).apply(input);
    x = new KerasDense({ units: 32, activation: 'relu' }).apply(x);
    const model = new Model({ inputs: input, outputs: new KerasDense({ units: 10, activation: 'softmax' }).apply(x) });
    expect(model.name).toBe(fixtures.seed003_functional.name);
    expect(model.layers.map((layer) => layer.name)).toEqual(fixtures.seed003_functional.layers);
  });
});
