import { describe, expect, it } from 'vitest';
import { formatPythonFloat, formatPythonTemplate } from './python-format.js';

describe('formatPythonTemplate', () => {
  const ints = new Set(['epoch']);
  it('formats the Keras checkpoint subset like Python str.format', () => {
    // Expected strings are what Python 3 prints for the same format calls.
    expect(formatPythonTemplate('ckpt-{epoch:02d}-{val_loss:.2f}', { epoch: 3, val_loss: 0.41234 }, ints)).toBe('ckpt-03-0.41');
    expect(formatPythonTemplate('{loss:.4e}', { loss: 0.000123456 })).toBe('1.2346e-04');
    expect(formatPythonTemplate('{loss:.3e}', { loss: 12345.678 })).toBe('1.235e+04');
    expect(formatPythonTemplate('{epoch}-{loss}', { epoch: 12, loss: 1 }, ints)).toBe('12-1.0');
    expect(formatPythonTemplate('{epoch:03d}|{loss:8.3f}|{acc:.1%}', { epoch: 7, loss: -2.5, acc: 0.876 }, ints)).toBe('007|  -2.500|87.6%');
    expect(formatPythonTemplate('{{literal}}-{epoch:02d}', { epoch: 100 }, ints)).toBe('{literal}-100');
  });

  it('names a missing field and an unsupported spec', () => {
    expect(() => formatPythonTemplate('w-{val_loss:.2f}', { loss: 1 })).toThrow(
      /Failed to format this callback filepath: "w-\{val_loss:.2f\}". Reason: no value for 'val_loss'. Available: loss/,
    );
    expect(() => formatPythonTemplate('{loss:x}', { loss: 1 })).toThrow(/format spec ':x' of \{loss\} is not supported/);
    expect(() => formatPythonTemplate('{loss:02d}', { loss: 0.5 })).toThrow(/needs an integer, got 0.5/);
  });
});

describe('formatPythonFloat', () => {
  it('matches Python repr', () => {
    expect([1, 0.25, 1e-7, 0.0001, 123456.5, 1e16, Number.NaN, Number.NEGATIVE_INFINITY].map(formatPythonFloat)).toEqual([
      '1.0',
      '0.25',
      '1e-07',
      '0.0001',
      '123456.5',
      '1e+16',
      'nan',
      '-inf',
    ]);
  });
});
