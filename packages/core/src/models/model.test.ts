import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeEach, describe, expect, it } from 'vitest';
import { Input } from '../engine/input-layer.js';
import { resetNameCounters } from '../engine/naming.js';
import { TestConcat, TestDense } from '../testing/layers.test-utils.js';
import { Model } from './model.js';

describe('functional Model graph', () => {
  beforeEach(() => resetNameCounters());

  it('runs a two-input, two-output graph with a shared layer', () => {
    const a = Input({ shape: [2], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const shared = new TestDense({ units: 3, name: 'shared' });
    const sa = shared.apply(a) as never;
    const sb = shared.apply(b) as never;
    const merged = new TestConcat({ name: 'merge' }).apply([sa, sb]) as never;
    const head1 = new TestDense({ units: 1, name: 'out1' }).apply(merged) as never;
    const head2 = new TestDense({ units: 2, name: 'out2' }).apply(sa) as never;
    const model = new Model({ inputs: [a, b], outputs: [head1, head2] });
    expect(model.inputNames).toEqual(['a', 'b']);
    expect(model.outputNames).toEqual(['out1', 'out2']);
    const names = model.layers.map((l) => l.name);
    expect(names.slice(0, 2)).toEqual(['a', 'b']);
    expect(new Set(names)).toEqual(new Set(['a', 'b', 'shared', 'merge', 'out1', 'out2']));
    expect(names.indexOf('shared')).toBeLessThan(names.indexOf('merge'));
    expect(names.indexOf('merge')).toBeLessThan(names.indexOf('out1'));
    // The shared layer's weights count once.
    expect(model.countParams()).toBe(2 * 3 + 3 + 6 * 1 + 1 + 3 * 2 + 2);

    const xa = tf.tensor2d([[1, 2]]);
    const xb = tf.tensor2d([[3, 4]]);
    const [y1, y2] = model.runGraph([xa, xb]);
    // shared kernel = [[0, .1, .2], [.3, .4, .5]]
    const kernel = [
      [0, 0.1, 0.2],
      [0.3, 0.4, 0.5],
    ];
    const dense = (x: number[]) => [0, 1, 2].map((j) => x[0]! * kernel[0]![j]! + x[1]! * kernel[1]![j]!);
    const ha = dense([1, 2]);
    const hb = dense([3, 4]);
    const concat = [...ha, ...hb];
    const out1 = concat.reduce((sum, v, i) => sum + v * (i / 10), 0);
    expect(y1!.dataSync()[0]).toBeCloseTo(out1, 5);
    const out2 = [0, 1].map((j) => ha.reduce((sum, v, i) => sum + v * ((i * 2 + j) / 10), 0));
    expect(Array.from(y2!.dataSync())).toEqual(out2.map((v) => expect.closeTo(v, 5)));
    tf.dispose([xa, xb, y1!, y2!]);
  });

  it('records nodes of a shared layer and words the ambiguity errors like Keras', () => {
    const a = Input({ shape: [4] });
    const b = Input({ shape: [4] });
    const shared = new TestDense({ units: 2, name: 'lstm_like' });
    const oa = shared.apply(a);
    expect(shared.output).toBe(oa);
    const ob = shared.apply(b);
    expect(shared.inboundNodes).toHaveLength(2);
    expect(shared.getOutputAt(0)).toBe(oa);
    expect(shared.getOutputAt(1)).toBe(ob);
    expect(shared.getInputAt(1)).toBe(b);
    expect(() => shared.output).toThrow(
      'Layer lstm_like has multiple inbound nodes, hence the notion of "layer output" is ill-defined. Use `getOutputAt(nodeIndex)` instead.',
    );
    // Same shapes at both calls: the shape properties stay defined.
    expect(shared.inputShape).toEqual([null, 4]);
    expect(shared.outputShape).toEqual([null, 2]);
  });

  it('throws for different input shapes across calls but answers per node', () => {
    const small = Input({ shape: [3, 5] });
    const big = Input({ shape: [6, 5] });
    const layer = new TestDense({ units: 2, name: 'conv_like' });
    layer.apply(small);
    expect(layer.inputShape).toEqual([null, 3, 5]);
    layer.apply(big);
    expect(layer.getInputShapeAt(0)).toEqual([null, 3, 5]);
    expect(layer.getInputShapeAt(1)).toEqual([null, 6, 5]);
    expect(() => layer.inputShape).toThrow(/multiple inbound nodes, with different input shapes/);
    expect(() => layer.getInputShapeAt(2)).toThrow(/has 2 inbound node\(s\)/);
  });

  it('rejects disconnected graphs, duplicate names and non-Input inputs', () => {
    const a = Input({ shape: [2], name: 'a' });
    const b = Input({ shape: [2], name: 'b' });
    const out = new TestConcat().apply([a, b]) as never;
    expect(() => new Model({ inputs: a, outputs: out })).toThrow(/Graph disconnected.*'b'/);
    const hidden = new TestDense({ units: 2, name: 'same' }).apply(a) as never;
    const clash = new TestDense({ units: 2, name: 'same' }).apply(hidden) as never;
    expect(() => new Model({ inputs: a, outputs: clash })).toThrow(/The name 'same' is used by 2 layers/);
    expect(() => new Model({ inputs: hidden, outputs: out })).toThrow(/Model inputs must come from Input\(\)/);
  });

  it('uses a model as a layer, sharing its weights', () => {
    const x = Input({ shape: [3] });
    const inner = new Model({ inputs: x, outputs: new TestDense({ units: 2 }).apply(x) as never, name: 'inner' });
    const y = Input({ shape: [3] });
    const outer = new Model({ inputs: y, outputs: new TestDense({ units: 1 }).apply(inner.apply(y) as never) as never });
    expect(outer.trainableWeights.map((w) => w.variable)).toEqual(expect.arrayContaining(inner.trainableWeights.map((w) => w.variable)));
    const input = tf.ones([1, 3]);
    const direct = inner.runGraph([input])[0]!;
    const viaOuter = outer.getLayer('inner').apply(input) as tf.Tensor;
    expect(Array.from(viaOuter.dataSync())).toEqual(Array.from(direct.dataSync()));
    tf.dispose([input, direct, viaOuter]);
  });

  it('finds layers by name or index with helpful errors', () => {
    const x = Input({ shape: [3], name: 'x' });
    const model = new Model({ inputs: x, outputs: new TestDense({ units: 2, name: 'd' }).apply(x) as never });
    expect(model.getLayer('d').name).toBe('d');
    expect(model.getLayer(0).name).toBe('x');
    expect(() => model.getLayer('nope')).toThrow("No layer named 'nope' in model");
    expect(() => model.getLayer(5)).toThrow(/has 2 layers/);
  });
});
