import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { Input, Model, Sequential, deserializeLayer } from '@keras-ts/core';
import { describe, expect, it } from 'vitest';
import { Dense } from '../core/dense.js';
import { GRU } from '../recurrent/gru.js';
import { LSTM } from '../recurrent/lstm.js';
import { expectClose, expectLayerGradientsMatch, fitLosses, fixedTensor, setFixedWeights } from '../testing/gradient-check.test-utils.js';
import { Bidirectional } from './bidirectional.js';
import { TimeDistributed } from './time-distributed.js';

const ids = (weights: { variable: tf.Variable }[]) => weights.map((w) => w.variable.name);

describe('Bidirectional', () => {
  it('concatenates a forward run and a time-reversed backward run', () => {
    const layer = new Bidirectional({ layer: new LSTM({ units: 2, returnSequences: true }) });
    const x = fixedTensor([2, 3, 2], 1);
    layer.apply(x);
    setFixedWeights(layer);
    const weights = layer.getWeights();
    expect(weights.length).toBe(6);
    const forward = new LSTM({ units: 2, returnSequences: true });
    const backward = new LSTM({ units: 2, returnSequences: true });
    forward.apply(x);
    backward.apply(x);
    forward.setWeights(weights.slice(0, 3));
    backward.setWeights(weights.slice(3));
    const expected = tf.concat([forward.apply(x) as tf.Tensor, tf.reverse(backward.apply(tf.reverse(x, 1)) as tf.Tensor, 1)], -1);
    expectClose(layer.apply(x) as tf.Tensor, expected.dataSync());
    expect(layer.computeOutputShape([null, 3, 2])).toEqual([null, 3, 4]);
    expect(layer.countParams()).toBe(2 * 4 * 2 * (2 + 2 + 1));
  });

  it('supports every merge mode, returnState and gradients', () => {
    const x = fixedTensor([1, 3, 2], 2);
    const outputs: Record<string, tf.Tensor[]> = {};
    for (const mergeMode of ['sum', 'mul', 'ave', null] as const) {
      const layer = new Bidirectional({ layer: new GRU({ units: 2 }), mergeMode });
      layer.apply(x);
      setFixedWeights(layer);
      const result = layer.apply(x);
      outputs[String(mergeMode)] = Array.isArray(result) ? result : [result];
    }
    const [f, b] = outputs.null as [tf.Tensor, tf.Tensor];
    expectClose(outputs.sum![0]!, tf.add(f, b).dataSync());
    expectClose(outputs.mul![0]!, tf.mul(f, b).dataSync());
    expectClose(outputs.ave![0]!, tf.div(tf.add(f, b), 2).dataSync());
    const withState = new Bidirectional({ layer: new LSTM({ units: 2, returnState: true }) });
    expect((withState.apply(x) as tf.Tensor[]).map((t) => t.shape)).toEqual([
      [1, 4],
      [1, 2],
      [1, 2],
      [1, 2],
      [1, 2],
    ]);
    expectLayerGradientsMatch(new Bidirectional({ layer: new GRU({ units: 2 }) }), fixedTensor([1, 2, 2], 5));
    expect(() => new Bidirectional({ layer: new Dense({ units: 2 }) as never })).toThrow(/must be a recurrent layer/);
    expect(() => new Bidirectional({ layer: new GRU({ units: 2 }), mergeMode: 'max' as never })).toThrow(/mergeMode/);
  });

  it('round-trips its config and trains', async () => {
    const layer = new Bidirectional({ layer: new LSTM({ units: 3 }), mergeMode: 'sum' });
    expect(deserializeLayer({ className: 'Bidirectional', config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
    const model = new Sequential([new Bidirectional({ layer: new LSTM({ units: 3 }), inputShape: [4, 2] }), new Dense({ units: 1 })]);
    const x = fixedTensor([16, 4, 2], 3);
    const [first, last] = await fitLosses(model, x, tf.reshape(tf.sum(x, [1, 2]), [16, 1]));
    expect(last).toBeLessThan(first);
  });
});

describe('TimeDistributed', () => {
  it('applies a Dense to every step with shared weights', () => {
    const layer = new TimeDistributed({ layer: new Dense({ units: 2 }) });
    const x = fixedTensor([2, 3, 4], 1);
    layer.apply(x);
    setFixedWeights(layer);
    const [kernel, bias] = layer.getWeights();
    expectClose(layer.apply(x) as tf.Tensor, tf.add(tf.matMul(tf.reshape(x, [6, 4]), kernel!), bias!).dataSync());
    expect(layer.countParams()).toBe(10);
    expectLayerGradientsMatch(layer, fixedTensor([1, 2, 4], 2));
  });

  it('accepts a Sequential model: 20 × 784 → 20 × 10 (seed 004 video example) and trains it', async () => {
    const mlp = new Sequential([new Dense({ units: 8, activation: 'relu', inputShape: [784] }), new Dense({ units: 10, activation: 'softmax' })]);
    const video = Input({ shape: [20, 784] });
    const perFrame = new TimeDistributed({ layer: mlp }).apply(video);
    expect((perFrame as { shape: unknown }).shape).toEqual([null, 20, 10]);
    const model = new Model({ inputs: video, outputs: perFrame as never });
    expect(model.countParams()).toBe(784 * 8 + 8 + 8 * 10 + 10);
    const x = fixedTensor([4, 20, 784], 4);
    const out = model.predict(x) as tf.Tensor;
    expect(out.shape).toEqual([4, 20, 10]);
    expectClose(tf.sum(out, -1), new Array(80).fill(1));
    const deferred = new TimeDistributed({ layer: new Sequential([new Dense({ units: 3 })]) });
    expect((deferred.apply(tf.ones([2, 5, 4])) as tf.Tensor).shape).toEqual([2, 5, 3]);
    const y = tf.oneHot(
      tf.tensor2d(
        Array.from({ length: 80 }, (_, i) => i % 10),
        [4, 20],
        'int32',
      ),
      10,
    );
    const [first, last] = await fitLosses(model, x, y, { loss: 'categoricalCrossentropy', epochs: 5, batchSize: 2 });
    expect(last).toBeLessThan(first);
  });

  it('round-trips its config', () => {
    const layer = new TimeDistributed({ layer: new Dense({ units: 2 }) });
    expect(deserializeLayer({ className: 'TimeDistributed', config: layer.getConfig() }).getConfig()).toEqual(layer.getConfig());
    expect(() => layer.apply(tf.zeros([2, 3]))).toThrow(/rank ≥ 3/);
  });
});

describe('wrapped layers are sublayers', () => {
  it('Bidirectional lists forward then backward weights; a frozen direction moves after the trainable one', () => {
    const layer = new Bidirectional({ layer: new LSTM({ units: 2 }) });
    layer.apply(tf.zeros([1, 3, 2]));
    const { forwardLayer: forward, backwardLayer: backward } = layer;
    expect(ids(layer.weights)).toEqual([...ids(forward.weights), ...ids(backward.weights)]);
    forward.trainable = false;
    expect(ids(layer.trainableWeights)).toEqual(ids(backward.weights));
    expect(ids(layer.weights)).toEqual([...ids(backward.weights), ...ids(forward.weights)]);
    forward.trainable = true;
    layer.trainable = false;
    expect(layer.trainableWeights).toEqual([]);
    expect(ids(layer.nonTrainableWeights)).toEqual([...ids(forward.weights), ...ids(backward.weights)]);
    layer.dispose();
  });

  it("TimeDistributed reports the wrapped model's weights and regularization losses", () => {
    const dense = new Dense({ units: 2, kernelRegularizer: { className: 'L2', config: { l2: 0.5 } } });
    const layer = new TimeDistributed({ layer: new Sequential([dense]) });
    layer.apply(tf.zeros([1, 2, 3]));
    expect(ids(layer.weights)).toEqual(ids([dense.kernel!, dense.bias!]));
    const [loss, ...rest] = layer.regularizationLosses();
    expect(rest).toEqual([]);
    expectClose(loss!, [0.5 * Array.from(dense.kernel!.variable.dataSync()).reduce((sum, value) => sum + value * value, 0)]);
    layer.dispose();
  });

  it('resetStates reaches stateful RNNs inside a Bidirectional and a TimeDistributed model', () => {
    const bidirectional = new Bidirectional({ layer: new LSTM({ units: 2, stateful: true }) });
    const gru = new GRU({ units: 2, stateful: true, batchInputShape: [2, 3, 1] });
    const sequences = Input({ batchShape: [1, 3, 2] });
    const clips = Input({ batchShape: [1, 2, 3, 1] });
    const model = new Model({
      inputs: [sequences, clips],
      outputs: [bidirectional.apply(sequences), new TimeDistributed({ layer: new Sequential([gru]) }).apply(clips)],
    });
    const inputs = [fixedTensor([1, 3, 2], 1), fixedTensor([1, 2, 3, 1], 2)];
    const first = model.predict(inputs, { batchSize: 1 }).map((t) => Array.from(t.dataSync()));
    const second = model.predict(inputs, { batchSize: 1 }).map((t) => Array.from(t.dataSync()));
    expect(second[0]).not.toEqual(first[0]);
    expect(second[1]).not.toEqual(first[1]);
    model.resetStates();
    for (const layer of [bidirectional.forwardLayer, bidirectional.backwardLayer, gru]) {
      for (const state of layer.states!) expectClose(state, new Array(state.size).fill(0), 0);
    }
    expect(model.predict(inputs, { batchSize: 1 }).map((t) => Array.from(t.dataSync()))).toEqual(first);
    // Layers without state are left alone, and a stateless wrapper has nothing to reset.
    expect(() => new Bidirectional({ layer: new LSTM({ units: 2 }) }).resetStates()).not.toThrow();
    model.dispose();
  });
});
