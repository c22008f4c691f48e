import { describe, expect, it } from 'vitest';
import { ValueError } from '../errors/errors.js';
import { Registry } from './registry.js';

describe('Registry', () => {
  const registry = new Registry<string>({ kind: 'optimizer' }).register(['SGD'], 'sgd').register(['RMSprop', 'rms_prop'], 'rmsprop');

  it('finds a value under any spelling of a registered name', () => {
    expect(registry.lookup('rmsprop')).toBe('rmsprop');
    expect(registry.lookup('RMS_prop')).toBe('rmsprop');
    expect(registry.get('sgd')).toBe('sgd');
    expect(registry.has('Sgd')).toBe(true);
    expect(registry.get('adam')).toBeUndefined();
    expect(registry.has('adam')).toBe(false);
  });

  it('throws a ValueError listing the names as written when unknown', () => {
    expect(() => registry.lookup('adamm')).toThrow(ValueError);
    expect(() => registry.lookup('adamm')).toThrow("Unknown optimizer 'adamm'. Valid optimizers: SGD, RMSprop, rms_prop.");
  });

  it('sorts the listing on request and takes a label and a fix', () => {
    const losses = new Registry<number>({ kind: 'loss', sorted: true, validLabel: 'Valid loss identifiers', hint: 'Or pass a function.' });
    losses.register(['mse', 'MSE'], 1).register('hinge', 2);
    expect(losses.names()).toEqual(['hinge', 'mse', 'MSE']);
    expect(() => losses.lookup('nope')).toThrow("Unknown loss 'nope'. Valid loss identifiers: hinge, mse, MSE. Or pass a function.");
    expect(losses.unknownError('nope', ['crossentropy']).message).toBe("Unknown loss 'nope'. Valid loss identifiers: crossentropy. Or pass a function.");
  });

  it('lets a later registration replace an earlier one and lists each name once', () => {
    const replaced = new Registry<number>({ kind: 'thing' }).register('a', 1).register('A', 2).register('a', 3);
    expect(replaced.lookup('a')).toBe(3);
    expect(replaced.names()).toEqual(['a', 'A']);
  });
});
