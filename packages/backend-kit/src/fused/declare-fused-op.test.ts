import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@keras-ts/tfjs-gradients';
import { afterEach, describe, expect, it } from 'vitest';
import { declareFusedOp } from './declare-fused-op.js';

// A toy op, `x · factor + offset`, and a stand-in kernel on 'cpu' that computes the same with a
// recognisable extra 1000 (so each test sees which path ran) and counts its calls.
interface ToyInputs {
  x: tf.Tensor;
  offset?: tf.Tensor;
}

const KERNEL = 'KerasTestAffine';
let kernelCalls = 0;
let receivedInputs: string[] = [];
const gradientCalls: number[] = [];

const toy = declareFusedOp<ToyInputs, { factor: number }, tf.Tensor>({
  name: KERNEL,
  reference: ({ x, offset }, { factor }) => (offset === undefined ? tf.mul(x, factor) : tf.add(tf.mul(x, factor), offset)),
  gradient: {
    gradient: (dy, _saved, { factor }) => {
      gradientCalls.push(factor);
      return { x: () => tf.mul(dy as tf.Tensor, factor), offset: () => tf.clone(dy as tf.Tensor) };
    },
  },
});

const update = declareFusedOp<ToyInputs, { factor: number }, [tf.Tensor, tf.Tensor]>({
  name: 'KerasTestUpdate',
  reference: ({ x }, { factor }) => [tf.mul(x, factor), tf.add(x, factor)],
});

function registerStandIn(kernelName: string): void {
  tf.registerKernel({
    kernelName,
    backendName: 'cpu',
    // The engine hands a kernel the input tensors themselves, so tfjs-core ops can run on them.
    kernelFunc: ({ inputs, attrs }) => {
      kernelCalls++;
      receivedInputs = Object.keys(inputs);
      const { x, offset } = inputs as unknown as ToyInputs;
      const factor = (attrs as { factor: number }).factor;
      return tf.tidy(() => {
        const scaled = tf.add(tf.mul(x, factor), 1000);
        return kernelName === KERNEL ? (offset === undefined ? scaled : tf.add(scaled, offset)) : [scaled, scaled];
      });
    },
  });
}

afterEach(() => {
  for (const name of [KERNEL, 'KerasTestUpdate']) if (tf.getKernel(name, 'cpu') !== undefined) tf.unregisterKernel(name, 'cpu');
  kernelCalls = 0;
  gradientCalls.length = 0;
});

describe('declareFusedOp', () => {
  it('runs the reference where the active backend registers no kernel', () => {
    const x = tf.tensor1d([1, 2]);
    expect(toy.kernelName).toBe(KERNEL);
    expect(toy.implementedBy()).toBe(false);
    expect(Array.from(toy.run({ x }, { factor: 3 }).dataSync())).toEqual([3, 6]);
    expect(kernelCalls).toBe(0);
  });

  it("dispatches to the active backend's kernel, passing only the inputs given, and leaks nothing", () => {
    registerStandIn(KERNEL);
    const x = tf.tensor1d([1, 2]);
    const offset = tf.tensor1d([10, 20]);
    const before = tf.memory().numTensors;
    const y = toy.run({ x, offset: undefined }, { factor: 3 });
    expect(Array.from(y.dataSync())).toEqual([1003, 1006]);
    expect(receivedInputs).toEqual(['x']);
    const z = toy.run({ x, offset }, { factor: 3 });
    expect(Array.from(z.dataSync())).toEqual([1013, 1026]);
    expect(receivedInputs).toEqual(['x', 'offset']);
    tf.dispose([y, z]);
    expect(tf.memory().numTensors).toBe(before);
    // The reference stays reachable whatever the backend registers.
    expect(Array.from(toy.reference({ x, offset }, { factor: 3 }).dataSync())).toEqual([13, 26]);
    expect(toy.implementedBy('cpu')).toBe(true);
  });

  it('keeps inputs outside the kernel contract (non-float32) on the reference', () => {
    registerStandIn(KERNEL);
    const x = tf.tensor1d([1, 2], 'int32');
    expect(toy.usesKernel({ x }, { factor: 2 })).toBe(false);
    expect(Array.from(toy.run({ x }, { factor: 2 }).dataSync())).toEqual([2, 4]);
    expect(kernelCalls).toBe(0);
  });

  it("differentiates the kernel with the declared gradient, registered once, and the reference with tfjs-core's", () => {
    const x = tf.tensor1d([1, 2]);
    const dy = tf.tensor1d([1, -1]);
    const referenceGradient = tf.grad((input: tf.Tensor) => toy.run({ x: input }, { factor: 3 }))(x, dy);
    expect(Array.from(referenceGradient.dataSync())).toEqual([3, -3]);
    expect(gradientCalls).toEqual([]);
    registerStandIn(KERNEL);
    const kernelGradient = tf.grad((input: tf.Tensor) => toy.run({ x: input }, { factor: 5 }))(x, dy);
    expect(Array.from(kernelGradient.dataSync())).toEqual([5, -5]);
    expect(gradientCalls).toEqual([5]);
    const registered = tf.getGradient(KERNEL);
    expect(registered).toBeDefined();
    tf.grad((input: tf.Tensor) => toy.run({ x: input }, { factor: 7 }))(x, dy);
    expect(tf.getGradient(KERNEL)).toBe(registered);
    expect(gradientCalls).toEqual([5, 7]);
  });

  it('runs the reference under a gradient of a gradient, where the kernel would need a gradient of its own', () => {
    registerStandIn(KERNEL);
    const x = tf.tensor1d([1, 2]);
    // d²/dx² of (3x)² is 18, through tfjs-core's gradients of the reference's ops.
    const second = tf.grad(tf.grad((input: tf.Tensor) => tf.square(toy.run({ x: input }, { factor: 3 }))))(x);
    expect(Array.from(second.dataSync())).toEqual([18, 18]);
    expect(kernelCalls).toBe(0);
  });

  it('runs an op without a gradient (an optimizer update) as its kernel even while a gradient is recorded', () => {
    registerStandIn('KerasTestUpdate');
    expect(update.differentiable).toBe(false);
    const x = tf.tensor1d([1, 2]);
    let values: number[] = [];
    tf.grad(
      tf.grad((input: tf.Tensor) => {
        const [scaled] = update.run({ x }, { factor: 2 });
        values = Array.from(scaled.dataSync());
        return tf.square(input);
      }),
    )(x);
    expect(values).toEqual([1002, 1004]);
    expect(kernelCalls).toBe(1);
  });
});
