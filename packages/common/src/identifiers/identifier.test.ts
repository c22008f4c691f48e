import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors/errors.js';
import { camelCaseKeys, lookupIdentifier, normalizeIdentifier, toCamelCase, toSnakeCase, unknownIdentifierError } from './identifier.js';

describe('identifiers', () => {
  it('normalizes camelCase, snake_case and class names to one key', () => {
    for (const spelling of ['categoricalCrossentropy', 'categorical_crossentropy', 'CategoricalCrossentropy', 'categorical-crossentropy']) {
      expect(normalizeIdentifier(spelling)).toBe('categoricalcrossentropy');
    }
  });

  it('converts between Keras snake_case and camelCase', () => {
    expect(toSnakeCase('BatchNormalization')).toBe('batch_normalization');
    expect(toSnakeCase('Conv2D')).toBe('conv2d');
    expect(toSnakeCase('GRUCell')).toBe('gru_cell');
    expect(toSnakeCase('kernelInitializer')).toBe('kernel_initializer');
    expect(toCamelCase('kernel_initializer')).toBe('kernelInitializer');
    expect(toCamelCase('beta_1')).toBe('beta1');
    expect(toCamelCase('useBias')).toBe('useBias');
    expect(camelCaseKeys({ initial_learning_rate: 0.1, decaySteps: 10, nested: { inner_key: 1 } })).toEqual({
      initialLearningRate: 0.1,
      decaySteps: 10,
      nested: { inner_key: 1 },
    });
  });

  it('looks identifiers up and lists the valid ones when unknown', () => {
    const table = new Map([['glorotuniform', 1]]);
    expect(lookupIdentifier('initializer', 'glorot_uniform', table, ['glorotUniform'])).toBe(1);
    expect(() => lookupIdentifier('initializer', 'glorot', table, ['glorotUniform'])).toThrow(ValueError);
    expect(() => lookupIdentifier('initializer', 'glorot', table, ['glorotUniform'])).toThrow(
      "Unknown initializer 'glorot'. Valid initializers: glorotUniform.",
    );
  });

  it('refuses identifiers that are not strings with a ValueError naming the kind', () => {
    const table = new Map([['relu', 1]]);
    expect(() => lookupIdentifier('activation', 7 as never, table, ['relu'])).toThrow(ValueError);
    expect(() => lookupIdentifier('activation', 7 as never, table, ['relu'])).toThrow('Expected the activation to be a name (a string), got 7 (a number).');
    expect(() => lookupIdentifier('activation', { a: 1 } as never, table, ['relu'])).toThrow('got {"a":1} (an object)');
    expect(() => normalizeIdentifier(null as never)).toThrow('Expected the identifier to be a name (a string), got null (null).');
  });

  it('words unknown-identifier errors with a label and a fix', () => {
    const error = unknownIdentifierError('loss', 'nope', ['mse', 'mae'], { validLabel: 'Valid loss identifiers', hint: 'Pass a Loss instance.' });
    expect(error).toBeInstanceOf(ValueError);
    expect(error.message).toBe("Unknown loss 'nope'. Valid loss identifiers: mse, mae. Pass a Loss instance.");
  });
});
