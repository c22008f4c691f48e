import '@tensorflow/tfjs-backend-cpu';
import type * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as activations from './activations.js';
import { getActivation, serializeActivation } from './registry.js';

/** [camelCase name, Keras snake_case name, function]. */
const NAMES: [string, string, activations.ActivationFunction][] = [
  ['relu', 'relu', activations.relu],
  ['relu6', 'relu6', activations.relu6],
  ['tanh', 'tanh', activations.tanh],
  ['sigmoid', 'sigmoid', activations.sigmoid],
  ['hardSigmoid', 'hard_sigmoid', activations.hardSigmoid],
  ['softmax', 'softmax', activations.softmax],
  ['logSoftmax', 'log_softmax', activations.logSoftmax],
  ['linear', 'linear', activations.linear],
  ['elu', 'elu', activations.elu],
  ['selu', 'selu', activations.selu],
  ['softplus', 'softplus', activations.softplus],
  ['softsign', 'softsign', activations.softsign],
  ['swish', 'swish', activations.swish],
  ['gelu', 'gelu', activations.gelu],
  ['exponential', 'exponential', activations.exponential],
  ['leakyRelu', 'leaky_relu', activations.leakyRelu],
  ['mish', 'mish', activations.mish],
  ['hardSilu', 'hard_silu', activations.hardSilu],
];

describe('getActivation', () => {
  it.each(NAMES)('resolves %s and %s to the same function', (camel, snake, fn) => {
    expect(getActivation(camel)).toBe(fn);
    expect(getActivation(snake)).toBe(fn);
  });

  it('resolves Keras aliases: silu is swish, hard_swish is hard_silu', () => {
    expect(getActivation('silu')).toBe(activations.swish);
    expect(getActivation('hardSwish')).toBe(activations.hardSilu);
    expect(getActivation('hard_swish')).toBe(activations.hardSilu);
  });

  it('defaults to linear and passes functions through', () => {
    expect(getActivation(undefined)).toBe(activations.linear);
    expect(getActivation(null)).toBe(activations.linear);
    const custom = (x: tf.Tensor) => x;
    expect(getActivation(custom)).toBe(custom);
  });

  it('rejects an unknown name, listing the valid ones', () => {
    let message = '';
    try {
      getActivation('relu7');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/Unknown activation 'relu7'/);
    for (const [, snake] of NAMES) expect(message).toContain(snake);
  });
});

describe('serializeActivation', () => {
  it.each(NAMES)("writes Keras's name for %s and reads it back", (_camel, snake, fn) => {
    expect(serializeActivation(fn)).toBe(snake);
    expect(getActivation(serializeActivation(fn))).toBe(fn);
  });

  it('names a custom function after itself', () => {
    function doubled(x: tf.Tensor): tf.Tensor {
      return x;
    }
    expect(serializeActivation(doubled)).toBe('doubled');
    expect(serializeActivation([(x: tf.Tensor) => x][0]!)).toBe('custom_activation');
  });
});
