import { KerasError, ValueError } from '@keras-ts/common';
import { describe, expect, it } from 'vitest';
import { setNativeThreads } from './threads.js';

describe('setNativeThreads', () => {
  it('throws ValueError (a KerasError) for a thread count that is not a positive integer, before touching the addon', () => {
    for (const threads of [0, -2, 1.5, Number.NaN]) {
      expect(() => setNativeThreads(threads)).toThrow(ValueError);
      expect(() => setNativeThreads(threads)).toThrow(KerasError);
    }
    expect(() => setNativeThreads(0)).toThrow('setNativeThreads: threads must be a positive integer, got 0. Pass e.g. os.availableParallelism().');
  });
});
