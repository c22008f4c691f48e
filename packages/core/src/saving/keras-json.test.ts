import { ValueError } from '../errors/errors.js';
import { describe, expect, it } from 'vitest';
import { classNameFromKeras, fromKerasJson, toKerasJson } from './keras-json.js';

describe('Keras JSON conversion', () => {
  const camel = {
    units: 8,
    useBias: true,
    batchInputShape: [null, 784],
    kernelInitializer: { className: 'VarianceScaling', config: { scale: 2, mode: 'fan_in', seed: null } },
    activation: 'hard_sigmoid',
    name: 'dense_Dense1',
  };
  const snake = {
    units: 8,
    use_bias: true,
    batch_input_shape: [null, 784],
    kernel_initializer: { class_name: 'VarianceScaling', config: { scale: 2, mode: 'fan_in', seed: null } },
    activation: 'hard_sigmoid',
    name: 'dense_Dense1',
  };

  it('converts keys (nested initializers included) and keeps values', () => {
    expect(toKerasJson(camel)).toEqual(snake);
    expect(fromKerasJson(snake)).toEqual(camel);
  });

  it('drops undefined entries, writes non-finite numbers as null, and maps tfjs class aliases', () => {
    expect(toKerasJson({ a: undefined, bValue: Number.NaN, list: [1, undefined] })).toEqual({ b_value: null, list: [1, null] });
    expect(fromKerasJson({ class_name: 'Model', config: { layers: [{ class_name: 'Model' }] } })).toEqual({
      className: 'Functional',
      config: { layers: [{ className: 'Functional' }] },
    });
    expect(classNameFromKeras('Dense')).toBe('Dense');
    expect(() => toKerasJson({ fn: () => 1 })).toThrow(/Cannot save a config value of type function/);
    expect(() => toKerasJson({ fn: () => 1 })).toThrow(ValueError);
  });
});
