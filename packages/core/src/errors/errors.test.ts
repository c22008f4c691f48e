import '@tensorflow/tfjs-backend-cpu';
import * as common from '@keras-ts/common';
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import * as internal from '../internal.js';
import { Input } from '../engine/input-layer.js';
import { Model } from '../models/model.js';
import { TestDense } from '../testing/layers.test-utils.js';

function tinyModel(): Model {
  const input = Input({ shape: [2] });
  return new Model({ inputs: input, outputs: new TestDense({ units: 1 }).apply(input) as never });
}

describe('errors users see from core', () => {
  it('are the classes of @keras-ts/common, re-exported under the same names', () => {
    const pairs = [
      [core.KerasError, common.KerasError],
      [core.ValueError, common.ValueError],
      [core.ShapeError, common.ShapeError],
      [core.GraphError, common.GraphError],
      [core.NotCompiledError, common.NotCompiledError],
      [core.MissingKernelError, common.MissingKernelError],
      [core.BackendError, common.BackendError],
      [core.InternalError, common.InternalError],
      [core.PlatformError, common.PlatformError],
    ];
    for (const [fromCore, fromCommon] of pairs) expect(fromCore).toBe(fromCommon);
    expect(core.lookupIdentifier).toBe(common.lookupIdentifier);
    expect(core.normalizeIdentifier).toBe(common.normalizeIdentifier);
  });

  it("compile({ loss: 'nope' }) throws ValueError listing the valid loss names", () => {
    const model = tinyModel();
    let caught: unknown;
    try {
      model.compile({ optimizer: 'sgd', loss: 'nope' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(core.ValueError);
    expect((caught as Error).message).toMatch(/^Unknown loss 'nope'\. Valid loss identifiers: .*categorical_crossentropy.*mse/);
  });

  it('an unknown optimizer or metric identifier throws ValueError naming it', () => {
    const model = tinyModel();
    expect(() => model.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(core.ValueError);
    expect(() => model.compile({ optimizer: 'adamm', loss: 'mse' })).toThrow(/Unknown optimizer 'adamm'/);
    expect(() => model.compile({ optimizer: 'sgd', loss: 'mse', metrics: ['acuracy'] })).toThrow(core.ValueError);
  });

  it('fit before compile throws NotCompiledError; a bad seed throws ValueError', async () => {
    const model = tinyModel();
    const x = tf.zeros([2, 2]);
    const y = tf.zeros([2, 1]);
    await expect(model.fit(x, y, { epochs: 1 })).rejects.toBeInstanceOf(core.NotCompiledError);
    tf.dispose([x, y]);
    expect(() => core.setRandomSeed(-1)).toThrow(core.ValueError);
  });

  it('internals are not exported from the public entry point', () => {
    for (const name of ['withCallContext', 'currentCallContext', 'CallContext', 'preflight', 'CallbackList', 'resetNameCounters', 'mulberry32']) {
      expect(Object.keys(core)).not.toContain(name);
      expect(Object.keys(internal)).toContain(name);
    }
  });
});
