import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose, gradientSteps, initialWeights, runSteps } from './optimizer.test-utils.js';
import { RMSprop } from './rmsprop.js';

/** Keras 3 RMSprop written out (epsilon inside the square root). */
function referenceRMSprop(lr: number, rho: number, momentum: number, epsilon: number, centered: boolean): number[][] {
  const w = [...initialWeights];
  const velocity = w.map(() => 0);
  const average = w.map(() => 0);
  const moment = w.map(() => 0);
  return gradientSteps.map((g) => {
    for (let i = 0; i < w.length; i++) {
      velocity[i] = rho * velocity[i]! + (1 - rho) * g[i]! ** 2;
      let denominator = velocity[i]! + epsilon;
      if (centered) {
        average[i] = rho * average[i]! + (1 - rho) * g[i]!;
        denominator = velocity[i]! - average[i]! ** 2 + epsilon;
      }
      const increment = (lr * g[i]!) / Math.sqrt(denominator);
      if (momentum > 0) {
        moment[i] = momentum * moment[i]! + increment;
        w[i] = w[i]! - moment[i]!;
      } else {
        w[i] = w[i]! - increment;
      }
    }
    return [...w];
  });
}

describe('RMSprop', () => {
  it('has Keras defaults', () => {
    const optimizer = new RMSprop();
    expect(optimizer.getConfig()).toMatchObject({
      name: 'rmsprop',
      learningRate: 0.001,
      rho: 0.9,
      momentum: 0,
      epsilon: 1e-7,
      centered: false,
    });
  });

  it('plain RMSprop matches the Keras 3 formula', () => {
    expectClose(runSteps(new RMSprop({ learningRate: 0.01 })), referenceRMSprop(0.01, 0.9, 0, 1e-7, false));
  });

  it('with momentum, and a large epsilon that shows it sits inside the square root', () => {
    expectClose(runSteps(new RMSprop({ learningRate: 0.01, momentum: 0.5, rho: 0.8, epsilon: 0.01 })), referenceRMSprop(0.01, 0.8, 0.5, 0.01, false));
  });

  it('centered, with momentum and a large epsilon that shows where it enters', () => {
    expectClose(runSteps(new RMSprop({ learningRate: 0.01, momentum: 0.3, centered: true, epsilon: 0.01 })), referenceRMSprop(0.01, 0.9, 0.3, 0.01, true));
  });

  it('creates velocity, momentum and average-gradient slots only when used', () => {
    const slotCount = (optimizer: RMSprop): number => {
      const variable = tf.variable(tf.zeros([2, 3]));
      const gradient = tf.ones([2, 3]);
      optimizer.applyGradients([[gradient, variable]]);
      const weights = optimizer.getWeights();
      const shapes = weights.slice(1).map((weight) => weight.shape);
      tf.dispose([variable, gradient, ...weights]);
      optimizer.dispose();
      for (const shape of shapes) expect(shape).toEqual([2, 3]);
      return shapes.length;
    };
    expect(slotCount(new RMSprop())).toBe(1);
    expect(slotCount(new RMSprop({ momentum: 0.5 }))).toBe(2);
    expect(slotCount(new RMSprop({ momentum: 0.5, centered: true }))).toBe(3);
  });

  it("dispatches a backend's fused 'KerasRMSpropUpdate' kernel for plain RMSprop, with the kernel's contract", () => {
    // A stand-in for a backend's fused kernel, written from the kernel contract: inputs
    // variable / velocity / gradient, attributes rho / epsilon / learningRate, outputs
    // [newVelocity, newVariable].
    let calls = 0;
    tf.registerKernel({
      kernelName: 'KerasRMSpropUpdate',
      backendName: 'cpu',
      kernelFunc: ({ inputs, attrs, backend }) => {
        calls++;
        const cpu = backend as unknown as {
          readSync(id: unknown): Float32Array;
          makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
        };
        const { variable, velocity, gradient } = inputs as Record<string, tf.TensorInfo>;
        const { rho, epsilon, learningRate } = attrs as { rho: number; epsilon: number; learningRate: number };
        const [w, v, g] = [variable!, velocity!, gradient!].map((t) => cpu.readSync(t.dataId));
        const newVelocity = v!.map((vi, i) => rho * vi + (1 - rho) * g![i]! ** 2);
        const newVariable = w!.map((wi, i) => wi - (learningRate * g![i]!) / Math.sqrt(newVelocity[i]! + epsilon));
        return [cpu.makeTensorInfo(variable!.shape, 'float32', newVelocity), cpu.makeTensorInfo(variable!.shape, 'float32', newVariable)];
      },
    });
    try {
      expectClose(runSteps(new RMSprop({ learningRate: 0.01, rho: 0.8 })), referenceRMSprop(0.01, 0.8, 0, 1e-7, false));
      expect(calls).toBe(gradientSteps.length);
      expectClose(runSteps(new RMSprop({ learningRate: 0.01, momentum: 0.5 })), referenceRMSprop(0.01, 0.9, 0.5, 1e-7, false));
      expect(calls).toBe(gradientSteps.length);
    } finally {
      tf.unregisterKernel('KerasRMSpropUpdate', 'cpu');
    }
  });
});
