import { describe, expect, it } from 'vitest';
import { BackendError, GraphError, InternalError, KerasError, MissingKernelError, NotCompiledError, PlatformError, ShapeError, ValueError } from './errors.js';

describe('error classes', () => {
  it('name themselves after their class and keep the message', () => {
    const error = new ShapeError('Dense expects rank 2, got [3].');
    expect(error.name).toBe('ShapeError');
    expect(error.message).toBe('Dense expects rank 2, got [3].');
    expect(String(error)).toBe('ShapeError: Dense expects rank 2, got [3].');
  });

  it('form one hierarchy under KerasError and Error', () => {
    expect(new ShapeError('x')).toBeInstanceOf(ValueError);
    expect(new GraphError('x')).toBeInstanceOf(ValueError);
    expect(new MissingKernelError('x')).toBeInstanceOf(BackendError);
    for (const ErrorClass of [ValueError, ShapeError, GraphError, NotCompiledError, BackendError, MissingKernelError, PlatformError, InternalError]) {
      const error = new ErrorClass('x');
      expect(error).toBeInstanceOf(KerasError);
      expect(error).toBeInstanceOf(Error);
    }
    expect(new NotCompiledError('x')).not.toBeInstanceOf(ValueError);
  });

  it('keeps a cause', () => {
    const cause = new Error('dlopen failed');
    expect(new BackendError('addon did not load', { cause }).cause).toBe(cause);
  });

  it('names subclasses defined elsewhere after themselves', () => {
    class DatasetError extends KerasError {}
    expect(new DatasetError('x').name).toBe('DatasetError');
  });
});
