import { KerasError } from '@keras-ts/common';
import { describe, expect, it } from 'vitest';
import { padSequences } from '../preprocessing/pad-sequences.js';
import {
  ChecksumError,
  DatasetError,
  DatasetFormatError,
  DatasetNotFoundError,
  DatasetValueError,
  DecompressionLimitError,
  UnpicklingError,
} from './errors.js';

describe('dataset errors', () => {
  it('are KerasErrors from @keras-ts/common and keep their own names', () => {
    const errors = [
      new DatasetValueError('bad option'),
      new DatasetFormatError('truncated'),
      new UnpicklingError('global not allowed'),
      new DecompressionLimitError('mnist.npz:x_train.npy', 1024, 'declares 4096 bytes uncompressed', 'nothing was inflated'),
      new ChecksumError('mnist.npz', 'sha256', 'aa', 'bb', 'https://example.test'),
      new DatasetNotFoundError('not found', ['/tmp/a']),
    ];
    for (const error of errors) {
      expect(error).toBeInstanceOf(DatasetError);
      expect(error).toBeInstanceOf(KerasError);
      expect(error.name).toBe(error.constructor.name);
    }
  });

  it('a bad preprocessing argument throws a DatasetValueError, catchable as KerasError', () => {
    expect(() => padSequences([[1, 2]], { maxlen: -1 })).toThrow(DatasetValueError);
    expect(() => padSequences([[1, 2]], { maxlen: -1 })).toThrow(KerasError);
  });
});
