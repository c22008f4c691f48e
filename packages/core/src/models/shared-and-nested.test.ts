import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { SGD } from '@keras-ts/optimizers';
import { beforeEach, describe, expect, it } from 'vitest';
import { Input } from '../engine/input-layer.js';
import { Layer } from '../engine/layer.js';
import { resetNameCounters } from '../engine/naming.js';
import type { Shape } from '../engine/types.js';
import { TestDense } from '../testing/layers.test-utils.js';
import { Model } from './model.js';

/** Sums its inputs elementwise. */
class TestAdd extends Layer {
  static override className = 'TestAdd';
  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    return tf.addN(inputs as tf.Tensor[]);
  }
  override computeOutputShape(inputShape: Shape | Shape[]): Shape {
    return (inputShape as Shape[])[0]!;
  }
}

describe('shared layers and nested models', () => {
  beforeEach(() => resetNameCounters());

  it("sums a shared layer's gradient over its uses (checked against each branch alone)", () => {
    const a = Input({ shape: [3], name: 'a' });
    const b = Input({ shape: [3], name: 'b' });
    const shared = new TestDense({ units: 2, name: 'shared', activation: 'sigmoid' });
    const headA = new TestDense({ units: 1, name: 'head_a' });
    const headB = new TestDense({ units: 1, name: 'head_b' });
    const out = new TestAdd().apply([headA.apply(shared.apply(a) as never) as never, headB.apply(shared.apply(b) as never) as never]) as never;
    const model = new Model({ inputs: [a, b], outputs: out });
    const xa = tf.tensor2d([
      [1, -2, 0.5],
      [0.3, 0.1, -1],
    ]);
    const xb = tf.tensor2d([
      [2, 1, -0.5],
      [-1, 0.4, 0.2],
    ]);
    const kernel = shared.kernel!.variable;
    const total = tf.variableGrads(() => tf.sum(model.runGraph([xa, xb])[0]!) as tf.Scalar, [kernel]).grads[kernel.name]!;
    // Each branch on its own, through the same layer objects.
    const branchA = tf.variableGrads(() => tf.sum(headA.apply(shared.apply(xa) as tf.Tensor) as tf.Tensor) as tf.Scalar, [kernel]).grads[kernel.name]!;
    const branchB = tf.variableGrads(() => tf.sum(headB.apply(shared.apply(xb) as tf.Tensor) as tf.Tensor) as tf.Scalar, [kernel]).grads[kernel.name]!;
    const sum = tf.add(branchA, branchB);
    Array.from(total.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(sum.dataSync()[i]!, 6));
    expect(tf.norm(branchA).dataSync()[0]).toBeGreaterThan(0);
    expect(tf.norm(branchB).dataSync()[0]).toBeGreaterThan(0);
    tf.dispose([xa, xb, total, branchA, branchB, sum]);
  });

  it("trains a nested model's weights when the outer model trains", async () => {
    const x = Input({ shape: [4] });
    const inner = new Model({ inputs: x, outputs: new TestDense({ units: 3, activation: 'relu' }).apply(x) as never, name: 'encoder' });
    const y = Input({ shape: [4] });
    const outer = new Model({ inputs: y, outputs: new TestDense({ units: 1 }).apply(inner.apply(y) as never) as never });
    outer.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mse' });
    const before = inner.getWeights().map((w) => Array.from(w.dataSync()));
    const data = tf.tensor2d([
      [1, 2, 3, 4],
      [0.5, -1, 2, 0],
    ]);
    const target = tf.tensor2d([[1], [-1]]);
    await outer.fit(data, target, { epochs: 2, verbose: 0 });
    const after = inner.getWeights().map((w) => Array.from(w.dataSync()));
    expect(after[0]).not.toEqual(before[0]);
    const rows: string[] = [];
    outer.summary((line) => rows.push(line));
    // The nested model is one row with its own parameter count (4·3 + 3 = 15).
    expect(rows.find((line) => line.includes('encoder (Functional)'))).toMatch(/│ +15 │/);
    tf.dispose([data, target]);
  });
});
