import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Model } from '../models/model.js';
import { constantInit, TestDense } from '../testing/layers.test-utils.js';
import { Input } from './input-layer.js';
import { Layer, type LayerConfig } from './layer.js';
import type { LayerWeight } from './layer-weight.js';
import { resetNameCounters } from './naming.js';
import type { CallOptions, Shape } from './types.js';

interface TestBlockConfig extends LayerConfig {
  /** Initial value of the factor. */
  value: number;
  /** The factor's regularization penalty is `penalty · factor`. */
  penalty: number;
  /** Layers applied, in order, before the scaling. */
  parts?: Layer[];
}

/**
 * A composite: runs its parts in order, then multiplies by its own trainable `factor`
 * (regularized) and keeps a non-trainable `steps` weight, as a layer with moving statistics does.
 */
class TestBlock extends Layer {
  static override className = 'TestBlock';
  readonly parts: Layer[];
  readonly resets: string[] = [];
  factor?: LayerWeight;

  constructor(readonly config: TestBlockConfig) {
    super(config);
    this.parts = (config.parts ?? []).map((part) => this.trackLayer(part));
  }

  override build(inputShape: Shape | Shape[]): void {
    this.factor = this.addWeight('factor', [1], constantInit(this.config.value), {
      regularizer: { apply: (w) => tf.mul(tf.sum(w), this.config.penalty) as tf.Scalar },
    });
    this.addWeight('steps', [1], constantInit(0), { trainable: false });
    let shape = inputShape as Shape;
    for (const part of this.parts) {
      part.maybeBuild(shape);
      shape = part.computeOutputShape(shape) as Shape;
    }
  }

  override call(inputs: tf.Tensor | tf.Tensor[], options: CallOptions = {}): tf.Tensor {
    return tf.tidy(() => {
      let x = Array.isArray(inputs) ? inputs[0]! : inputs;
      for (const part of this.parts) x = part.call(x, options) as tf.Tensor;
      return tf.mul(x, this.factor!.variable);
    });
  }

  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return this.parts.reduce((shape, part) => part.computeOutputShape(shape) as Shape, inputShape as Shape);
  }

  protected override resetOwnStates(): void {
    this.resets.push(this.name);
  }

  /** Registers a layer after construction (to check that registering twice keeps one entry). */
  track(layer: Layer): Layer {
    return this.trackLayer(layer);
  }
}

const names = (weights: LayerWeight[]) => weights.map((w) => w.name);

/** outer = [shared, inner = [shared, c], dense]: `shared` is reached directly and through `inner`. */
function composite() {
  const shared = new TestBlock({ name: 'shared', value: 2, penalty: 1 });
  const inner = new TestBlock({ name: 'inner', value: 3, penalty: 10, parts: [shared, new TestBlock({ name: 'c', value: 1, penalty: 0 })] });
  const dense = new TestDense({ name: 'dense', units: 2 });
  const outer = new TestBlock({ name: 'outer', value: 5, penalty: 100, parts: [shared, inner, dense] });
  outer.maybeBuild([null, 2]);
  return { outer, inner, shared, dense };
}

describe('Layer sublayers', () => {
  beforeEach(() => resetNameCounters());

  it('reports its own weights first, then each sublayer weight once (trainable, then non-trainable)', () => {
    const { outer, shared } = composite();
    const trainable = ['outer/factor', 'shared/factor', 'inner/factor', 'c/factor', 'dense/kernel', 'dense/bias'];
    const nonTrainable = ['outer/steps', 'shared/steps', 'inner/steps', 'c/steps'];
    expect(names(outer.trainableWeights)).toEqual(trainable);
    expect(names(outer.nonTrainableWeights)).toEqual(nonTrainable);
    expect(names(outer.weights)).toEqual([...trainable, ...nonTrainable]);
    expect(outer.countParams()).toBe(4 + 4 + 2 * 2 + 2);
    expect(outer.track(shared)).toBe(shared);
    expect(names(outer.weights)).toEqual([...trainable, ...nonTrainable]);
    expect(() => outer.track(outer)).toThrow(/cannot be a sublayer of itself/);

    // setWeights follows the same order: index 1 is the shared factor, wherever it is used.
    const values = outer.weights.map((w, i) => tf.fill(w.shape, i + 1));
    outer.setWeights(values);
    expect(Array.from(shared.factor!.variable.dataSync())).toEqual([2]);
    expect(outer.getWeights().map((t) => t.dataSync()[0])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    tf.dispose(values);
    outer.dispose();
  });

  it('a non-trainable parent freezes every sublayer; a frozen part freezes a layer shared with it', () => {
    const { outer, inner, shared } = composite();
    outer.trainable = false;
    expect(outer.trainableWeights).toEqual([]);
    // Frozen: own weights in creation order, then each sublayer's weights (Keras 2's layout).
    expect(names(outer.nonTrainableWeights)).toEqual([
      'outer/factor',
      'outer/steps',
      'shared/factor',
      'shared/steps',
      'inner/factor',
      'c/factor',
      'inner/steps',
      'c/steps',
      'dense/kernel',
      'dense/bias',
    ]);
    // The children's own flags are untouched.
    expect(shared.trainable).toBe(true);
    expect(names(shared.trainableWeights)).toEqual(['shared/factor']);
    outer.trainable = true;
    inner.trainable = false;
    expect(names(outer.trainableWeights)).toEqual(['outer/factor', 'dense/kernel', 'dense/bias']);
    expect(new Set(outer.weights).size).toBe(10);
    outer.dispose();
  });

  it('training leaves a frozen composite (and its nested parts) unchanged', async () => {
    const { outer } = composite();
    const head = new TestDense({ name: 'head', units: 1 });
    const x = Input({ shape: [2] });
    const model = new Model({ inputs: x, outputs: head.apply(outer.apply(x)) });
    outer.trainable = false;
    expect(names(model.trainableWeights)).toEqual(['head/kernel', 'head/bias']);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const frozen = outer.getWeights().map((t) => Array.from(t.dataSync()));
    const headBefore = Array.from(head.kernel!.variable.dataSync());
    const data = tf.tensor2d([
      [1, 2],
      [-1, 0.5],
    ]);
    const target = tf.tensor2d([[1], [-1]]);
    await model.fit(data, target, { epochs: 2, verbose: 0 });
    expect(outer.getWeights().map((t) => Array.from(t.dataSync()))).toEqual(frozen);
    expect(Array.from(head.kernel!.variable.dataSync())).not.toEqual(headBefore);
    tf.dispose([data, target]);
    model.dispose();
  });

  it('a model lists its weights layer by layer', () => {
    const { outer } = composite();
    const x = Input({ shape: [2] });
    const model = new Model({ inputs: x, outputs: new TestDense({ name: 'head', units: 1 }).apply(outer.apply(x)) });
    expect(names(model.weights)).toEqual([...names(outer.weights), 'head/kernel', 'head/bias']);
    model.dispose();
  });

  it("includes every sublayer's regularization losses, each shared layer once, parents first", () => {
    const { outer } = composite();
    // outer 5 · 100, shared 2 · 1, inner 3 · 10, c 1 · 0 (TestDense has no regularizer).
    const losses = outer.regularizationLosses();
    expect(losses.map((loss) => loss.dataSync()[0])).toEqual([500, 2, 30, 0]);
    tf.dispose(losses);
    outer.dispose();
  });

  it('disposes every sublayer once, shared ones included, and frees all their variables', () => {
    const before = tf.memory().numTensors;
    const { outer, shared, dense } = composite();
    const x = Input({ shape: [2] });
    // `shared` is also a layer of the model's graph: the model reaches it twice.
    const model = new Model({ inputs: x, outputs: outer.apply(shared.apply(x)) });
    const weights = model.weights;
    const sharedDispose = vi.spyOn(shared, 'dispose');
    const denseDispose = vi.spyOn(dense, 'dispose');
    model.dispose();
    expect(sharedDispose).toHaveBeenCalledTimes(1);
    expect(denseDispose).toHaveBeenCalledTimes(1);
    expect(weights.every((w) => w.variable.isDisposed)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
    expect(outer.weights).toEqual([]);
  });

  it('resetStates reaches every layer of the tree once, through models too', () => {
    const { outer, inner, shared } = composite();
    const x = Input({ shape: [2] });
    const model = new Model({ inputs: x, outputs: outer.apply(x) });
    model.resetStates();
    expect([outer, inner, shared].map((layer) => layer.resets)).toEqual([['outer'], ['inner'], ['shared']]);
    model.dispose();
  });
});
